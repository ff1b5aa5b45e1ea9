// @ts-check
/**
 * `npm run bench:core-size`: how many bytes a browser downloads to connect to an MCP server and
 * list its tools with our core. Bundles tests/bench/core-size-entry.ts with esbuild (minified,
 * browser platform, ESM), gzips it with zlib, runs the bundle against the modern test server and
 * server-everything (so the number is the size of code that works), and fails above the budget.
 * Official clients already in node_modules are bundled the same way for comparison; nothing is
 * installed for it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { startEverything } from '../servers/everything.js';
import { startModernServer } from '../servers/modern.js';

/** The budget: at most 20 KB gzipped (read strictly as 20,000 bytes). */
const BUDGET_GZIP_BYTES = 20_000;
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * @param {{ entry?: string, source?: string }} input
 * @returns {Promise<{ code: string, minified: number, gzipped: number }>}
 */
async function bundle(input) {
	const result = await build({
		...(input.entry
			? { entryPoints: [input.entry] }
			: { stdin: { contents: input.source ?? '', resolveDir: root, loader: 'js' } }),
		bundle: true,
		minify: true,
		format: 'esm',
		platform: 'browser',
		target: 'es2022',
		alias: { $lib: join(root, 'src/lib') },
		write: false,
		logLevel: 'silent'
	});
	const file = result.outputFiles[0];
	if (!file) throw new Error('esbuild produced no output');
	return {
		code: file.text,
		minified: file.contents.byteLength,
		gzipped: gzipSync(file.contents).byteLength
	};
}

/**
 * Imports the bundle and lists tools on a modern and a legacy server with it.
 * @param {string} code
 */
async function proveItWorks(code) {
	const dir = await mkdtemp(join(tmpdir(), 'core-size-'));
	const modern = await startModernServer();
	const everything = await startEverything('streamableHttp');
	try {
		const file = join(dir, 'bundle.mjs');
		await writeFile(file, code);
		const { listToolNames } = await import(pathToFileURL(file).href);
		const modernTools = await listToolNames(modern.url);
		const legacyTools = await listToolNames(everything.url);
		if (!modernTools.includes('get-weather')) throw new Error(`modern server: got ${modernTools}`);
		if (!legacyTools.includes('echo')) throw new Error(`server-everything: got ${legacyTools}`);
		return `${modernTools.length} tools from the modern server, ${legacyTools.length} from server-everything`;
	} finally {
		await Promise.all([
			modern.close(),
			everything.close(),
			rm(dir, { recursive: true, force: true })
		]);
	}
}

/** Official clients that happen to be installed, bundled for the same job. */
function comparisons() {
	/** @type {Array<{ label: string, source: string }>} */
	const found = [];
	// Read package.json from disk: export maps may hide it from require().
	const installed = (/** @type {string} */ name) => {
		const file = join(root, 'node_modules', name, 'package.json');
		if (!existsSync(file)) return undefined;
		return /** @type {{ version: string }} */ (JSON.parse(readFileSync(file, 'utf8'))).version;
	};
	const v2 = installed('@modelcontextprotocol/client');
	if (v2) {
		found.push({
			label: `@modelcontextprotocol/client ${v2}`,
			source: `import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
export async function listToolNames(url) { const c = new Client({ name: 'b', version: '1' });
await c.connect(new StreamableHTTPClientTransport(new URL(url))); const r = await c.listTools(); await c.close(); return r.tools.map(t => t.name); }`
		});
	}
	const v1 = installed('@modelcontextprotocol/sdk');
	if (v1) {
		found.push({
			label: `@modelcontextprotocol/sdk ${v1} client (v1, a dependency of server-everything)`,
			source: `import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
export async function listToolNames(url) { const c = new Client({ name: 'b', version: '1' });
await c.connect(new StreamableHTTPClientTransport(new URL(url))); const r = await c.listTools(); await c.close(); return r.tools.map(t => t.name); }`
		});
	}
	return found;
}

/** @param {number} bytes */
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`.padStart(9);

async function main() {
	const core = await bundle({ entry: join(root, 'tests/bench/core-size-entry.ts') });
	const proof = await proveItWorks(core.code);
	console.log('connect + list tools, esbuild --minify --platform=browser --format=esm, zlib gzip');
	console.log(`${'minified'.padStart(9)} ${'gzipped'.padStart(9)}  bundle`);
	console.log(`${kb(core.minified)} ${kb(core.gzipped)}  our core (src/lib/mcp) — works: ${proof}`);
	for (const other of comparisons()) {
		try {
			const size = await bundle({ source: other.source });
			console.log(`${kb(size.minified)} ${kb(size.gzipped)}  ${other.label}`);
		} catch (error) {
			console.log(`   (could not bundle ${other.label}: ${String(error).split('\n')[0]})`);
		}
	}
	if (core.gzipped > BUDGET_GZIP_BYTES) {
		console.error(
			`FAIL: the core is ${core.gzipped} bytes gzipped; the budget is ${BUDGET_GZIP_BYTES}.`
		);
		process.exitCode = 1;
	} else {
		console.log(`OK: within the ${kb(BUDGET_GZIP_BYTES).trim()} gzipped budget.`);
	}
}

main().catch((error) => {
	console.error(`core-size benchmark failed: ${error instanceof Error ? error.message : error}`);
	process.exitCode = 1;
});
