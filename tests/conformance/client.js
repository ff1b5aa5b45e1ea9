#!/usr/bin/env node
/**
 * The conformance client command: `node tests/conformance/client.js <serverUrl>`.
 * Node 20 cannot run TypeScript, so this bundles harness.ts (and the core it imports) with
 * esbuild into tests/conformance/results/, keyed by a hash of the sources so parallel scenario
 * runs share one build and a stale bundle is never used, then runs it.
 */
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const outDir = join(here, 'results', 'bundle');

/**
 * Every .ts file the harness may import: the core and this folder.
 * @param {string} dir
 * @returns {Promise<string[]>}
 */
async function sources(dir) {
	const found = [];
	for (const entry of await readdir(dir, { withFileTypes: true })) {
		const path = join(dir, entry.name);
		if (entry.isDirectory() && entry.name !== 'results' && entry.name !== 'node_modules') {
			found.push(...(await sources(path)));
		} else if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
			found.push(path);
		}
	}
	return found;
}

async function bundle() {
	const files = [...(await sources(join(root, 'src', 'lib', 'mcp'))), ...(await sources(here))];
	const hash = createHash('sha256');
	for (const file of files.sort()) {
		hash.update(relative(root, file));
		hash.update(await readFile(file));
	}
	const outfile = join(outDir, `harness-${hash.digest('hex').slice(0, 16)}.mjs`);
	if (await stat(outfile).catch(() => null)) return outfile;
	await mkdir(outDir, { recursive: true });
	const result = await build({
		entryPoints: [join(here, 'harness.ts')],
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		write: false,
		logLevel: 'error'
	});
	// Write then rename: a concurrent run never imports a half-written file.
	const temp = `${outfile}.${process.pid}.tmp`;
	const [output] = result.outputFiles;
	if (!output) throw new Error('esbuild produced no bundle');
	await writeFile(temp, output.contents);
	await rename(temp, outfile);
	return outfile;
}

try {
	const { main } = await import(pathToFileURL(await bundle()).href);
	await main(process.argv.slice(2), process.env);
	process.exit(0);
} catch (error) {
	console.error(`conformance client failed: ${error instanceof Error ? error.stack : error}`);
	process.exit(1);
}
