import { describe, expect, it } from 'vitest';
import { routeGroups, weight, type ModuleGraph } from '../../src/build/route-chunks';

interface Table {
	entries: string[];
	imports: Record<string, string[]>;
	lazy?: Record<string, string[]>;
	everywhere?: string[];
	/** Module sizes; 20,000 unless listed. */
	sizes?: Record<string, number>;
}

function graph(t: Table): ModuleGraph {
	return {
		entries: t.entries,
		imports: (id) => t.imports[id] ?? [],
		dynamicImports: (id) => t.lazy?.[id] ?? [],
		size: (id) => t.sizes?.[id] ?? 20_000,
		everywhere: (id) => t.everywhere?.includes(id) ?? false
	};
}

const groups = (t: Table, min = 10_000) => Object.fromEntries(routeGroups(graph(t), min));

describe('routeGroups', () => {
	it('puts each module with the pages whose static graph holds it', () => {
		expect(
			groups({
				entries: ['home', 'learn'],
				imports: { home: ['client', 'form'], learn: ['client', 'guide'], client: ['errors'] }
			})
		).toEqual({ client: 's0_s1', errors: 's0_s1', form: 's0', guide: 's1' });
	});

	it('leaves modules only ever loaded lazily to the bundler', () => {
		const result = groups({
			entries: ['home'],
			imports: { home: ['client'], panel: ['panel-part'] },
			lazy: { client: ['panel'] }
		});
		expect(result).toEqual({ client: 's0' });
	});

	it('keeps apart what another page loads lazily, so a lazy import never pulls in a page', () => {
		// learn loads the client lazily; home loads it with its page. Were client in home's
		// group, learn's lazy import would fetch all of home.
		expect(
			groups({
				entries: ['home', 'learn'],
				imports: { home: ['client', 'form'], learn: ['guide'] },
				lazy: { guide: ['client'] }
			})
		).toEqual({ client: 'l1_s0', form: 's0', guide: 's1' });
	});

	it('does not count a lazy use by the page that loads the module eagerly anyway', () => {
		expect(
			groups({
				entries: ['home'],
				imports: { home: ['form', 'client'], detail: ['client'] },
				lazy: { form: ['detail'] }
			})
		).toEqual({ client: 's0', form: 's0' });
	});

	it('groups what an entry every page loads reaches as "all", whoever else uses it', () => {
		const result = groups({
			entries: ['app', 'layout', 'home'],
			imports: { app: ['runtime'], layout: ['header'], home: ['runtime', 'form'] },
			everywhere: ['app', 'layout']
		});
		expect(result).toEqual({ runtime: 'all', header: 'all', form: 's2' });
	});

	it('never names an entry (SvelteKit imports those by file)', () => {
		expect(groups({ entries: ['home', 'learn'], imports: { home: ['shared'], learn: ['home'] } })).toEqual(
			{ shared: 's0' }
		);
	});

	it('merges a small group into the lightest big group every one of its pages loads', () => {
		const result = groups({
			entries: ['a', 'b', 'c'],
			imports: { a: ['ab', 'abc', 'small'], b: ['ab', 'abc', 'small'], c: ['abc'] },
			sizes: { small: 100 }
		});
		// small is used by a and b: it joins their group, not the one c loads too.
		expect(result).toMatchObject({ small: 's0_s1', ab: 's0_s1', abc: 's0_s1_s2' });
	});

	it('merges a small group only where its pages load the target at least as early', () => {
		const result = groups({
			entries: ['a', 'b'],
			imports: { a: ['tiny', 'shared'], b: ['tiny', 'page-b'] },
			lazy: { 'page-b': ['shared'] },
			sizes: { tiny: 100 }
		});
		// s0_s1 (tiny) cannot go into l1_s0 (shared): b would get it only lazily.
		expect(result).toMatchObject({ tiny: 's0_s1', shared: 'l1_s0' });
	});

	it('merges a small group with no big group over its pages into "all"', () => {
		const result = groups({
			entries: ['app', 'a', 'b', 'c'],
			imports: { app: ['runtime'], a: ['tiny'], b: ['tiny'], c: ['big'] },
			everywhere: ['app'],
			sizes: { tiny: 100 }
		});
		expect(result).toMatchObject({ tiny: 'all', big: 's3' });
	});

	it('does not merge a small group where the bundler would drag its imports along', () => {
		// tiny (pages a, b) imports helper (pages a, b, c), both small, and no big group covers
		// a and b: moving tiny into "all" would pull helper there before its own group is decided.
		const result = groups({
			entries: ['app', 'a', 'b', 'c'],
			imports: { app: ['runtime'], a: ['tiny'], b: ['tiny'], c: ['helper'], tiny: ['helper'] },
			everywhere: ['app'],
			sizes: { tiny: 100, helper: 100 }
		});
		expect(result).toMatchObject({ tiny: 's1_s2', helper: 'all' });
	});

	it('merges a small group into the big group of its imports when that covers its pages', () => {
		const result = groups({
			entries: ['app', 'a', 'b', 'c'],
			imports: { app: ['runtime'], a: ['tiny'], b: ['tiny'], c: ['helper'], tiny: ['helper'] },
			everywhere: ['app'],
			sizes: { tiny: 100 }
		});
		expect(result).toMatchObject({ tiny: 's1_s2_s3', helper: 's1_s2_s3' });
	});

	it('keeps a small group as it is when there is nothing to merge it into', () => {
		expect(
			groups({ entries: ['a', 'b'], imports: { a: ['tiny'], b: ['tiny'] }, sizes: { tiny: 100 } })
		).toEqual({ tiny: 's0_s1' });
	});
});

describe('weight', () => {
	it('is larger for a module’s imports than for the module (eager 2, lazy 1, "all" most)', () => {
		// An import of a module in l1_s0 is loaded by page 0 eagerly and by page 1 at least lazily.
		expect(weight('s0_s1')).toBeGreaterThan(weight('l1_s0'));
		expect(weight('l1_s0')).toBeGreaterThan(weight('s0'));
		expect(weight('all')).toBeGreaterThan(weight('s0_s1_s2_s3_s4_s5_s6_s7_s8_s9'));
	});
});
