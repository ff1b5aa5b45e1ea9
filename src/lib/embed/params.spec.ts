import { describe, expect, it } from 'vitest';
import { embedArgsLeftOut, embedSearch, parseEmbedParams, playgroundLink } from './params';
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

describe('credential-named arguments', () => {
	const { params: base } = parse('url=https://mcp.example/mcp&tool=search');
	const typed = {
		query: 'mcp',
		apiKey: 'sk-live-123',
		options: { password: 'hunter2', limit: 3, auth: { access_token: 'at-456' } },
		maxTokens: 100
	};
	const params = { ...base!, args: typed };
	const kept = { query: 'mcp', options: { limit: 3, auth: {} }, maxTokens: 100 };
	const leaks = /sk-live-123|hunter2|at-456|apiKey|password|access_token/;

	it('never reach the embed URL, the iframe snippet or the HTML example', () => {
		expect(JSON.parse(embedSearch(params).get('args') ?? '')).toEqual(kept);
		expect(iframeSnippet('https://play.example', params)).not.toMatch(leaks);
		expect(htmlExample('https://play.example', params)).not.toMatch(leaks);
		expect(embedArgsLeftOut(params)).toEqual([
			'apiKey',
			'options.password',
			'options.auth.access_token'
		]);
		expect(embedArgsLeftOut({ args: { query: 'x', key: 'k' } })).toEqual([]);
	});

	it('only credential-named arguments: no args parameter at all', () => {
		const search = embedSearch({ ...params, args: { password: 'x' } });
		expect(search.has('args')).toBe(false);
	});

	it('are not read from an embed URL either, and the widget says so', () => {
		const { params: read, problems } = parse(
			`url=https://mcp.example/mcp&tool=search&args=${encodeURIComponent(JSON.stringify(typed))}`
		);
		expect(read?.args).toEqual(kept);
		expect(problems.join('\n')).toMatch(
			/Ignored args\.apiKey, args\.options\.password, args\.options\.auth\.access_token/
		);
		expect(JSON.stringify(read)).not.toMatch(leaks);
	});

	it('are stripped from the "Open in the full playground" link (a parent may have set them)', () => {
		const link = new URL(playgroundLink('https://play.example/embed', base!, typed));
		expect(JSON.parse(link.searchParams.get('args') ?? '')).toEqual(kept);
		expect(link.href).not.toMatch(leaks);
		const none = new URL(playgroundLink('https://play.example/embed', base!, { token: 't' }));
		expect(none.searchParams.has('args')).toBe(false);
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
