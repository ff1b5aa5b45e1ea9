import { beforeEach, describe, expect, it } from 'vitest';
import { connect, detectedFor, forgetDetected } from './connect.js';
import { isTransportError } from './errors.js';
import type { WireEvent } from './wire.js';

interface Seen {
	method: string;
	url: string;
	body?: { method?: string };
}

/** A crafted server: `answer` decides each HTTP exchange; every request is recorded. */
function fakeFetch(answer: (seen: Seen) => Response | Promise<Response>) {
	const seen: Seen[] = [];
	const fetch = async (input: string | URL | Request, init?: RequestInit) => {
		const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
		const entry = { method: init?.method ?? 'GET', url: String(input), body };
		seen.push(entry);
		return answer(entry);
	};
	return { fetch, seen };
}

const json = (value: unknown, status = 200) =>
	new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });

const URL_ = 'http://127.0.0.1:9/mcp';

beforeEach(() => forgetDetected());

describe('connect()', () => {
	it.each([
		['network', false],
		['cors', true]
	])(
		'surfaces a %s TypeError without trying other eras or transports',
		async (kind, serverAnswersNoCors) => {
			const { fetch, seen } = fakeFetch(({ method }) => {
				if (method === 'GET' && serverAnswersNoCors) return new Response(null);
				throw new TypeError('Failed to fetch');
			});
			const error = await connect({ url: URL_, fetch }).catch((e: unknown) => e);
			expect(isTransportError(error) && error.kind).toBe(kind);
			// One MCP request, then only the reachability GET that tells CORS from the network.
			expect(seen.map((s) => s.method)).toEqual(['POST', 'GET']);
			expect(seen[0]?.body?.method).toBe('server/discover');
		}
	);

	it.each([401, 403])('surfaces HTTP %i without falling back', async (status) => {
		const { fetch, seen } = fakeFetch(() => new Response('no', { status }));
		const error = await connect({ url: URL_, fetch }).catch((e: unknown) => e);
		expect(error).toMatchObject({ kind: 'http', status });
		expect(seen.map((s) => s.body?.method)).toEqual(['server/discover']);
	});

	it('detects a modern server, caches it per origin', async () => {
		const { fetch } = fakeFetch(({ body }) =>
			json({
				jsonrpc: '2.0',
				id: (body as { id?: number })?.id,
				result: { resultType: 'complete', supportedVersions: ['2026-07-28'], capabilities: {} }
			})
		);
		const client = await connect({ url: URL_, fetch });
		expect(client.era).toBe('modern');
		expect(detectedFor('http://127.0.0.1:9/other')).toEqual({
			transport: 'streamable-http',
			era: 'modern'
		});
		await client.close();
	});

	it('legacy initialize answered 405 falls back to HTTP+SSE and says so', async () => {
		const events: WireEvent[] = [];
		const { fetch, seen } = fakeFetch(({ method }) =>
			method === 'POST'
				? new Response('nope', { status: 405 })
				: new Response('gone', { status: 404 })
		);
		const error = await connect({ url: URL_, fetch, wire: (e) => events.push(e) }).catch(
			(e: unknown) => e
		);
		expect(error).toBeInstanceOf(AggregateError);
		expect(seen.map((s) => `${s.method} ${s.body?.method ?? ''}`.trim())).toEqual([
			'POST server/discover',
			'POST initialize',
			'GET'
		]);
		expect(events.some((e) => e.type === 'info' && /HTTP\+SSE/.test(e.message))).toBe(true);
	});

	it('does not fall back to HTTP+SSE when initialize succeeded and initialized got 400', async () => {
		// What a browser sees when Mcp-Session-Id is not exposed: the session id is invisible, so
		// the next POST lacks it and the server answers 400. The server speaks Streamable HTTP.
		const { fetch, seen } = fakeFetch(({ body }) => {
			if (body?.method === 'initialize')
				return json({
					jsonrpc: '2.0',
					id: (body as { id?: number }).id,
					result: { protocolVersion: '2025-11-25', capabilities: {}, serverInfo: { name: 's' } }
				});
			return new Response('Bad Request: no valid session ID', { status: 400 });
		});
		const error = await connect({ url: URL_, fetch }).catch((e: unknown) => e);
		expect(error).toMatchObject({ kind: 'http', status: 400, afterInitialize: true });
		expect((error as Error).message).toMatch(/answered initialize but refused/);
		expect((error as { hint?: string }).hint).toMatch(/Mcp-Session-Id/);
		expect(seen.map((s) => `${s.method} ${s.body?.method ?? ''}`.trim())).toEqual([
			'POST server/discover',
			'POST initialize',
			'POST notifications/initialized'
		]);
	});
});
