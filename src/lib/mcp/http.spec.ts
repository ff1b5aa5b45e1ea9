import { afterEach, describe, expect, it, vi } from 'vitest';
import { bodyFormat, parseJsonRpc, readJsonMessages } from './http-body.js';
import { httpError, sendHttp, type HttpContext } from './http.js';
import type { FetchLike } from './transport.js';
import type { WireEvent } from './wire.js';
import { chunked, rejection } from './transports/mock-fetch.test-util.js';

const encoder = new TextEncoder();
const URL_ = 'http://127.0.0.1:9/mcp';

function context(fetch: FetchLike): HttpContext & { events: WireEvent[] } {
	const events: WireEvent[] = [];
	return { fetch, events, emit: (e) => events.push({ time: 0, ...e } as WireEvent) };
}

function respond(body: BodyInit | null, init: ResponseInit): FetchLike {
	return async () => new Response(body, init);
}

const post = {
	method: 'POST' as const,
	url: URL_,
	headers: { Authorization: 'Bearer secret-token-abcd' },
	body: '{}'
};

afterEach(() => vi.useRealTimers());

describe('sendHttp', () => {
	it('records request (secret redacted), visible response headers, and body size', async () => {
		const message = JSON.stringify({ jsonrpc: '2.0', id: 1, result: {} });
		const ctx = context(
			respond(chunked(message, 3), {
				status: 200,
				headers: { 'Content-Type': 'application/json; charset=utf-8', 'Mcp-Session-Id': 's1' }
			})
		);
		const exchange = await sendHttp(ctx, post);
		expect(exchange.mediaType).toBe('application/json');
		expect(await readJsonMessages(exchange, 1024)).toEqual([JSON.parse(message)]);
		const [request, response, end] = ctx.events;
		expect(request).toMatchObject({ type: 'http-request', method: 'POST', url: URL_, body: '{}' });
		expect(request?.type === 'http-request' && request.headers.Authorization).toBe('Bearer …abcd');
		expect(response).toMatchObject({
			type: 'http-response',
			status: 200,
			headers: { 'mcp-session-id': 's1' }
		});
		expect(end).toMatchObject({ type: 'http-body-end', bytes: encoder.encode(message).length });
		expect(new Set(ctx.events.map((e) => (e as { exchangeId?: string }).exchangeId)).size).toBe(1);
	});

	it('classifies a bare fetch TypeError as network when the server answers nothing at all', async () => {
		const ctx = context(async () => {
			throw new TypeError('Failed to fetch');
		});
		const error = await rejection(sendHttp(ctx, post));
		expect(error.kind).toBe('network');
		expect(error.message).toContain(URL_);
		expect(error.hint).toMatch(/running/);
		expect(ctx.events.at(-1)).toMatchObject({ type: 'failure', kind: 'network' });
	});

	it('classifies a bare fetch TypeError as cors when a no-cors GET gets an answer', async () => {
		const ctx = context(async (_input, init) => {
			if (init?.mode === 'no-cors') return new Response(null, { status: 200 });
			throw new TypeError('Failed to fetch');
		});
		const error = await rejection(sendHttp(ctx, post));
		expect(error.kind).toBe('cors');
		expect(error.message).toContain(`POST ${URL_}`);
		expect(error.hint).toMatch(/Access-Control-Allow-Origin/);
		expect(ctx.events.at(-1)).toMatchObject({ type: 'failure', kind: 'cors' });
	});

	it('names the Node cause code and tells TLS failures apart', async () => {
		const refused = Object.assign(new TypeError('fetch failed'), {
			cause: { code: 'ECONNREFUSED' }
		});
		const tls = Object.assign(new TypeError('fetch failed'), {
			cause: { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }
		});
		expect(
			(
				await rejection(
					sendHttp(
						context(() => Promise.reject(refused)),
						post
					)
				)
			).message
		).toMatch(/ECONNREFUSED/);
		expect(
			(
				await rejection(
					sendHttp(
						context(() => Promise.reject(tls)),
						post
					)
				)
			).kind
		).toBe('tls');
	});

	const hanging: FetchLike = (_url, init) =>
		new Promise((_, reject) => {
			init?.signal?.addEventListener('abort', () =>
				reject(new DOMException('aborted', 'AbortError'))
			);
		});

	it('reports the caller aborting as aborted', async () => {
		const controller = new AbortController();
		const pending = sendHttp(context(hanging), { ...post, signal: controller.signal });
		controller.abort();
		expect((await rejection(pending)).kind).toBe('aborted');
	});

	it('times out waiting for headers', async () => {
		vi.useFakeTimers();
		const pending = rejection(sendHttp(context(hanging), { ...post, timeoutMs: 5000 }));
		await vi.advanceTimersByTimeAsync(5000);
		const error = await pending;
		expect(error.kind).toBe('timeout');
		expect(error.message).toMatch(/within the time limit/);
	});
});

describe('httpError', () => {
	it('carries status, headers, a snippet, and the JSON-RPC error text', async () => {
		const body = JSON.stringify({
			jsonrpc: '2.0',
			id: null,
			error: { code: -32001, message: 'Session not found' }
		});
		const exchange = await sendHttp(
			context(respond(body, { status: 404, statusText: 'Not Found' })),
			post
		);
		const error = await httpError(exchange);
		expect(error).toMatchObject({ kind: 'http', status: 404, url: URL_ });
		expect(error.message).toBe(
			`The server answered 404 Not Found to POST ${URL_}: Session not found (code -32001)`
		);
		expect(error.bodySnippet).toBe(body);
		expect(error.hint).toMatch(/MCP endpoint/);
	});

	it("names no code when the error body has none (a web framework's JSON error)", async () => {
		const body = JSON.stringify({ type: 'error', error: { message: 'Method Not Allowed' } });
		const exchange = await sendHttp(
			context(respond(body, { status: 405, statusText: 'Method Not Allowed' })),
			post
		);
		expect((await httpError(exchange)).message).toBe(
			`The server answered 405 Method Not Allowed to POST ${URL_}: Method Not Allowed`
		);
	});

	it('bounds the snippet of a huge error page', async () => {
		const exchange = await sendHttp(context(respond('x'.repeat(5_000_000), { status: 502 })), post);
		const error = await httpError(exchange);
		expect(error.bodySnippet?.length).toBe(500);
		expect(error.hint).toMatch(/server failed/);
	});
});

describe('bodyFormat', () => {
	it('accepts JSON and event streams', async () => {
		const json = await sendHttp(
			context(respond('{}', { headers: { 'Content-Type': 'application/json' } })),
			post
		);
		const sse = await sendHttp(
			context(respond('', { headers: { 'Content-Type': 'text/event-stream' } })),
			post
		);
		expect(await bodyFormat(json)).toBe('json');
		expect(await bodyFormat(sse)).toBe('sse');
	});

	it('explains an HTML page answered with 200', async () => {
		const html = '<!DOCTYPE html><html><body>Welcome</body></html>';
		const exchange = await sendHttp(
			context(
				respond(html, { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' } })
			),
			post
		);
		const error = await rejection(bodyFormat(exchange));
		expect(error.kind).toBe('protocol');
		expect(error.message).toBe(
			`The server answered with an HTML page (status 200, text/html) instead of JSON-RPC — is ${URL_} the MCP endpoint?`
		);
		expect(error.bodySnippet).toBe(html);
	});

	it('names a wrong or missing content type', async () => {
		const plain = await sendHttp(
			context(respond('ok', { headers: { 'Content-Type': 'text/plain' } })),
			post
		);
		expect((await rejection(bodyFormat(plain))).message).toMatch(/Content-Type "text\/plain"/);
		const none = await sendHttp(
			context(async () => new Response(encoder.encode('ok'))),
			post
		);
		expect((await rejection(bodyFormat(none))).message).toMatch(/without a Content-Type/);
	});
});

describe('readJsonMessages', () => {
	const json = { headers: { 'Content-Type': 'application/json' } };

	it('decodes bodies split mid-UTF-8 character', async () => {
		const message = { jsonrpc: '2.0', id: 1, result: { text: 'grüße 世界 🎉' } };
		for (let size = 1; size <= 7; size++) {
			const exchange = await sendHttp(
				context(respond(chunked(JSON.stringify(message), size), json)),
				post
			);
			expect(await readJsonMessages(exchange, 1024)).toEqual([message]);
		}
	});

	it('says what was received when the body is not JSON', async () => {
		const exchange = await sendHttp(context(respond('event: message\ndata: {}', json)), post);
		const error = await rejection(readJsonMessages(exchange, 1024));
		expect(error.kind).toBe('bad-json');
		expect(error.message).toMatch(/is not JSON: received "event: message/);
		const empty = await sendHttp(context(respond('', json)), post);
		expect((await rejection(readJsonMessages(empty, 1024))).message).toMatch(/an empty body/);
	});

	it('refuses valid JSON that is not JSON-RPC', async () => {
		const exchange = await sendHttp(context(respond('{"result": 1}', json)), post);
		const error = await rejection(readJsonMessages(exchange, 1024));
		expect(error.kind).toBe('protocol');
		expect(error.message).toMatch(/not a JSON-RPC 2.0 message/);
	});

	it('stops reading a 50 MB body at the cap (streamed, no Content-Length)', async () => {
		const piece = encoder.encode('x'.repeat(1024 * 1024));
		let pulled = 0;
		const body = new ReadableStream<Uint8Array>({
			pull(controller) {
				if (pulled++ < 50) controller.enqueue(piece);
				else controller.close();
			}
		});
		const exchange = await sendHttp(context(respond(body, json)), post);
		const error = await rejection(readJsonMessages(exchange, 32 * 1024 * 1024));
		expect(error.kind).toBe('too-large');
		expect(error.message).toMatch(/larger than the 32 MiB limit/);
		expect(pulled).toBeLessThan(40);
	});

	it('refuses a declared Content-Length over the cap without reading', async () => {
		const headers = {
			'Content-Type': 'application/json',
			'Content-Length': String(50 * 1024 * 1024)
		};
		const exchange = await sendHttp(context(respond('{}', { headers })), post);
		expect((await rejection(readJsonMessages(exchange, 1024))).kind).toBe('too-large');
	});
});

describe('parseJsonRpc', () => {
	it('accepts a batch of messages', () => {
		const batch = [
			{ jsonrpc: '2.0', method: 'a' },
			{ jsonrpc: '2.0', id: 2, result: {} }
		];
		expect(parseJsonRpc(JSON.stringify(batch), 'x')).toEqual(batch);
		expect(() => parseJsonRpc('[]', 'x')).toThrow(/not a JSON-RPC/);
	});
});
