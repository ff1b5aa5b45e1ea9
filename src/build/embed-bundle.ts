import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'vite';
import { EMBED_BOOT_FILE } from '../lib/embed/boot-path.js';

/** A path from the project's root. */
const path = (relative: string) => fileURLToPath(new URL(`../../${relative}`, import.meta.url));

/**
 * Builds the documentation widget (src/lib/embed/boot.ts) as its own bundle into the client
 * output, after SvelteKit's client build: `/embed` has `csr = false` and loads only this entry,
 * so a reader gets neither SvelteKit's router nor the parts of the Svelte runtime and shared
 * chunks only the playground uses (issue 7: ≤ 50 KB gzipped until the form shows). Its
 * styles come inlined in the server-rendered page, as for every page, so the bundle's CSS files
 * are not loaded; its chunks are hashed under _app/immutable/embed/, and
 * `.vite/embed-manifest.json` lists them (tests/bench/embed-size.js reads it).
 */
export function embedBundle(): Plugin {
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

