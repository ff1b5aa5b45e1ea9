// @ts-check
/**
 * The app under test for tests/bench/ui.js: a fresh production build (`vite build`, adapter-node
 * output), copied to a private folder so another helper's e2e build cannot swap files under a
 * running measurement, started with `node index.js`, and checked to be the built app (hashed
 * immutable assets, no Vite dev client) before anything is measured.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { freePort } from '../servers/free-port.js';

/**
 * Builds under /tmp/e2e.lock (the lock e2e runs take around their build) and copies build/ to
 * `dir`. With `reuse`, an existing copy is used as is (its age is printed). `minify: false`
 * keeps function names readable in traces (numbers then differ a little from the real build).
 * @param {string} root @param {string} dir @param {boolean} reuse @param {boolean} [minify]
 */
export function prepareBuild(root, dir, reuse, minify = true) {
	if (reuse && existsSync(join(dir, 'index.js'))) {
		const age = (Date.now() - statSync(join(dir, 'index.js')).mtimeMs) / 60_000;
		console.log(`reusing the build copied ${age.toFixed(0)} min ago (${dir})`);
		return;
	}
	const vite = join(root, 'node_modules/vite/bin/vite.js');
	// A fresh `npm ci` has no node_modules/.cache yet; `cp -r build <dir>` needs its parent.
	mkdirSync(dirname(dir), { recursive: true });
	const script = `"${process.execPath}" "${vite}" build --logLevel warn${minify ? '' : ' --minify false'} && rm -rf "${dir}" && cp -r build "${dir}"`;
	const started = Date.now();
	const built = spawnSync('flock', ['/tmp/e2e.lock', 'sh', '-c', script], {
		cwd: root,
		stdio: 'inherit'
	});
	if (built.status !== 0) throw new Error('vite build failed');
	console.log(`built in ${((Date.now() - started) / 1000).toFixed(0)} s → ${dir}`);
}

/**
 * Starts the copied build and proves it is the production build: the page must reference
 * hashed assets under /_app/immutable/ and nothing from the Vite dev server.
 * @param {string} dir
 */
export async function startApp(dir) {
	const port = await freePort();
	const child = spawn(process.execPath, [join(dir, 'index.js')], {
		env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), NODE_ENV: 'production' },
		stdio: 'ignore'
	});
	const base = `http://127.0.0.1:${port}`;
	const stop = () => child.kill();
	for (let i = 0; i < 100; i++) {
		const html = await fetch(base).then(
			(r) => (r.ok ? r.text() : undefined),
			() => undefined
		);
		if (html !== undefined) {
			if (!html.includes('/_app/immutable/') || html.includes('/@vite/client')) {
				stop();
				throw new Error('the app under test is not the production build');
			}
			return { base, stop };
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	stop();
	throw new Error('the built app did not start');
}
