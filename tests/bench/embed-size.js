// @ts-check
/**
 * The embed's static-import closure: every JS and CSS file a browser must fetch before `/embed`'s
 * widget runs, gzipped. `/embed` has `csr = false` and loads only the widget's own bundle
 * (src/lib/embed/boot.ts, built by src/build/embed-bundle.ts): its manifest
 * (`.vite/embed-manifest.json` in the client output) is followed from that entry, *static*
 * imports only. It counts the bundle's own CSS file, although the browser takes those rules
 * from the server-rendered page instead (`npm run bench:ui` measures what is really fetched). For another route (or an older build without that manifest)
 * the closure is SvelteKit's: its client entry (`start`), the app entry, the root layout and the
 * page, read from `.vite/manifest.json` and the server's route table.
 *
 * This is a lower bound, not the budget's measure: the widget imports the MCP client and its
 * item form right after mount, before anyone can interact, so the reader pays for them on every
 * load. `npm run bench:ui` measures that in Chromium (`measureEmbedLoad` in ui-measures.js:
 * everything fetched until the form shows) and checks it against the same 50,000 bytes.
 *
 * `node tests/bench/embed-size.js` prints the numbers and exits 1 above the budget; run after
 * `npm run build`. `measureEmbedSize()` is exported for `npm run bench:ui`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

/** The budget: at most 50 KB gzipped (read strictly as 50,000 bytes). */
export const EMBED_BUDGET_GZIP_BYTES = 50_000;
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** @typedef {{ file: string, src?: string, isEntry?: boolean, imports?: string[], dynamicImports?: string[], css?: string[] }} Chunk */

/** The client output holding `.vite/manifest.json`: SvelteKit's, else adapter-node's copy. */
function clientDir() {
	for (const dir of ['.svelte-kit/output/client', 'build/client']) {
		if (existsSync(join(root, dir, '.vite/manifest.json'))) return join(root, dir);
	}
	throw new Error('No client manifest: run `npm run build` first.');
}

/**
 * The server node index whose page component is `routes/<route>/+page.svelte`.
 * @param {string} route
 */
function pageNodeIndex(route) {
	const dir = join(root, '.svelte-kit/output/server/nodes');
	const want = `pages${route === '/' ? '' : route}/_page.svelte.js`;
	for (const name of readdirSync(dir)) {
		if (readFileSync(join(dir, name), 'utf8').includes(want)) return Number.parseInt(name, 10);
	}
	throw new Error(`No page node for ${route} in ${dir}`);
}

/** @param {Record<string, Chunk>} manifest @param {string[]} keys */
function staticClosure(manifest, keys) {
	const seen = new Set();
	const visit = (/** @type {string} */ key) => {
		if (seen.has(key)) return;
		const chunk = manifest[key];
		if (!chunk) throw new Error(`Manifest has no ${key}`);
		seen.add(key);
		for (const next of chunk.imports ?? []) visit(next);
	};
	keys.forEach(visit);
	return [...seen].map((key) => /** @type {Chunk} */ (manifest[key]));
}

/** @param {string} dir @param {string} file @returns {Record<string, Chunk>} */
const readManifest = (dir, file) => JSON.parse(readFileSync(join(dir, '.vite', file), 'utf8'));

/**
 * `/embed`'s own bundle: the entry of `.vite/embed-manifest.json`, if the build has one.
 * @param {string} dir @param {string} route
 */
function widgetRoots(dir, route) {
	if (route !== '/embed' || !existsSync(join(dir, '.vite/embed-manifest.json'))) return undefined;
	const manifest = readManifest(dir, 'embed-manifest.json');
	const roots = Object.keys(manifest).filter((k) => manifest[k]?.isEntry);
	if (roots.length !== 1) throw new Error(`Expected one entry in embed-manifest.json: ${roots}`);
	return { manifest, roots };
}

/**
 * A SvelteKit page: the client entry, the app, the root layout and the page's node.
 * @param {string} dir @param {string} route
 */
function kitRoots(dir, route) {
	const manifest = readManifest(dir, 'manifest.json');
	const keys = Object.keys(manifest);
	const entry = keys.find((k) => k.endsWith('runtime/client/entry.js'));
	const app = keys.find((k) => /client-optimized\/app\.js$/.test(k));
	const node = (/** @type {number} */ i) =>
		keys.find((k) => k.endsWith(`client-optimized/nodes/${i}.js`));
	const roots = [entry, app, node(0), node(pageNodeIndex(route))];
	if (roots.some((k) => !k)) throw new Error(`Unexpected manifest layout: ${roots.join(', ')}`);
	return { manifest, roots: /** @type {string[]} */ (roots) };
}

/**
 * @param {string} [route] the page route (default `/embed`)
 * @returns {{ route: string, files: { file: string, raw: number, gzipped: number }[], js: number, css: number, total: number, lazy: number, budget: number }}
 */
export function measureEmbedSize(route = '/embed') {
	const dir = clientDir();
	const { manifest, roots } = widgetRoots(dir, route) ?? kitRoots(dir, route);
	const chunks = staticClosure(manifest, roots);
	const files = [...new Set(chunks.flatMap((c) => [c.file, ...(c.css ?? [])]))].map((file) => {
		const bytes = readFileSync(join(dir, file));
		return { file, raw: bytes.byteLength, gzipped: gzipSync(bytes, { level: 9 }).byteLength };
	});
	const sum = (/** @type {RegExp} */ re) =>
		files.filter((f) => re.test(f.file)).reduce((n, f) => n + f.gzipped, 0);
	const initial = new Set(chunks.map((c) => c.file));
	const lazyKeys = chunks.flatMap((c) => c.dynamicImports ?? []);
	const lazy = staticClosure(manifest, lazyKeys)
		.filter((c) => !initial.has(c.file))
		.reduce((n, c) => n + gzipSync(readFileSync(join(dir, c.file)), { level: 9 }).byteLength, 0);
	const js = sum(/\.js$/);
	const css = sum(/\.css$/);
	return { route, files, js, css, total: js + css, lazy, budget: EMBED_BUDGET_GZIP_BYTES };
}

/** Prints a report; returns false above the budget. */
export function reportEmbedSize(result = measureEmbedSize()) {
	const kb = (/** @type {number} */ n) => `${(n / 1000).toFixed(1)} KB`;
	for (const f of result.files) console.log(`  ${f.file.padEnd(52)} ${kb(f.gzipped).padStart(9)}`);
	console.log(
		`${result.route} initial JS+CSS gzipped: ${result.total} bytes (${kb(result.js)} JS + ${kb(result.css)} CSS); budget ${kb(result.budget)}; loaded later on demand: ${kb(result.lazy)}`
	);
	const ok = result.total <= result.budget;
	if (!ok)
		console.error(`FAIL: ${result.route} is ${result.total - result.budget} bytes over budget`);
	return ok;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	process.exitCode = reportEmbedSize() ? 0 : 1;
}
