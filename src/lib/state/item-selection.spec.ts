import { describe, expect, it } from 'vitest';
import { ItemSelection, sameTarget, type ItemListLike } from './item-selection.svelte';
import { emptyConfig, type ServerConfig } from './server-config';

const config = (url: string): ServerConfig => ({ ...emptyConfig(), url });
const SERVER = config('http://127.0.0.1:9/mcp');
const ALL = { tools: {}, resources: {}, prompts: {} };

/** A list that pages like PagedList: `pages` are handed out one per loadMore(). */
function list(pages: string[][]): ItemListLike<{ name: string }> & { calls: number } {
	const rest = pages.slice(1);
	const l = {
		items: (pages[0] ?? []).map((name) => ({ name })),
		loaded: true,
		loading: false,
		calls: 0,
		get hasMore() {
			return rest.length > 0;
		},
		async loadMore() {
			l.calls++;
			l.items = [...l.items, ...(rest.shift() ?? []).map((name) => ({ name }))];
		}
	};
	return l;
}
const byName = (x: { name: string }) => x.name;

describe('ItemSelection', () => {
	it('opens the linked tool on its tab once the list shows it, only once', () => {
		const s = new ItemSelection();
		s.request({ kind: 'tool', name: 'echo', args: { message: 'hi' } }, SERVER);
		expect(s.connected(SERVER, ALL)).toBe('tools');
		expect(s.take('prompt', list([['echo']]), byName)).toBeUndefined();
		const loading = { ...list([['echo']]), loaded: false };
		expect(s.take('tool', loading, byName)).toBeUndefined();
		const tools = list([['add', 'echo']]);
		expect(s.take('tool', tools, byName)).toEqual({
			kind: 'tool',
			name: 'echo',
			args: { message: 'hi' }
		});
		expect(s.take('tool', tools, byName)).toBeUndefined();
		expect(s.problem).toBeUndefined();
	});

	it('pages through the list looking for the item, then says it is not listed', async () => {
		const s = new ItemSelection();
		s.request({ kind: 'prompt', name: 'late', args: {} }, SERVER);
		const prompts = list([['a'], ['b'], ['late']]);
		expect(s.take('prompt', prompts, byName)).toBeUndefined();
		await Promise.resolve();
		expect(s.take('prompt', prompts, byName)).toBeUndefined();
		await Promise.resolve();
		expect(s.take('prompt', prompts, byName)?.name).toBe('late');
		expect(prompts.calls).toBe(2);

		s.request({ kind: 'tool', name: 'missing', args: {} }, SERVER);
		expect(s.take('tool', list([['echo']]), byName)).toBeUndefined();
		expect(s.problem).toMatch(/tool "missing", which this server does not list/);
		expect(s.pending).toBeUndefined();
	});

	it('hands over an unlisted resource URI (from a template) once the list is in', () => {
		const s = new ItemSelection();
		s.request({ kind: 'resource', name: 'demo://resource/dynamic/text/7', args: {} }, SERVER);
		const resources = list([['demo://a']]);
		expect(s.take('resource', resources, byName, true)?.name).toBe(
			'demo://resource/dynamic/text/7'
		);
		expect(s.problem).toBeUndefined();
	});

	it('drops the item for another server and explains a missing feature', () => {
		const s = new ItemSelection();
		s.request({ kind: 'tool', name: 'echo', args: {} }, SERVER);
		expect(s.connected(config('http://127.0.0.1:10/mcp'), ALL)).toBeUndefined();
		expect(s.pending).toBeUndefined();
		s.request({ kind: 'prompt', name: 'p', args: {} }, SERVER);
		expect(s.connected(SERVER, { tools: {} })).toBeUndefined();
		expect(s.problem).toMatch(/offers no prompts/);
	});

	it('tracks the open item for "Copy link"; hiding another kind keeps it', () => {
		const s = new ItemSelection();
		s.show({ kind: 'tool', name: 'echo', args: { message: 'x' } });
		s.hide('prompt');
		expect(s.current?.name).toBe('echo');
		s.hide('tool');
		expect(s.current).toBeUndefined();
	});

	it('compares targets by URL or by command line', () => {
		const stdio = { ...emptyConfig(), transport: 'stdio' as const };
		stdio.stdio.command = 'npx';
		expect(sameTarget(SERVER, config(' http://127.0.0.1:9/mcp '))).toBe(true);
		expect(sameTarget(SERVER, stdio)).toBe(false);
		expect(sameTarget(stdio, { ...stdio, stdio: { ...stdio.stdio, args: '-y' } })).toBe(false);
	});
});
