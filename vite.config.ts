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

/** The module graph as the chunking step sees it. */
export interface ModuleGraph {
	/** The build's entries (SvelteKit: its client entry and app, and one per layout and page). */
	entries: readonly string[];
	/** Static imports of a module. */
	imports(id: string): readonly string[];
	/** Dynamic imports of a module (`import()`). */
	dynamicImports(id: string): readonly string[];
	/** Size of a module's code, to tell the small groups. */
	size(id: string): number;
	/**
	 * Whether every page loads an entry: SvelteKit's start and app, the root layout, and the root
	 * error page (its client imports both eagerly on start).
	 */
	everywhere(entry: string): boolean;
}

/** Groups smaller than this (characters of code before minification) are merged upwards. */
export const MIN_ROUTE_GROUP = 10_000;

/**
 * Assigns each module a chunk by which pages use it, so a page loads its code in a few files.
 *
 * Rolldown's automatic chunking splits by every combination of entries and lazily loaded parts
 * that share a module: the playground page came as 25 files, 11 of them under 1.2 KB, and a
 * page's module graph arrives six files at a time over HTTP/1.1 (five round trips before the
 * first MCP request). Here a module's group is the set of pages whose static graph holds it
 * (`s<i>`), plus the pages that load it only lazily (`l<i>`) so that a lazy import never pulls in
 * another page's code. Modules only ever loaded lazily are left to the bundler. A group smaller
 * than `min` joins the smallest big group that every one of its pages loads as early, else the
 * group every page loads: a few hundred bytes more for some pages instead of a file more for
 * all of them — unless the bundler would then drag the group's imports along with it.
 * Returns module id → group name ('all' for what every page loads).
 */
export function routeGroups(graph: ModuleGraph, min = MIN_ROUTE_GROUP): Map<string, string> {
	const isEntry = new Set(graph.entries);
	const labels = new Map<string, Set<string>>();
	const label = (id: string, name: string) =>
		labels.set(id, (labels.get(id) ?? new Set()).add(name));
	/** Everything reachable from `starts` by static imports, entries aside. */
	const closure = (starts: readonly string[], into = new Set<string>()) => {
		const stack = [...starts];
		for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
			if (into.has(id) || (isEntry.has(id) && !starts.includes(id))) continue;
			into.add(id);
			stack.push(...graph.imports(id));
		}
		return into;
	};
	graph.entries.forEach((entry, i) => {
		const name = graph.everywhere(entry) ? 'all' : String(i);
		const eager = closure([entry]);
		const lazy = new Set<string>();
		const pending = [...eager];
		for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
			for (const target of graph.dynamicImports(id)) {
				if (isEntry.has(target) || eager.has(target) || lazy.has(target)) continue;
				const added = [...closure([target])].filter((m) => !eager.has(m) && !lazy.has(m));
				for (const m of added) lazy.add(m);
				pending.push(...added);
			}
		}
		for (const id of eager) if (!isEntry.has(id)) label(id, name === 'all' ? 'all' : `s${name}`);
		for (const id of lazy) label(id, `l${name}`);
	});
	const groupOf = new Map<string, string>();
	const sizes = new Map<string, number>();
	for (const [id, names] of labels) {
		if (![...names].some((n) => n === 'all' || n.startsWith('s'))) continue;
		const group = names.has('all') ? 'all' : [...names].sort().join('_');
		groupOf.set(id, group);
		sizes.set(group, (sizes.get(group) ?? 0) + graph.size(id));
	}
	// The lightest group a group's modules import from (other than itself): merging it into a
	// heavier one would make the bundler drag those along (see routeChunks).
	const importsWeight = new Map<string, number>();
	for (const [id, group] of groupOf) {
		for (const next of graph.imports(id)) {
			const target = groupOf.get(next);
			if (target === undefined || target === group) continue;
			importsWeight.set(group, Math.min(importsWeight.get(group) ?? Infinity, weight(target)));
		}
	}
	const labelsOf = (group: string) => new Set(group.split('_'));
	// Every page that loads `small` (eagerly or lazily) loads `big` at least as early.
	const covers = (big: string, small: string) => {
		const have = labelsOf(big);
		return [...labelsOf(small)].every(
			(n) => have.has(n) || (n.startsWith('l') && have.has(`s${n.slice(1)}`))
		);
	};
	const bigGroups = [...sizes].filter(([, size]) => size >= min).map(([group]) => group);
	const merged = new Map<string, string>();
	for (const [group, size] of sizes) {
		if (size >= min || group === 'all') continue;
		const target =
			bigGroups
				.filter((other) => other !== 'all' && covers(other, group))
				.sort((a, b) => weight(a) - weight(b))[0] ?? 'all';
		if (!sizes.has(target) || weight(target) > (importsWeight.get(group) ?? Infinity)) continue;
		merged.set(group, target);
	}
	for (const [id, group] of groupOf) groupOf.set(id, merged.get(group) ?? group);
	return groupOf;
}

/**
 * Orders groups so that a module's imports are claimed first: they are used by at least the
 * same pages, each at least as early, so their weight is at least as large (a page that loads a
 * group eagerly counts 2, lazily 1); 'all' is the heaviest.
 */
export function weight(group: string): number {
	if (group === 'all') return Number.MAX_SAFE_INTEGER;
	return group.split('_').reduce((sum, n) => sum + (n.startsWith('s') ? 2 : 1), 0);
}

/**
 * The client build's chunks come from routeGroups(). Rolldown takes its groups before the module
 * graph exists, so each declared group names the modules of one weight, heaviest first: a
 * module's static imports are claimed before the module itself could drag them into its own
 * chunk. The server build and the embed's own bundle are left alone.
 */
function routeChunks(): Plugin {
	/** Group weights above this share the heaviest slot ('all' is always there). */
	const SLOTS = 128;
	let groups = new Map<string, string>();
	const slot = (wanted: number) => (id: string) => {
		const group = groups.get(id);
		return group && Math.min(weight(group), SLOTS) === wanted ? `route-${group}` : null;
	};
	return {
		name: 'mcp-playground:route-chunks',
		apply: 'build',
		enforce: 'post',
		config(config) {
			if (config.build?.ssr) return;
			const weights = Array.from({ length: SLOTS }, (_, i) => SLOTS - i);
			const codeSplitting = {
				groups: weights.map((wanted) => ({ name: slot(wanted), priority: wanted }))
			};
			return { build: { rollupOptions: { output: { codeSplitting } } } };
		},
		buildEnd() {
			if (this.environment.config.build.ssr) return;
			const ids = [...this.getModuleIds()];
			const rootNode = /[\\/]generated[\\/]client(-optimized)?[\\/]nodes[\\/][01]\.js$/;
			groups = routeGroups({
				entries: ids.filter((id) => this.getModuleInfo(id)?.isEntry),
				imports: (id) => this.getModuleInfo(id)?.importedIds ?? [],
				dynamicImports: (id) => this.getModuleInfo(id)?.dynamicallyImportedIds ?? [],
				size: (id) => this.getModuleInfo(id)?.code?.length ?? 0,
				everywhere: (id) => !/[\\/]nodes[\\/]\d+\.js$/.test(id) || rootNode.test(id)
			});
		},
		generateBundle(_, bundle) {
			if (this.environment.config.build.ssr) return;
			// The groups are a request; say so if the bundler put a module elsewhere.
			for (const chunk of Object.values(bundle)) {
				if (chunk.type !== 'chunk') continue;
				for (const id of chunk.moduleIds) {
					const group = groups.get(id);
					if (group && chunk.name !== `route-${group}` && !chunk.isEntry)
						this.warn(`${id} is in chunk ${chunk.name}, not route-${group}`);
				}
			}
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
	plugins: [sveltekit(), routeChunks(), completePreloads(), embedBundle()],
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
