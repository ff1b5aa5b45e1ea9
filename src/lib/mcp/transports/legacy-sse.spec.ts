import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JsonRpcMessage } from '../jsonrpc.js';
import type { WireEvent } from '../wire.js';
import { LegacySseTransport, resolveEndpoint } from './legacy-sse.js';
import {
	controlledStream,
	event,
	flush,
	json,
	rejection,
	scriptedFetch,
	sse,
	type ScriptedFetch,
	type StreamControl
} from './mock-fetch.test-util.js';

const SSE_URL = 'http://127.0.0.1:9/sse';
const ping = { jsonrpc: '2.0', id: 1, method: 'ping' } as const;

interface Harness {
	transport: LegacySseTransport;
	server: ScriptedFetch;
	messages: JsonRpcMessage[];
	errors: Error[];
	wire: WireEvent[];
	closes: number;
}

function harness(options: { endpointTimeoutMs?: number; reconnect?: object } = {}): Harness {
	const server = scriptedFetch();
	const wire: WireEvent[] = [];
	const transport = new LegacySseTransport({
		url: SSE_URL,
		fetch: server.fetch,
		headers: { Authorization: 'Bearer t' },
		wire: (e) => wire.push(e),
		...options
	});
	const h: Harness = { transport, server, messages: [], errors: [], wire, closes: 0 };
	transport.onmessage = (m) => h.messages.push(m);
	transport.onerror = (e) => h.errors.push(e);
	transport.onclose = () => h.closes++;
	return h;
}

function openStream(h: Harness): () => StreamControl {
	let control: StreamControl | undefined;
	h.server.on((r) => {
		control = controlledStream(r.signal);
		return sse(control.stream);
	});
	return () => control!;
}

afterEach(() => vi.useRealTimers());

describe('resolveEndpoint', () => {
	it('resolves relative to the SSE URL and refuses another origin', () => {
		expect(resolveEndpoint('/messages?sessionId=abc', SSE_URL)).toBe(
			'http://127.0.0.1:9/messages?sessionId=abc'
		);
		expect(resolveEndpoint('messages', 'http://h/a/sse')).toBe('http://h/a/messages');
		expect(() => resolveEndpoint('http://evil.example/steal', SSE_URL)).toThrow(/another origin/);
		expect(() => resolveEndpoint('http://[bad', SSE_URL)).toThrow(/not a URL/);
	});
});

describe('LegacySseTransport', () => {
	it('starts on the endpoint event, delivers message events, POSTs with the headers', async () => {
		const h = harness();
		const stream = openStream(h);
		const started = h.transport.start();
		await vi.waitFor(() => expect(h.server.requests).toHaveLength(1));
		stream().push('event: endpoint\ndata: /messages?sessionId=abc\n\n');
		await started;
		expect(h.transport.endpoint).toBe('http://127.0.0.1:9/messages?sessionId=abc');
		const get = h.server.requests[0]!;
		expect(get.headers.get('accept')).toBe('text/event-stream');
		expect(get.headers.get('authorization')).toBe('Bearer t');

		h.server.on(() => new Response('Accepted', { status: 202 }));
		await h.transport.send(ping);
		const post = h.server.requests[1]!;
		expect(post).toMatchObject({
			method: 'POST',
			url: 'http://127.0.0.1:9/messages?sessionId=abc',
			body: JSON.stringify(ping)
		});
		expect(post.headers.get('content-type')).toBe('application/json');
		expect(post.headers.get('authorization')).toBe('Bearer t');

		stream().push(`event: message\n${event({ jsonrpc: '2.0', id: 1, result: {} })}`);
		await vi.waitFor(() => expect(h.messages).toEqual([{ jsonrpc: '2.0', id: 1, result: {} }]));
		await h.transport.close();
		expect(h.closes).toBe(1);
		expect(get.signal?.aborted).toBe(true);
	});

	it('refuses an endpoint on another origin and closes', async () => {
		const h = harness();
		const stream = openStream(h);
		const started = rejection(h.transport.start());
		await vi.waitFor(() => expect(h.server.requests).toHaveLength(1));
		stream().push('event: endpoint\ndata: https://elsewhere.example/messages\n\n');
		expect((await started).message).toMatch(/another origin/);
		expect(h.closes).toBe(1);
	});

	it('fails start when the stream ends before the endpoint event', async () => {
		const h = harness();
		const stream = openStream(h);
		const started = rejection(h.transport.start());
		await vi.waitFor(() => expect(h.server.requests).toHaveLength(1));
		stream().push(event({ jsonrpc: '2.0', method: 'x' }));
		stream().end();
		const error = await started;
		expect(error.kind).toBe('protocol');
		expect(error.message).toMatch(/ended before the endpoint event/);
	});

	it('fails start when no endpoint event arrives in time', async () => {
		vi.useFakeTimers();
		const h = harness({ endpointTimeoutMs: 3000 });
		openStream(h);
		const started = rejection(h.transport.start());
		await vi.advanceTimersByTimeAsync(3000);
		const error = await started;
		expect(error.kind).toBe('timeout');
		expect(error.hint).toMatch(/event: endpoint/);
	});

	it('explains an HTML page or an HTTP error instead of a stream', async () => {
		const h = harness();
		h.server.on(
			() => new Response('<!doctype html><p>hi</p>', { headers: { 'Content-Type': 'text/html' } })
		);
		expect((await rejection(h.transport.start())).message).toMatch(/HTML page/);
		const h2 = harness();
		h2.server.on(() => new Response('nope', { status: 404 }));
		expect(await rejection(h2.transport.start())).toMatchObject({ kind: 'http', status: 404 });
	});

	it('reconnects a dropped stream after retry ms with Last-Event-ID and the new endpoint', async () => {
		vi.useFakeTimers();
		const h = harness();
		const first = openStream(h);
		const started = h.transport.start();
		await flush();
		first().push('retry: 300\nid: 1\nevent: endpoint\ndata: /messages?sessionId=a\n\n');
		await started;
		first().fail(new TypeError('terminated'));
		const second = openStream(h);
		await vi.advanceTimersByTimeAsync(299);
		expect(h.server.requests).toHaveLength(1);
		await vi.advanceTimersByTimeAsync(1);
		await flush();
		expect(h.server.requests).toHaveLength(2);
		expect(h.server.requests[1]?.headers.get('last-event-id')).toBe('1');
		second().push('event: endpoint\ndata: /messages?sessionId=b\n\n');
		await flush(300);
		expect(h.transport.endpoint).toBe('http://127.0.0.1:9/messages?sessionId=b');
		const infos = h.wire
			.filter((e) => e.type === 'info')
			.map((e) => (e as { message: string }).message);
		expect(infos[0]).toMatch(/dropped \(The connection dropped.*\); reconnecting in 300 ms/);
		expect(infos[1]).toMatch(/new endpoint/);
		await h.transport.close();
	});

	it('reports and closes when reconnecting keeps failing', async () => {
		vi.useFakeTimers();
		const h = harness({ reconnect: { initialDelayMs: 100, maxRetries: 2 } });
		const first = openStream(h);
		const started = h.transport.start();
		await flush();
		first().push('event: endpoint\ndata: /m\n\n');
		await started;
		h.server.on(() => new Response('down', { status: 503 }));
		h.server.on(() => new Response('down', { status: 503 }));
		first().end();
		await vi.advanceTimersByTimeAsync(100 + 150);
		await flush();
		expect(h.server.requests).toHaveLength(3);
		expect(h.errors).toHaveLength(1);
		expect(h.errors[0]?.message).toMatch(/could not be reopened after 2 attempts/);
		expect(h.closes).toBe(1);
	});

	it('rejects a failed POST, and delivers a JSON-RPC error that answers it', async () => {
		const h = harness();
		const stream = openStream(h);
		const started = h.transport.start();
		await vi.waitFor(() => expect(h.server.requests).toHaveLength(1));
		stream().push('event: endpoint\ndata: /m\n\n');
		await started;
		h.server.on(() => new Response('Could not find session', { status: 404 }));
		expect(await rejection(h.transport.send(ping))).toMatchObject({ kind: 'http', status: 404 });
		const answer = { jsonrpc: '2.0', id: 1, error: { code: -32602, message: 'bad params' } };
		h.server.on(() => json(answer, { status: 400 }));
		await h.transport.send(ping);
		expect(h.messages).toEqual([answer]);
		await h.transport.close();
	});
});
