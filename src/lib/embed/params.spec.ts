import { describe, expect, it } from 'vitest';
import { embedSearch, parseEmbedParams, playgroundLink } from './params';
import { mayRunWithoutClick } from './safety';
import { htmlExample, iframeSnippet } from './snippet';

const parse = (query: string) => parseEmbedParams(new URLSearchParams(query));

describe('parseEmbedParams', () => {
	it('reads every parameter with the deep-link names', () => {
		const { params, problems } = parse(
			'url=https://mcp.example/mcp&transport=sse&era=2026-07-28&tool=echo&args={"message":"hi"}&theme=dark&readonly=1&autorun=true&title=Try%20echo&parentOrigin=https://docs.example/guide&allowOrigin=http://127.0.0.1:5000&reportRejected'
		);
		expect(problems).toEqual([]);
		expect(params).toEqual({
			url: 'https://mcp.example/mcp',
			transport: 'sse',
			era: 'modern',
			item: { kind: 'tool', name: 'echo' },
			args: { message: 'hi' },
			theme: 'dark',
			readonly: true,
			autorun: true,
			title: 'Try echo',
			parentOrigins: ['https://docs.example', 'http://127.0.0.1:5000'],
			reportRejected: true
		});
	});

	it('refuses non-http URLs and reports bad args, "*" origins and secrets without throwing', () => {
		expect(parse('url=javascript:alert(1)').params).toBeUndefined();
		expect(parse('').problems[0]).toMatch(/No server/);
		const { params, problems } = parse(
			'url=http://127.0.0.1:1/mcp&args=[1]&parentOrigin=*&token=abc&tool=a&prompt=b'
		);
		expect(params?.args).toEqual({});
		expect(params?.parentOrigins).toEqual([]);
		expect(params?.item).toEqual({ kind: 'tool', name: 'a' });
		expect(problems.join('\n')).toMatch(/JSON object/);
		expect(problems.join('\n')).toMatch(/Ignored parentOrigin "\*"/);
		expect(problems.join('\n')).toMatch(/Ignored token/);
		expect(problems.join('\n')).toMatch(/Name one item/);
		expect(JSON.stringify(params)).not.toContain('abc');
	});

	it('round-trips through embedSearch, and the playground link carries no embed-only state', () => {
		const { params } = parse(
			'url=https://mcp.example/mcp&resource=demo://x&args={"a":1}&parentOrigin=https://docs.example&autorun=1'
		);
		expect(parseEmbedParams(embedSearch(params!)).params).toEqual(params);
		const link = new URL(playgroundLink('http://127.0.0.1:4319/embed?x', params!));
		expect(link.pathname).toBe('/');
		expect(Object.fromEntries(link.searchParams)).toEqual({
			url: 'https://mcp.example/mcp',
			autoconnect: '1',
			resource: 'demo://x',
			args: '{"a":1}'
		});
	});
});

describe('mayRunWithoutClick', () => {
	it('allows reads and readOnlyHint tools only', () => {
		expect(mayRunWithoutClick({ kind: 'resource' }).allowed).toBe(true);
		expect(mayRunWithoutClick({ kind: 'prompt' }).allowed).toBe(true);
		expect(mayRunWithoutClick({ kind: 'tool', annotations: { readOnlyHint: true } }).allowed).toBe(
			true
		);
		for (const annotations of [undefined, {}, { readOnlyHint: 'true' }, { readOnlyHint: false }])
			expect(mayRunWithoutClick({ kind: 'tool', annotations }).allowed).toBe(false);
	});
});

describe('snippets', () => {
	it('escapes names and arguments that reach someone else’s HTML', () => {
		const { params } = parse(
			'url=https://mcp.example/mcp&tool="><script>x</script>&args={"q":"</script><b>"}'
		);
		const iframe = iframeSnippet('https://play.example', params!);
		expect(iframe).not.toMatch(/<script|<\/script/);
		expect(iframe).toContain('title="MCP tool: &quot;&gt;&lt;script&gt;');
		expect(iframe).toContain('src="https://play.example/embed?url=');
		const page = htmlExample('https://play.example/anything', params!);
		expect(page).toContain('const widgetOrigin = "https://play.example"');
		expect(page.match(/<script>/g)).toHaveLength(1);
	});
});
