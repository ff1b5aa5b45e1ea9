import { describe, expect, it } from 'vitest';
import { parseEmbedParams, playgroundLink } from '$lib/embed/params';
import { buildDeepLink, parseDeepLink, type LinkItem } from './deep-link';
import { isSecretArgName, withoutSecretArgs } from './link-secrets';
import { emptyConfig, type ServerConfig } from './server-config';

const BASE = 'http://127.0.0.1:4319/?old=1#token=abc';
const parse = (query: string) => parseDeepLink(new URLSearchParams(query));
const search = (link: string) => new URL(link).searchParams;

function httpConfig(patch: Partial<ServerConfig> = {}): ServerConfig {
	return { ...emptyConfig(), url: 'http://127.0.0.1:9/mcp', ...patch };
}

describe('parseDeepLink', () => {
	it('reads the target, autoconnect, the item and its arguments', () => {
		const link = parse(
			'url=http://127.0.0.1:9/mcp&transport=streamable-http&era=2026-07-28&autoconnect=1&tool=echo&args={"message":"hi","n":2}'
		);
		expect(link?.config).toMatchObject({
			url: 'http://127.0.0.1:9/mcp',
			transport: 'streamable-http',
			era: 'modern'
		});
		expect(link?.autoconnect).toBe(true);
		expect(link?.item).toEqual({ kind: 'tool', name: 'echo', args: { message: 'hi', n: 2 } });
		expect(link?.ignoredSecrets).toEqual([]);
		expect(link?.problems).toEqual([]);
	});

	it('reads a resource URI and a prompt; resources take no arguments', () => {
		const resource = parse('url=x&resource=demo://resource/static/document/a.md&args={"a":1}');
		expect(resource?.item).toEqual({
			kind: 'resource',
			name: 'demo://resource/static/document/a.md',
			args: {}
		});
		expect(parse('url=x&prompt=args-prompt&args={"city":"Paris"}')?.item).toEqual({
			kind: 'prompt',
			name: 'args-prompt',
			args: { city: 'Paris' }
		});
	});

	it('reports bad args and two items without throwing', () => {
		const bad = parse('url=x&tool=echo&args={nope');
		expect(bad?.item?.args).toEqual({});
		expect(bad?.problems.join('\n')).toMatch(/not valid JSON/);
		expect(parse('url=x&tool=echo&args=[1,2]')?.problems.join('\n')).toMatch(/JSON object/);
		const two = parse('url=x&prompt=p&tool=t');
		expect(two?.item?.kind).toBe('tool');
		expect(two?.problems.join('\n')).toMatch(/names tool and prompt/);
		expect(parse('url=x&args={"a":1}')?.problems.join('\n')).toMatch(/names no tool/);
		expect(parse('url=x&tool=')?.item).toBeUndefined();
	});

	it('never reads a secret: named parameters and credential-named arguments are ignored', () => {
		const link = parse(
			'url=x&token=abc&bearerToken=t&header=Authorization:x&tool=fetch&args={"apiKey":"k","url":"u","auth":{"access_token":"t","scope":"s"},"maxTokens":5}'
		);
		expect(link?.config.bearerToken).toBe('');
		expect(link?.config.headers).toEqual([]);
		expect(link?.ignoredSecrets).toEqual([
			'token',
			'bearerToken',
			'header',
			'args.apiKey',
			'args.auth.access_token'
		]);
		expect(link?.item?.args).toEqual({ url: 'u', auth: { scope: 's' }, maxTokens: 5 });
		expect(JSON.stringify(link)).not.toMatch(/abc|"k"|"t"|Authorization/);
	});

	it('never autoconnects a stdio command (spawning needs a click)', () => {
		const link = parse('command=npx&arg=-y&arg=server&autoconnect=1&tool=echo');
		expect(link?.autoconnect).toBe(false);
		expect(link?.config.stdio).toMatchObject({ command: 'npx', args: '-y\nserver' });
		expect(link?.item?.name).toBe('echo');
		expect(parse('tool=echo')).toBeUndefined();
	});
});

describe('buildDeepLink', () => {
	it('writes the target and the item, drops the base query and fragment', () => {
		const item: LinkItem = { kind: 'tool', name: 'echo', args: { message: 'hi' } };
		const link = buildDeepLink(BASE, httpConfig({ transport: 'sse', era: 'legacy' }), true, item);
		expect(link).not.toMatch(/old=|token/);
		expect(Object.fromEntries(search(link))).toEqual({
			url: 'http://127.0.0.1:9/mcp',
			transport: 'sse',
			era: 'legacy',
			autoconnect: '1',
			tool: 'echo',
			args: '{"message":"hi"}'
		});
	});

	it('never writes a secret: token, header values and credential-named arguments stay out', () => {
		const config = httpConfig({
			bearerToken: 'tok-123',
			headers: [{ name: 'X-Api-Key', value: 'hdr-456' }]
		});
		const item: LinkItem = {
			kind: 'tool',
			name: 'fetch',
			args: { password: 'pw-789', nested: { clientSecret: 'cs-0' }, query: 'q' }
		};
		const link = buildDeepLink(BASE, config, true, item);
		expect(link).not.toMatch(/tok-123|hdr-456|X-Api-Key|pw-789|cs-0|password|clientSecret/);
		expect(JSON.parse(search(link).get('args')!)).toEqual({ nested: {}, query: 'q' });
	});

	it('round-trips every item kind through parseDeepLink', () => {
		const items: LinkItem[] = [
			{ kind: 'tool', name: 'get-sum', args: { a: 1, b: 2, deep: { list: [1, 'two', null] } } },
			{ kind: 'prompt', name: 'args-prompt', args: { city: 'Zürich', state: 'ZH & co' } },
			{ kind: 'resource', name: 'demo://resource/dynamic/text/7?x=1&y=#frag', args: {} },
			{ kind: 'tool', name: 'no args', args: {} }
		];
		for (const item of items) {
			const config = httpConfig({ transport: 'streamable-http', era: 'modern' });
			const link = parseDeepLink(search(buildDeepLink(BASE, config, true, item)));
			expect(link?.item).toEqual(item);
			expect(link?.config).toEqual(config);
			expect(link?.autoconnect).toBe(true);
			expect(link?.problems).toEqual([]);
		}
	});

	it('round-trips a stdio target with an item, and a target without one', () => {
		const stdio = { ...emptyConfig(), transport: 'stdio' as const };
		stdio.stdio.command = 'npx';
		stdio.stdio.args = '-y\n@modelcontextprotocol/server-everything';
		const item: LinkItem = { kind: 'prompt', name: 'simple-prompt', args: {} };
		const back = parseDeepLink(search(buildDeepLink(BASE, stdio, true, item)));
		expect(back?.config).toEqual(stdio);
		expect(back?.item).toEqual(item);
		const plain = parseDeepLink(search(buildDeepLink(BASE, httpConfig(), false)));
		expect(plain?.item).toBeUndefined();
		expect(plain?.autoconnect).toBe(false);
	});

	it('reads the link the embed builds for "Open in the full playground"', () => {
		const { params } = parseEmbedParams(
			new URLSearchParams(
				'url=http://127.0.0.1:9/mcp&transport=streamable-http&tool=echo&args={"message":"hi","apiKey":"k"}&parentOrigin=https://docs.example&autorun=1'
			)
		);
		const written = playgroundLink('http://127.0.0.1:4319/embed', params!);
		expect(written).not.toMatch(/apiKey|autorun|parentOrigin/);
		const link = parseDeepLink(search(written));
		expect(link?.autoconnect).toBe(true);
		expect(link?.config).toMatchObject({
			url: 'http://127.0.0.1:9/mcp',
			transport: 'streamable-http'
		});
		expect(link?.item).toEqual({ kind: 'tool', name: 'echo', args: { message: 'hi' } });
	});
});

describe('link secrets', () => {
	it('judges argument names word by word', () => {
		for (const name of ['apiKey', 'API_KEY', 'x-api-key', 'accessToken', 'password', 'private_key'])
			expect(isSecretArgName(name), name).toBe(true);
		for (const name of ['key', 'maxTokens', 'header', 'keyword', 'monkey', 'message', 'tokenizer'])
			expect(isSecretArgName(name), name).toBe(false);
	});

	it('strips inside arrays and reports dotted paths', () => {
		expect(withoutSecretArgs({ list: [{ token: 1, a: 2 }] })).toEqual({
			args: { list: [{ a: 2 }] },
			dropped: ['list[0].token']
		});
	});
});
