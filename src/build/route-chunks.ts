import type { Plugin } from 'vite';

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
	const groupOf = new Map<string, string>();
	const sizes = new Map<string, number>();
	for (const [id, names] of usersOf(graph)) {
		if (![...names].some((n) => n === 'all' || n.startsWith('s'))) continue;
		const group = names.has('all') ? 'all' : [...names].sort().join('_');
		groupOf.set(id, group);
		sizes.set(group, (sizes.get(group) ?? 0) + graph.size(id));
	}
	const merged = mergeSmall(graph, groupOf, sizes, min);
	for (const [id, group] of groupOf) groupOf.set(id, merged.get(group) ?? group);
	return groupOf;
}

/**
 * Module → the pages that use it: `s<i>` when entry i's static graph holds it, `l<i>` when entry
 * i only reaches it through dynamic imports, `all` when an entry every page loads holds it.
 * Entries themselves are left out.
 */
function usersOf(graph: ModuleGraph): Map<string, Set<string>> {
	const isEntry = new Set(graph.entries);
	const users = new Map<string, Set<string>>();
	const add = (id: string, name: string) => users.set(id, (users.get(id) ?? new Set()).add(name));
	/** Everything reachable from `start` by static imports, other entries aside. */
	const closure = (start: string) => {
		const seen = new Set<string>();
		const stack = [start];
		for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
			if (seen.has(id) || (isEntry.has(id) && id !== start)) continue;
			seen.add(id);
			stack.push(...graph.imports(id));
		}
		return seen;
	};
	graph.entries.forEach((entry, i) => {
		const everywhere = graph.everywhere(entry);
		const eager = closure(entry);
		const lazy = new Set<string>();
		const pending = [...eager];
		for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
			for (const target of graph.dynamicImports(id)) {
				if (isEntry.has(target) || eager.has(target) || lazy.has(target)) continue;
				const added = [...closure(target)].filter((m) => !eager.has(m) && !lazy.has(m));
				for (const m of added) lazy.add(m);
				pending.push(...added);
			}
		}
		for (const id of eager) if (!isEntry.has(id)) add(id, everywhere ? 'all' : `s${i}`);
		for (const id of lazy) add(id, everywhere ? 'lall' : `l${i}`);
	});
	return users;
}

/**
 * Small group → the big group it joins: the lightest one every page of the small group loads at
 * least as early, else 'all'; none when the bundler would drag the small group's imports along
 * (it claims a group's static imports with it unless a heavier group took them first).
 */
function mergeSmall(
	graph: ModuleGraph,
	groupOf: ReadonlyMap<string, string>,
	sizes: ReadonlyMap<string, number>,
	min: number
): Map<string, string> {
	// The lightest group each group's modules import from, other than itself.
	const importsWeight = new Map<string, number>();
	for (const [id, group] of groupOf) {
		for (const next of graph.imports(id)) {
			const target = groupOf.get(next);
			if (target === undefined || target === group) continue;
			importsWeight.set(group, Math.min(importsWeight.get(group) ?? Infinity, weight(target)));
		}
	}
	const labelsOf = (group: string) => new Set(group.split('_'));
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
	return merged;
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
export function routeChunks(): Plugin {
	/** Group weights above this share the heaviest slot ('all' is always there). */
	const SLOTS = 128;
	let groups = new Map<string, string>();
	/** Module → the slot (weight) of its group, worked out once per build. */
	let slots = new Map<string, number>();
	const slot = (wanted: number) => (id: string) =>
		slots.get(id) === wanted ? `route-${groups.get(id)}` : null;
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
			slots = new Map([...groups].map(([id, group]) => [id, Math.min(weight(group), SLOTS)]));
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

