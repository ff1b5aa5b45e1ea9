import { describe, expect, it } from 'vitest';
import type { Manifest } from 'vite';
import { withoutJsOnlyDynamicImports } from '../../src/build/complete-preloads';

/**
 * SvelteKit's find_deps, as in @sveltejs/kit/src/exports/vite/build/utils.js: the JS files a
 * page preloads. One `seen` set serves static and dynamic imports, so the order of the walk
 * decides whether a chunk that is both is listed.
 */
function kitPreloads(manifest: Manifest, entry: string): string[] {
	const seen = new Set<string>();
	const imports: string[] = [];
	const traverse = (key: string, addJs: boolean) => {
		if (seen.has(key)) return;
		seen.add(key);
		const chunk = manifest[key]!;
		if (addJs) imports.push(chunk.file);
		for (const next of chunk.imports ?? []) traverse(next, addJs);
		for (const next of chunk.dynamicImports ?? []) traverse(next, false);
	};
	traverse(entry, true);
	return imports.sort();
}

const chunk = (file: string, more: Partial<Manifest[string]> = {}) => ({ file, ...more });

// The playground's case: the core loads the header rules on demand, the doctor imports them.
const manifest: Manifest = {
	page: chunk('page.js', { isEntry: true, imports: ['core', 'doctor'] }),
	core: chunk('core.js', { dynamicImports: ['headers', 'panel'] }),
	doctor: chunk('doctor.js', { imports: ['headers'] }),
	headers: chunk('headers.js', { imports: ['values'] }),
	values: chunk('values.js'),
	panel: chunk('panel.js', { isDynamicEntry: true, imports: ['panel-style'] }),
	'panel-style': chunk('panel-style.js', { css: ['panel.css'] })
};

describe('withoutJsOnlyDynamicImports', () => {
	it('reproduces the gap: a chunk first seen as a dynamic import is not preloaded', () => {
		expect(kitPreloads(manifest, 'page')).toEqual(['core.js', 'doctor.js', 'page.js']);
	});

	it('lets every static import of the page be preloaded', () => {
		expect(kitPreloads(withoutJsOnlyDynamicImports(manifest), 'page')).toEqual([
			'core.js',
			'doctor.js',
			'headers.js',
			'page.js',
			'values.js'
		]);
	});

	it('keeps dynamic imports whose static closure has CSS, so their styles are still found', () => {
		const fixed = withoutJsOnlyDynamicImports(manifest);
		expect(fixed.core!.dynamicImports).toEqual(['panel']);
		expect(fixed.doctor).toEqual(manifest.doctor);
		expect(fixed.page!.dynamicImports).toBeUndefined();
	});

	it('terminates on import cycles', () => {
		const cyclic: Manifest = {
			a: chunk('a.js', { imports: ['b'], dynamicImports: ['b'] }),
			b: chunk('b.js', { imports: ['a'] })
		};
		expect(withoutJsOnlyDynamicImports(cyclic).a!.dynamicImports).toBeUndefined();
	});
});
