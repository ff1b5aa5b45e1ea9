import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Manifest, Plugin } from 'vite';

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
export function completePreloads(): Plugin {
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

