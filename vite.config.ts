import { sveltekit } from '@sveltejs/kit/vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Manifest, type Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { EMBED_BOOT_FILE } from './src/lib/embed/boot-path.js';

const path = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

/**
 * Builds the documentation widget (src/lib/embed/boot.ts) as its own bundle into the client
 * output, after SvelteKit's client build: `/embed` has `csr = false` and loads only this entry,
 * so a reader gets neither SvelteKit's router nor the parts of the Svelte runtime and shared
 * chunks only the playground uses (issue 7: ≤ 50 KB gzipped until the form shows). Its
 * styles come inlined in the server-rendered page, as for every page, so the bundle's CSS files
 * are not loaded; its chunks are hashed under _app/immutable/embed/, and
 * `.vite/embed-manifest.json` lists them (tests/bench/embed-size.js reads it).
 */
function embedBundle(): Plugin {
	let outDir: string | undefined;
	let minify: boolean | 'terser' | 'esbuild' | 'oxc' = true;
	let mode = 'production';
	return {
		name: 'mcp-playground:embed-bundle',
		apply: 'build',
		configResolved(config) {
			// SvelteKit runs the server build, then the client build into `.../output/client`.
			outDir = config.build.ssr ? undefined : config.build.outDir;
			minify = config.build.minify;
			mode = config.mode;
		},
		async closeBundle() {
			if (!outDir) return;
			await build({
				configFile: false,
				root: path('.'),
				mode,
				logLevel: 'warn',
				base: './',
				publicDir: false,
				// Reads svelte.config.js: the same preprocessing and compiler options (so the same
				// scoped class names) as the server-rendered page.
				plugins: [svelte()],
				resolve: { alias: { $lib: path('./src/lib') } },
				build: {
					outDir,
					emptyOutDir: false,
					copyPublicDir: false,
					minify,
					manifest: '.vite/embed-manifest.json',
					rollupOptions: {
						input: { embed: path('./src/lib/embed/boot.ts') },
						output: {
							// The MCP client in one chunk (rolldown would otherwise split off what it
							// shares with the transports loaded on demand: one more file to fetch, and
							// worse compression), without the parts loaded on demand.
							codeSplitting: {
								groups: [
									{
										name: 'mcp',
										test: /src[\\/]lib[\\/]mcp[\\/](?!sse\.ts|headers\.ts|fetch-failure\.ts|transports[\\/](legacy-sse|http-streams)\.ts)/
									}
								]
							},
							entryFileNames: EMBED_BOOT_FILE,
							chunkFileNames: '_app/immutable/embed/[hash].js',
							assetFileNames: '_app/immutable/embed/[name].[hash][extname]'
						}
					}
				}
			});
		}
	};
}

/**
 * The client build puts the Svelte and SvelteKit runtime modules every page loads into one chunk.
 * Left to automatic chunking they came as five files (two under 200 bytes), and a page's module
 * graph arrives six files at a time over HTTP/1.1: the playground needed 26 files before its
 * first MCP request, now 23, and every page's JS gets a little smaller. Only modules in some
 * page's static graph (`$initial`) are captured, so nothing loaded lazily moves forward.
 * The server build is left alone.
 */
function runtimeChunk(): Plugin {
	return {
		name: 'mcp-playground:runtime-chunk',
		enforce: 'post',
		config(config) {
			if (config.build?.ssr) return;
			return {
				build: {
					rollupOptions: {
						output: {
							codeSplitting: {
								groups: [
									{
										name: 'runtime',
										test: /node_modules[\\/](svelte|@sveltejs[\\/]kit|esm-env|devalue|clsx)[\\/]/,
										tags: ['$initial']
									}
								]
							}
						}
					}
				}
			};
		}
	};
}

/**
 * Keeps SvelteKit's preload list whole. SvelteKit builds a page's `Link: rel=modulepreload`
 * header by walking the client manifest (find_deps in @sveltejs/kit's build/utils.js) with one
 * `seen` set for static and dynamic imports: a chunk first met as a *dynamic* import is marked
 * seen without being listed, so when a later module imports it statically it is left out and
 * fetched only once that module has been parsed. The playground hit it: the core loads the
 * x-mcp-header rules on demand (for the embed), the request doctor imports them statically, and
 * the page's module graph waited a round trip for two chunks nobody had asked for.
 * The walk follows dynamic imports only to collect their CSS, so edges to chunks with no CSS or
 * assets anywhere in their static closure are dropped from the manifest once the client build
 * has written it (SvelteKit reads it after the build returns).
 */
function completePreloads(): Plugin {
	let manifestFile: string | undefined;
	return {
		name: 'mcp-playground:complete-preloads',
		apply: 'build',
		configResolved(config) {
			const { ssr, manifest, outDir } = config.build;
			manifestFile =
				ssr || !manifest
					? undefined
					: join(outDir, typeof manifest === 'string' ? manifest : '.vite/manifest.json');
		},
		writeBundle() {
			if (!manifestFile || !existsSync(manifestFile)) return;
			const chunks: Manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
			writeFileSync(manifestFile, JSON.stringify(withoutJsOnlyDynamicImports(chunks), null, 2));
		}
	};
}

/** The manifest without dynamic-import edges to chunks whose static closure has no CSS or assets. */
export function withoutJsOnlyDynamicImports(chunks: Manifest): Manifest {
	const styled = new Map<string, boolean>();
	const hasStyles = (key: string, path = new Set<string>()): boolean => {
		const known = styled.get(key);
		if (known !== undefined) return known;
		const chunk = chunks[key];
		if (!chunk || path.has(key)) return false;
		path.add(key);
		const result =
			Boolean(chunk.css?.length || chunk.assets?.length) ||
			(chunk.imports ?? []).some((next) => hasStyles(next, path));
		path.delete(key);
		styled.set(key, result);
		return result;
	};
	const out: Manifest = {};
	for (const [key, chunk] of Object.entries(chunks)) {
		const dynamicImports = chunk.dynamicImports?.filter((target) => hasStyles(target));
		out[key] = { ...chunk, dynamicImports };
		if (!dynamicImports?.length) delete out[key].dynamicImports;
	}
	return out;
}

export default defineConfig({
	plugins: [sveltekit(), runtimeChunk(), completePreloads(), embedBundle()],
	test: {
		include: [
			'src/**/*.spec.ts',
			'tests/integration/**/*.spec.ts',
			'tests/conformance/**/*.spec.ts',
			'tests/lint/**/*.spec.ts',
			'tests/build/**/*.spec.ts'
		],
		environment: 'node',
		testTimeout: 20_000,
		hookTimeout: 30_000
	}
});
