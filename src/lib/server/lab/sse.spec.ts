import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	JSON_POST_HEADERS,
	LEGACY_INITIALIZE,
	sseEvents,
	type RawSseEvent
} from '../../../../tests/integration/raw-http.js';
import { startSseLabServer, type RunningSseServer } from './sse.js';

/** The lab's HTTP+SSE server over real HTTP, as a browser page on PAGE would use it. */
const PAGE = 'http://127.0.0.1:4319';
let server: RunningSseServer;

beforeAll(async () => {
	server = await startSseLabServer([PAGE]);
});
afterAll(async () => {
	await server.close();
});

interface Stream {
	response: Response;
	next(): Promise<RawSseEvent>;
	/** The POST URL the `endpoint` event announced, resolved against the stream's URL. */
	endpoint: string;
	abort(): void;
}

async function openStream(): Promise<Stream> {
	const controller = new AbortController();
	const response = await fetch(server.url, {
		headers: { origin: PAGE, accept: 'text/event-stream' },
		signal: controller.signal
	});
	const events = sseEvents(response)[Symbol.asyncIterator]();
	const next = async () => {
		const { value, done } = await events.next();
		if (done) throw new Error('the stream ended');
		return value;
	};
	const first = await next();
	expect(first.event).toBe('endpoint');
	return {
		response,
		next,
		endpoint: new URL(first.data, server.url).href,
		abort: () => controller.abort()
	};
}

function post(url: string, body: string, headers: Record<string, string> = {}) {
	return fetch(url, {
		method: 'POST',
		headers: { ...JSON_POST_HEADERS, origin: PAGE, ...headers },
		body
	});
}

describe('the lab HTTP+SSE server', () => {
	it('opens a stream whose first event names the POST endpoint, with CORS for the page', async () => {
		const stream = await openStream();
		expect(stream.response.status).toBe(200);
		expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
		expect(stream.response.headers.get('access-control-allow-origin')).toBe(PAGE);
		expect(stream.endpoint).toMatch(
			new RegExp(`^${server.messagesUrl}\\?sessionId=[0-9a-f-]{36}$`)
		);
		stream.abort();
	});

	it('answers POSTs 202 and puts the answers on the stream as message events', async () => {
		const stream = await openStream();
		const init = await post(stream.endpoint, JSON.stringify(LEGACY_INITIALIZE));
		expect(init.status).toBe(202);
		expect(init.headers.get('access-control-allow-origin')).toBe(PAGE);
		const answer = await stream.next();
		expect(answer.event).toBe('message');
		const result = JSON.parse(answer.data) as {
			id: number;
			result: { serverInfo: { name: string } };
		};
		expect(result.id).toBe(LEGACY_INITIALIZE.id);
		expect(result.result.serverInfo.name).toBe('cors-lab-sse');

		await post(
			stream.endpoint,
			JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })
		);
		const call = { name: 'echo', arguments: { text: 'over SSE' } };
		const sent = await post(
			stream.endpoint,
			JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: call })
		);
		expect(sent.status).toBe(202);
		const echoed = JSON.parse((await stream.next()).data) as { id: number; result: unknown };
		expect(echoed).toMatchObject({
			id: 2,
			result: { content: [{ type: 'text', text: 'over SSE' }] }
		});
		stream.abort();
	});

	it('answers a preflight for a JSON POST from the page', async () => {
		const response = await fetch(server.messagesUrl, {
			method: 'OPTIONS',
			headers: {
				origin: PAGE,
				'access-control-request-method': 'POST',
				'access-control-request-headers': 'content-type'
			}
		});
		expect(response.status).toBe(204);
		expect(response.headers.get('access-control-allow-origin')).toBe(PAGE);
		expect(response.headers.get('access-control-allow-methods')).toContain('POST');
		expect(response.headers.get('access-control-allow-headers')).toMatch(/Content-Type/i);
	});

	it('refuses another origin with 403 and no CORS headers', async () => {
		const response = await fetch(server.url, { headers: { origin: 'https://evil.example' } });
		expect(response.status).toBe(403);
		expect(response.headers.get('access-control-allow-origin')).toBeNull();
		expect(await response.text()).toContain('https://evil.example');
	});

	it('answers 404 for an unknown session and 400 without one', async () => {
		const unknown = await post(`${server.messagesUrl}?sessionId=nope`, '{}');
		expect(unknown.status).toBe(404);
		expect(unknown.headers.get('access-control-allow-origin')).toBe(PAGE);
		expect(await unknown.text()).toContain('Session not found: nope');
		const missing = await post(server.messagesUrl, JSON.stringify(LEGACY_INITIALIZE));
		expect(missing.status).toBe(400);
		expect(await missing.text()).toContain('no sessionId');
	});

	it('answers bad JSON and non-JSON-RPC bodies 400, saying which, and the session lives on', async () => {
		const stream = await openStream();
		const bad = await post(stream.endpoint, '{"jsonrpc": "2.0", ');
		expect(bad.status).toBe(400);
		expect(await bad.json()).toMatchObject({
			error: { code: -32700, message: expect.stringContaining('the body is not JSON') }
		});
		const notRpc = await post(stream.endpoint, '{"hello": "world"}');
		expect(notRpc.status).toBe(400);
		expect(await notRpc.json()).toMatchObject({
			error: { code: -32600, message: expect.stringContaining('not a JSON-RPC 2.0 message') }
		});
		expect((await post(stream.endpoint, JSON.stringify(LEGACY_INITIALIZE))).status).toBe(202);
		expect((await stream.next()).event).toBe('message');
		stream.abort();
	});

	it('drops the session when its stream closes', async () => {
		const stream = await openStream();
		stream.abort();
		let status = 0;
		for (let i = 0; i < 50 && status !== 404; i++) {
			await new Promise((r) => setTimeout(r, 20));
			status = (await post(stream.endpoint, JSON.stringify(LEGACY_INITIALIZE))).status;
		}
		expect(status).toBe(404);
	});

	it('points any other path at its two routes', async () => {
		const response = await fetch(server.url.replace('/sse', '/mcp'), { headers: { origin: PAGE } });
		expect(response.status).toBe(404);
		expect(await response.text()).toContain('GET /sse');
		expect((await post(server.url, '{}')).status).toBe(405);
	});
});
