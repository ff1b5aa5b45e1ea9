import { describe, expect, it } from 'vitest';
import { RelayTransport } from './relay';
import { takeRelayToken, toMcpServersFile } from './relay-launch';
import type { WireEvent } from '../wire';
import type { FetchLike } from '../transport';
import { chunked } from './mock-fetch.test-util';

const frame = (id: number, event: string, data: string) =>
	`id: ${id}\nevent: ${event}\ndata: ${data}\n\n`;

interface Call {
	method: string;
	url: string;
	headers: Record<string, string>;
	body?: string;
}

function fakeRelay(streams: string[]): { fetch: FetchLike; calls: Call[] } {
	const calls: Call[] = [];
	const fetch: FetchLike = async (input, init = {}) => {
		const call: Call = {
			method: init.method ?? 'GET',
			url: String(input),
			headers: init.headers as Record<string, string>,
			body: init.body as string | undefined
		};
		calls.push(call);
		if (call.method === 'POST' && call.url.endsWith('/api/relay')) {
			return new Response('{"id":"abc"}', { status: 201 });
		}
		if (call.method === 'GET') {
			const text = streams.shift();
			if (text === undefined) return new Response('{"error":"No relay session"}', { status: 404 });
			if (text === 'OPEN') {
				// A stream that stays open until the transport aborts it.
				const open = new ReadableStream<Uint8Array>({
					start: (c) => c.enqueue(new TextEncoder().encode(': open\n\n'))
				});
				return new Response(open, { headers: { 'content-type': 'text/event-stream' } });
			}
			return new Response(chunked(text, 7), { headers: { 'content-type': 'text/event-stream' } });
		}
		if (call.method === 'POST') return new Response(null, { status: 202 });
		return new Response(null, { status: 204 });
	};
	return { fetch, calls };
}

function collect(transport: RelayTransport) {
	const wire: WireEvent[] = [];
	const messages: unknown[] = [];
	const errors: Error[] = [];
	let closes = 0;
	transport.wire = (e) => wire.push(e);
	transport.onmessage = (m) => messages.push(m);
	transport.onerror = (e) => errors.push(e);
	const closed = new Promise<void>((resolve) => {
		transport.onclose = () => {
			closes += 1;
			resolve();
		};
	});
	return { wire, messages, errors, closed, closes: () => closes };
}

describe('RelayTransport', () => {
	it('spawns, delivers stdout messages, reports stderr and non-JSON lines, and ends with the exit', async () => {
		const stream =
			': hello\n\n' +
			frame(1, 'stderr', 'Starting… ünïcode') +
			frame(2, 'stdout', '{"jsonrpc":"2.0","id":1,"result":{}}') +
			frame(3, 'stdout', 'Debug: not json') +
			frame(4, 'warning', '{"message":"stdout line 2 is not JSON","stream":"stdout"}') +
			frame(5, 'stdout-json', JSON.stringify('{"jsonrpc":"2.0","method":"n"}\r')) +
			frame(6, 'exit', '{"code":1,"signal":null,"stderrTail":["boom"]}');
		const { fetch, calls } = fakeRelay([stream]);
		const transport = new RelayTransport({
			command: 'node',
			args: ['s.js'],
			env: { A: 'b' },
			token: 'tok',
			fetch,
			baseUrl: 'http://127.0.0.1:1'
		});
		const seen = collect(transport);
		await transport.start();
		await seen.closed;
		expect(calls[0]).toMatchObject({ method: 'POST', url: 'http://127.0.0.1:1/api/relay' });
		expect(JSON.parse(calls[0]!.body!)).toEqual({
			command: 'node',
			args: ['s.js'],
			env: { A: 'b' }
		});
		expect(calls[0]!.headers['x-playground-token']).toBe('tok');
		expect(calls[1]).toMatchObject({ method: 'GET', url: 'http://127.0.0.1:1/api/relay/abc' });
		expect(seen.messages).toEqual([
			{ jsonrpc: '2.0', id: 1, result: {} },
			{ jsonrpc: '2.0', method: 'n' }
		]);
		expect(seen.errors).toHaveLength(1);
		expect(seen.errors[0]!.message).toMatch(/not a JSON-RPC message: Debug: not json/);
		const lines = seen.wire
			.filter((e) => e.type === 'stdio-line')
			.map((e) => e.type === 'stdio-line' && `${e.stream}:${e.line}`);
		expect(lines).toEqual([
			'stderr:Starting… ünïcode',
			'stdout:{"jsonrpc":"2.0","id":1,"result":{}}',
			'stdout:Debug: not json',
			'stdout:{"jsonrpc":"2.0","method":"n"}\r'
		]);
		expect(transport.exitInfo).toEqual({ code: 1, signal: null, stderrTail: ['boom'] });
		expect(seen.closes()).toBe(1);
		// The process is gone: no DELETE needed, and send fails clearly.
		expect(calls.some((c) => c.method === 'DELETE')).toBe(false);
		await expect(transport.send({ jsonrpc: '2.0', method: 'x' })).rejects.toThrow(/not running/);
	});

	it('sends one line per message and DELETEs on close', async () => {
		const { fetch, calls } = fakeRelay(['OPEN']);
		const transport = new RelayTransport({ command: 'x', token: 't', fetch, maxReconnects: 0 });
		const seen = collect(transport);
		await transport.start();
		await transport.send({ jsonrpc: '2.0', id: 7, method: 'ping' });
		const post = calls.find((c) => c.method === 'POST' && c.url === '/api/relay/abc');
		expect(post?.body).toBe('{"jsonrpc":"2.0","id":7,"method":"ping"}');
		expect(post?.headers['content-type']).toBe('application/json');
		expect(seen.wire.some((e) => e.type === 'stdio-line' && e.stream === 'stdin')).toBe(true);
		await transport.close();
		await transport.close();
		expect(calls.filter((c) => c.method === 'DELETE')).toHaveLength(1);
		expect(seen.closes()).toBe(1);
	});

	it('resumes a dropped stream with Last-Event-ID', async () => {
		const { fetch, calls } = fakeRelay([
			frame(1, 'stdout', '{"jsonrpc":"2.0","id":1,"result":{}}'),
			frame(2, 'exit', '{"code":0,"signal":null,"stderrTail":[]}')
		]);
		const transport = new RelayTransport({ command: 'x', token: 't', fetch });
		const seen = collect(transport);
		await transport.start();
		await seen.closed;
		const gets = calls.filter((c) => c.method === 'GET');
		expect(gets.map((g) => g.headers['last-event-id'])).toEqual(['0', '1']);
		expect(seen.messages).toHaveLength(1);
	});

	it('turns refusals into errors that say what to do', async () => {
		const fetch: FetchLike = async () =>
			new Response(
				'{"error":"Command \\"nope\\" was not found on PATH (searched: /bin).","hint":"Give the full path"}',
				{ status: 400 }
			);
		const transport = new RelayTransport({ command: 'nope', token: 't', fetch });
		await expect(transport.start()).rejects.toMatchObject({
			kind: 'http',
			status: 400,
			hint: 'Give the full path'
		});
		const unauthorized: FetchLike = async () => new Response('nope', { status: 401 });
		await expect(
			new RelayTransport({ command: 'x', token: 'old', fetch: unauthorized }).start()
		).rejects.toMatchObject({
			status: 401,
			hint: expect.stringMatching(/token changes every time/)
		});
		const down: FetchLike = async () => {
			throw new TypeError('fetch failed');
		};
		await expect(
			new RelayTransport({ command: 'x', token: 't', fetch: down }).start()
		).rejects.toMatchObject({ kind: 'network' });
	});
});

describe('relay launch helpers', () => {
	it('moves the token from the fragment to sessionStorage and out of the address bar', () => {
		const store = new Map<string, string>();
		const replaced: string[] = [];
		const host = {
			location: { hash: '#token=abc&server=x', pathname: '/', search: '?q=1' },
			history: {
				replaceState: (_d: unknown, _u: string, url?: string) => replaced.push(url ?? '')
			},
			sessionStorage: {
				getItem: (k: string) => store.get(k) ?? null,
				setItem: (k: string, v: string) => void store.set(k, v)
			}
		};
		expect(takeRelayToken(host)).toBe('abc');
		expect(replaced).toEqual(['/?q=1#server=x']);
		host.location.hash = '';
		expect(takeRelayToken(host)).toBe('abc');
	});
	it('exports servers in the mcpServers format', () => {
		expect(
			toMcpServersFile([
				{ name: 'a', transport: 'stdio', command: 'node', args: ['s.js'], env: {} },
				{ name: 'b', transport: 'streamable-http', url: 'https://x/mcp', headers: {} }
			])
		).toEqual({
			mcpServers: {
				a: { command: 'node', args: ['s.js'], env: {} },
				b: { type: 'http', url: 'https://x/mcp', headers: {} }
			}
		});
	});
});
