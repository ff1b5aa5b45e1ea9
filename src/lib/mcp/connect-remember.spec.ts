import { beforeEach, describe, expect, it } from 'vitest';
import { connect, detectedFor, forgetDetected, rememberDetected } from './connect.js';

const URL_ = 'http://127.0.0.1:9/mcp';
const json = (value: unknown) =>
	new Response(JSON.stringify(value), { headers: { 'content-type': 'application/json' } });

/** A crafted server of one era; records the JSON-RPC methods it was sent. */
function server(era: 'modern' | 'legacy') {
	const methods: string[] = [];
	const fetch = async (_input: string | URL | Request, init?: RequestInit) => {
		const body = typeof init?.body === 'string' ? JSON.parse(init.body) : undefined;
		methods.push(body?.method ?? init?.method ?? 'GET');
		if (body?.id === undefined) return new Response(null, { status: 202 });
		const id = body.id;
		if (era === 'legacy' && body.method === 'initialize')
			return json({
				jsonrpc: '2.0',
				id,
				result: { protocolVersion: '2025-11-25', capabilities: {}, serverInfo: { name: 'l' } }
			});
		if (era === 'modern' && body.method === 'server/discover')
			return json({
				jsonrpc: '2.0',
				id,
				result: { resultType: 'complete', supportedVersions: ['2026-07-28'], capabilities: {} }
			});
		return json({ jsonrpc: '2.0', id, error: { code: -32601, message: 'Method not found' } });
	};
	return { fetch, methods };
}

beforeEach(() => forgetDetected());

describe('rememberDetected', () => {
	it('lets an auto connection skip the modern probe for a remembered legacy server', async () => {
		const { fetch, methods } = server('legacy');
		rememberDetected(URL_, { transport: 'streamable-http', era: 'legacy' });
		const client = await connect({ url: URL_, fetch });
		expect(client.era).toBe('legacy');
		expect(methods.slice(0, 2)).toEqual(['initialize', 'notifications/initialized']);
		expect(methods).not.toContain('server/discover');
		await client.close();
	});

	it('detects again when the remembered answer is stale (the server moved to the modern era)', async () => {
		const { fetch, methods } = server('modern');
		rememberDetected(URL_, { transport: 'streamable-http', era: 'legacy' });
		const client = await connect({ url: URL_, fetch });
		expect(client.era).toBe('modern');
		expect(methods.slice(0, 2)).toEqual(['initialize', 'server/discover']);
		expect(detectedFor(URL_)).toEqual({ transport: 'streamable-http', era: 'modern' });
		await client.close();
	});

	it('never overrides what this page detected itself', () => {
		rememberDetected(URL_, { transport: 'streamable-http', era: 'modern' });
		rememberDetected(URL_, { transport: 'sse', era: 'legacy' });
		expect(detectedFor(URL_)).toEqual({ transport: 'streamable-http', era: 'modern' });
	});
});
