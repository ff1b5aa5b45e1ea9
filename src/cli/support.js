// @ts-check
/** Side-effecting helpers of the launcher: building, finding a port, opening a browser. */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

/** Builds the app (vite build) when build/ is missing, e.g. on a fresh clone. @param {string} root */
export async function buildIfMissing(root) {
	if (existsSync(path.join(root, 'build', 'index.js'))) return;
	const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
	if (!existsSync(vite)) {
		throw new Error(
			`build/ is missing in ${root} and Vite is not installed to build it. Run "npm install && npm run build" there.`
		);
	}
	console.log('Building the playground (first run)…');
	const result = spawnSync(process.execPath, [vite, 'build'], { cwd: root, stdio: 'inherit' });
	if (result.status !== 0) throw new Error(`the build failed (exit ${result.status}).`);
}

/** A port the OS says is free on `host`. @param {string} host @returns {Promise<number>} */
export function freePort(host) {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, host, () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/** The platform's "open this URL" program, run without a shell. @param {string} url */
function openerFor(url) {
	if (process.platform === 'darwin') return { file: 'open', args: [url] };
	// `start` is a cmd builtin; the URL holds only [A-Za-z0-9:/.#=_-], nothing cmd would interpret.
	if (process.platform === 'win32') return { file: 'cmd', args: ['/c', 'start', '""', url] };
	return { file: 'xdg-open', args: [url] };
}

/** Opens `url` in the default browser when one is available; silent when none is. @param {string} url */
export function openBrowser(url) {
	const { file, args } = openerFor(url);
	const env = { ...process.env };
	delete env.PLAYGROUND_TOKEN;
	try {
		const child = spawn(file, args, { stdio: 'ignore', detached: true, env, shell: false });
		child.on('error', () => console.log('(No browser opener found: open the URL above yourself.)'));
		child.unref();
	} catch {
		console.log('(Could not open a browser: open the URL above yourself.)');
	}
}
