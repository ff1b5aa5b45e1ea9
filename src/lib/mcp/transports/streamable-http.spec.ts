import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JsonRpcMessage } from '../jsonrpc.js';
import type { AuthProvider } from '../transport.js';
import type { WireEvent } from '../wire.js';
import {
	controlledStream,
	event,
	flush,
	json,
	rejection,
	scriptedFetch,
	sse,
	sseText,
	type ScriptedFetch
} from './mock-fetch.test-util.js';
import { StreamableHttpTransport } from './streamable-http.js';
import { MAX_AUTH_ROUNDS } from './http-shared.js';

const URL_ = 'http://127.0.0.1:9/mcp';
const init = {
	jsonrpc: '2.0',
	id: 0,
	method: 'initialize',
	params: { protocolVersion: '2025-11-25' }
} as const;
const initialized = { jsonrpc: '2.0', method: 'notifications/initialized' } as const;
const list = { jsonrpc: '2.0', id: 1, method: 'tools/list' } as const;
const result = (id: number, extra = {}) => ({ jsonrpc: '2.0', id, result: { ...extra } });
const modernCall = {
	jsonrpc: '2.0',
	id: 5,
	method: 'tools/call',
	params: {
		name: 'wetter',
		arguments: { city: 'München' },
		_meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28' }
	}
} as const;

interface Harness {
	transport: StreamableHttpTransport;
	server: ScriptedFetch;
	messages: JsonRpcMessage[];
	errors: Error[];
	wire: WireEvent[];
}

function harness(options: { authProvider?: AuthProvider; reconnect?: object } = {}): Harness {
	const server = scriptedFetch();
	const wire: WireEvent[] = [];
	const transport = new StreamableHttpTransport({
		url: URL_,
		fetch: server.fetch,
		wire: (e) => wire.push(e),
		...options
	});
	const messages: JsonRpcMessage[] = [];
	const errors: Error[] = [];
	transport.onmessage = (m) => messages.push(m);
	transport.onerror = (e) => errors.push(e);
	return { transport, server, messages, errors, wire };
}

/** initialize → session s-1, version set, initialized → 202, GET → 405. */
async function legacySession(h: Harness): Promise<void> {
	h.server.on(() =>
		json(result(0, { protocolVersion: '2025-11-25' }), { headers: { 'Mcp-Session-Id': 's-1' } })
	);
	await h.transport.send(init);
	h.transport.setProtocolVersion('2025-11-25', 'legacy');
	h.server.on(() => new Response(null, { status: 202 }));
	h.server.on(() => new Response('Method Not Allowed', { status: 405 }));
	await h.transport.send(initialized);
	await vi.waitFor(() => expect(h.server.requests).toHaveLength(3));
}

afterEach(() => vi.useRealTimers());

describe('StreamableHttpTransport, legacy era', () => {
	it('captures the session, sends the version after initialize, and reads SSE answers', async () => {
		const h = harness();
		await legacySession(h);
		const [post, note, get] = h.server.requests;
		expect(post?.headers.get('accept')).toBe('application/json, text/event-stream');
		expect(post?.headers.get('content-type')).toBe('application/json');
		expect(post?.headers.has('mcp-protocol-version')).toBe(false);
		expect(post?.headers.has('mcp-method')).toBe(false);
		expect(h.transport.sessionId).toBe('s-1');
		expect(note?.headers.get('mcp-session-id')).toBe('s-1');
		expect(note?.headers.get('mcp-protocol-version')).toBe('2025-11-25');
		expect(get).toMatchObject({ method: 'GET' });
		expect(get?.headers.get('accept')).toBe('text/event-stream');

		const progress = {
			jsonrpc: '2.0',
			method: 'notifications/progress',
			params: { progressToken: 1, progress: 1 }
		};
		h.server.on((r) =>
			sseText(
				`: hi\r\n\r\n${event(progress)}event: message\n${event(result(1, { tools: [] }))}`,
				r.signal
			)
		);
		await h.transport.send(list);
		await vi.waitFor(() => expect(h.messages).toHaveLength(3));
		expect(h.messages.slice(1)).toEqual([progress, result(1, { tools: [] })]);
		expect(h.server.requests[3]?.headers.get('mcp-session-id')).toBe('s-1');
		expect(h.wire.filter((e) => e.type === 'sse-event')).toHaveLength(2);
		expect(h.errors).toEqual([]);
	});

	it('turns 404 on a session into a sessionExpired error and forgets the session', async () => {
		const h = harness();
		await legacySession(h);
		h.server.on(() => new Response('Session not found', { status: 404 }));
		const error = await rejection(h.transport.send(list));
		expect(error).toMatchObject({ kind: 'http', status: 404, sessionExpired: true });
		expect(error.message).toMatch(/session s-1/);
		expect(h.transport.sessionId).toBeUndefined();
		h.server.on(() => json(result(0)));
		await h.transport.send(init);
		expect(h.server.requests.at(-1)?.headers.has('mcp-session-id')).toBe(false);
	});

	it('resumes a dropped POST stream with GET + Last-Event-ID after exactly retry ms', async () => {
		vi.useFakeTimers();
		const h = harness();
		await legacySession(h);
		const resumedWith: (string | undefined)[] = [];
		h.server.on((r) => sseText('id: event-1\nretry: 500\ndata: \n\n', r.signal));
		await h.transport.send(list, { onResumption: (id) => resumedWith.push(id) });
		await vi.advanceTimersByTimeAsync(499);
		expect(h.server.requests).toHaveLength(4);
		h.server.on((r) => sseText(event(result(1), 'event-2'), r.signal));
		await vi.advanceTimersByTimeAsync(1);
		await flush();
		// Checked without vi.waitFor, which would advance the fake clock itself.
		expect(h.server.requests).toHaveLength(5);
		await flush();
		expect(h.messages.at(-1)).toEqual(result(1));
		const resume = h.server.requests[4];
		expect(resume?.method).toBe('GET');
		expect(resume?.headers.get('last-event-id')).toBe('event-1');
		expect(resume?.headers.get('mcp-session-id')).toBe('s-1');
		expect(resumedWith).toEqual(['event-1']);
		expect(h.errors).toEqual([]);
	});

	it('waits the default delay when the server sent no retry, and gives up after the retries', async () => {
		vi.useFakeTimers();
		const h = harness({ reconnect: { initialDelayMs: 1000, maxRetries: 2 } });
		await legacySession(h);
		h.server.on((r) => sseText('id: a\ndata: \n\n', r.signal));
		await h.transport.send(list);
		await vi.advanceTimersByTimeAsync(999);
		expect(h.server.requests).toHaveLength(4);
		h.server.on(() => new Response('down', { status: 503 }));
		h.server.on(() => new Response('down', { status: 503 }));
		await vi.advanceTimersByTimeAsync(1);
		await flush();
		expect(h.server.requests).toHaveLength(5);
		await vi.advanceTimersByTimeAsync(1499);
		await flush();
		expect(h.server.requests).toHaveLength(5);
		await vi.advanceTimersByTimeAsync(1);
		await flush();
		expect(h.errors).toHaveLength(1);
		expect(h.server.requests).toHaveLength(6);
		expect(h.errors[0]).toMatchObject({ requestId: 1 });
		expect(h.errors[0]?.message).toMatch(/ended before the response arrived/);
	});

	it('reports a stream cut without an event id against its request', async () => {
		const h = harness();
		await legacySession(h);
		h.server.on((r) => sseText('data: {"jsonrpc":"2.0","id":1,', r.signal));
		await h.transport.send(list);
		await vi.waitFor(() => expect(h.errors).toHaveLength(1));
		expect(h.errors[0]).toMatchObject({ kind: 'protocol', requestId: 1 });
		expect(h.errors[0]?.message).toMatch(/middle of an event/);
		expect(h.server.requests).toHaveLength(4);
	});

	it('keeps reading after a non-JSON event and reports it', async () => {
		const h = harness();
		await legacySession(h);
		h.server.on((r) => sseText(`data: not json\n\n${event(result(1))}`, r.signal));
		await h.transport.send(list);
		await vi.waitFor(() => expect(h.messages.at(-1)).toEqual(result(1)));
		expect(h.errors).toHaveLength(1);
		expect(h.errors[0]).toMatchObject({ kind: 'bad-json' });
		expect(h.errors[0]?.message).toMatch(/received "not json"/);
	});

	it('delivers server requests from the GET stream and reopens it with Last-Event-ID', async () => {
		vi.useFakeTimers();
		const h = harness();
		h.server.on(() => json(result(0), { headers: { 'Mcp-Session-Id': 's-1' } }));
		await h.transport.send(init);
		h.transport.setProtocolVersion('2025-11-25', 'legacy');
		const first = controlledStream();
		h.server.on(() => new Response(null, { status: 202 }));
		h.server.on(() => sse(first.stream));
		await h.transport.send(initialized);
		const ping = { jsonrpc: '2.0', id: 'srv-1', method: 'ping' };
		first.push(`retry: 200\n${event(ping, 'g1')}`);
		await vi.waitFor(() => expect(h.messages.at(-1)).toEqual(ping));
		first.fail(new TypeError('terminated'));
		h.server.on(() => sse(controlledStream().stream));
		await vi.advanceTimersByTimeAsync(200);
		await vi.waitFor(() => expect(h.server.requests).toHaveLength(4));
		expect(h.server.requests[3]?.headers.get('last-event-id')).toBe('g1');
		expect(h.wire.some((e) => e.type === 'info' && /reconnecting in 200 ms/.test(e.message))).toBe(
			true
		);
		await h.transport.close();
	});

	it('closes: aborts streams, DELETEs the session (405 is fine), calls onclose once', async () => {
		const h = harness();
		await legacySession(h);
		const open = controlledStream(undefined);
		h.server.on((r) => {
			r.signal?.addEventListener('abort', () =>
				open.fail(new DOMException('aborted', 'AbortError'))
			);
			return sse(open.stream);
		});
		await h.transport.send(list);
		let closes = 0;
		h.transport.onclose = () => closes++;
		h.server.on(() => new Response(null, { status: 405 }));
		await h.transport.close();
		await h.transport.close();
		expect(closes).toBe(1);
		const del = h.server.requests.at(-1);
		expect(del?.method).toBe('DELETE');
		expect(del?.headers.get('mcp-session-id')).toBe('s-1');
		expect(h.server.requests[3]?.signal?.aborted).toBe(true);
		expect((await rejection(h.transport.send(list))).kind).toBe('aborted');
		expect(h.errors).toEqual([]);
	});
});

describe('StreamableHttpTransport, modern era', () => {
	it('sends version (= _meta), Mcp-Method, Mcp-Name and Mcp-Param-*, never a session', async () => {
		const h = harness();
		h.transport.setProtocolVersion('2026-07-28', 'modern');
		h.server.on(() => json(result(5), { headers: { 'Mcp-Session-Id': 'ignored' } }));
		await h.transport.send(modernCall, {
			headers: { 'Mcp-Param-City': '=?base64?TcO8bmNoZW4=?=' }
		});
		const post = h.server.requests[0]!;
		expect(post.headers.get('mcp-protocol-version')).toBe('2026-07-28');
		expect(post.headers.get('mcp-method')).toBe('tools/call');
		expect(post.headers.get('mcp-name')).toBe('wetter');
		expect(post.headers.get('mcp-param-city')).toBe('=?base64?TcO8bmNoZW4=?=');
		expect(h.transport.sessionId).toBeUndefined();
		expect(h.messages).toEqual([result(5)]);
		h.server.on(() => json(result(6)));
		await h.transport.send({ ...modernCall, id: 6 });
		expect(h.server.requests[1]?.headers.has('mcp-session-id')).toBe(false);
	});

	it('delivers a JSON-RPC error body of a 400 as the answer (era detection needs its code)', async () => {
		const h = harness();
		h.transport.setProtocolVersion('2026-07-28', 'modern');
		const answer = {
			jsonrpc: '2.0',
			id: 5,
			error: {
				code: -32022,
				message: 'Unsupported protocol version',
				data: { supported: ['2025-11-25'] }
			}
		};
		h.server.on(() => json(answer, { status: 400 }));
		await h.transport.send(modernCall);
		expect(h.messages).toEqual([answer]);
	});

	it('reports a dropped stream against its request and never resumes', async () => {
		vi.useFakeTimers();
		const h = harness();
		h.transport.setProtocolVersion('2026-07-28', 'modern');
		h.server.on((r) => sseText('id: 1\nretry: 10\ndata: \n\n', r.signal));
		await h.transport.send(modernCall);
		await vi.advanceTimersByTimeAsync(5000);
		expect(h.errors).toHaveLength(1);
		expect(h.errors[0]).toMatchObject({ requestId: 5 });
		expect(h.server.requests).toHaveLength(1);
	});

	it('cancels by closing the response stream, without an error', async () => {
		const h = harness();
		h.transport.setProtocolVersion('2026-07-28', 'modern');
		const controller = new AbortController();
		let body: ReturnType<typeof controlledStream> | undefined;
		h.server.on((r) => {
			body = controlledStream(r.signal);
			return sse(body.stream);
		});
		await h.transport.send(modernCall, { signal: controller.signal });
		controller.abort();
		await vi.waitFor(() => expect(h.server.requests[0]?.signal?.aborted).toBe(true));
		await new Promise((r) => setTimeout(r, 10));
		expect(h.errors).toEqual([]);
		await h.transport.close();
		expect(h.server.requests).toHaveLength(1);
	});
});

describe('StreamableHttpTransport, failures', () => {
	it('rejects an HTML page answered with 200', async () => {
		const h = harness();
		h.server.on(
			() =>
				new Response('<html><body>Login</body></html>', {
					headers: { 'Content-Type': 'text/html' }
				})
		);
		const error = await rejection(h.transport.send(init));
		expect(error.kind).toBe('protocol');
		expect(error.message).toMatch(/HTML page \(status 200, text\/html\)/);
	});

	it('rejects a non-JSON body and a wrong content type', async () => {
		const h = harness();
		h.server.on(() => new Response('oops', { headers: { 'Content-Type': 'application/json' } }));
		expect((await rejection(h.transport.send(init))).kind).toBe('bad-json');
		h.server.on(() => new Response('oops', { headers: { 'Content-Type': 'text/plain' } }));
		expect((await rejection(h.transport.send(init))).message).toMatch(/text\/plain/);
	});

	it('fails the request whose SSE event is over the size limit', async () => {
		const h = harness();
		const small = new StreamableHttpTransport({
			url: URL_,
			fetch: h.server.fetch,
			maxMessageSize: 100
		});
		small.onerror = (e) => h.errors.push(e);
		h.server.on((r) => sseText(event(result(1, { big: 'x'.repeat(500) })), r.signal));
		await small.send(list);
		await vi.waitFor(() => expect(h.errors).toHaveLength(1));
		expect(h.errors[0]).toMatchObject({ kind: 'too-large', requestId: 1 });
	});

	it('asks the AuthProvider on 401 and repeats once with fresh headers', async () => {
		let token = 'old';
		const challenged: number[] = [];
		const asked: unknown[] = [];
		const authProvider: AuthProvider = {
			headers: async (request) => {
				asked.push(request);
				return { Authorization: `Bearer ${token}` };
			},
			handleChallenge: async (response) => {
				challenged.push(response.status);
				token = 'new';
				return true;
			}
		};
		const h = harness({ authProvider });
		h.server.on(
			() => new Response(null, { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } })
		);
		h.server.on(() => json(result(0)));
		await h.transport.send(init);
		expect(challenged).toEqual([401]);
		// A DPoP proof signs the method and URL, so the provider is told them.
		expect(asked).toEqual([
			{ url: URL_, method: 'POST' },
			{ url: URL_, method: 'POST' }
		]);
		expect(h.server.requests.map((r) => r.headers.get('authorization'))).toEqual([
			'Bearer old',
			'Bearer new'
		]);
		expect(h.messages).toEqual([result(0)]);
	});

	it('steps up on 403 insufficient_scope but not on a plain 403, and stops after MAX_AUTH_ROUNDS', async () => {
		const authProvider: AuthProvider = {
			headers: async () => ({}),
			handleChallenge: async () => true
		};
		const h = harness({ authProvider });
		const scope = {
			status: 403,
			headers: { 'WWW-Authenticate': 'Bearer error="insufficient_scope", scope="a b"' }
		};
		for (let i = 0; i <= MAX_AUTH_ROUNDS; i++) h.server.on(() => new Response(null, scope));
		expect(await rejection(h.transport.send(init))).toMatchObject({ kind: 'http', status: 403 });
		expect(h.server.requests).toHaveLength(MAX_AUTH_ROUNDS + 1);
		h.server.on(() => new Response('Origin not allowed', { status: 403 }));
		const error = await rejection(h.transport.send(init));
		expect(error.hint).toMatch(/Origin/);
		expect(h.server.requests).toHaveLength(MAX_AUTH_ROUNDS + 2);
	});

	it('keeps asking while each retry is challenged again (a DPoP nonce after a new token)', async () => {
		let rounds = 0;
		const authProvider: AuthProvider = {
			headers: async () => ({ Authorization: `DPoP t${rounds}` }),
			handleChallenge: async () => ++rounds > 0
		};
		const h = harness({ authProvider });
		h.server.on(
			() => new Response(null, { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } })
		);
		h.server.on(
			() =>
				new Response(null, {
					status: 401,
					headers: { 'WWW-Authenticate': 'DPoP error="use_dpop_nonce"', 'DPoP-Nonce': 'n1' }
				})
		);
		h.server.on(() => json(result(0)));
		await h.transport.send(init);
		expect(rounds).toBe(2);
		expect(h.messages).toEqual([result(0)]);
	});

	it("fails with the provider's reason when it refuses a challenge", async () => {
		const authProvider: AuthProvider = {
			headers: async () => ({}),
			handleChallenge: async () => {
				throw new Error('resource metadata names another server');
			}
		};
		const h = harness({ authProvider });
		h.server.on(
			() => new Response(null, { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } })
		);
		const error = await rejection(h.transport.send(init));
		expect(error).toMatchObject({ kind: 'http', status: 401 });
		expect(error.message).toMatch(/resource metadata names another server/);
	});

	it('rejects with a network error when fetch throws a TypeError (CORS in a browser)', async () => {
		const h = harness();
		const transport = new StreamableHttpTransport({
			url: URL_,
			fetch: async () => {
				throw new TypeError('Failed to fetch');
			}
		});
		const error = await rejection(transport.send(init));
		expect(error.kind).toBe('network');
		expect(error.hint).toMatch(/CORS/);
		expect(h.errors).toEqual([]);
	});
});
