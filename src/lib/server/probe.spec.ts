import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeCors } from '$lib/mcp/cors/analyze';
import { connectionNeeds } from '$lib/mcp/cors/needs';
import { startEverything } from '../../../tests/servers/everything.js';
import { parseProbeInput, plannedRequests, probeCors } from './probe.js';

const PAGE = 'http://127.0.0.1:4319';

describe('the probe asks for every header the connection will send', () => {
	let server: Awaited<ReturnType<typeof startEverything>>;
	beforeAll(async () => {
		server = await startEverything('streamableHttp');
	});
	afterAll(async () => {
		await server?.close();
	});

	it('lists askHeaders in Access-Control-Request-Headers, once each', () => {
		const sent = plannedRequests(
			parseProbeInput({
				url: 'http://127.0.0.1:9/mcp',
				origin: PAGE,
				requestHeaders: { Authorization: 'Bearer x' },
				askHeaders: ['authorization', 'MCP-Protocol-Version', 'Mcp-Session-Id']
			})
		);
		const acrh = sent.preflight.headers.find(([n]) => n === 'Access-Control-Request-Headers');
		expect(acrh?.[1].split(',').sort()).toEqual(
			['authorization', 'content-type', 'mcp-protocol-version', 'mcp-session-id'].sort()
		);
	});

	it('refuses askHeaders that are not header names', () => {
		expect(() =>
			parseProbeInput({ url: 'http://127.0.0.1:9/', origin: PAGE, askHeaders: ['a\r\nb: c'] })
		).toThrow(/invalid header name/);
		expect(() =>
			parseProbeInput({ url: 'http://127.0.0.1:9/', origin: PAGE, askHeaders: 'x' })
		).toThrow(/array/);
	});

	it('reports no Allow-Headers problem for a server that reflects the requested headers', async () => {
		// server-everything answers preflights by reflecting Access-Control-Request-Headers.
		const needs = connectionNeeds({ pageOrigin: PAGE, targetUrl: server.url, era: 'legacy' });
		const input = {
			url: new URL(server.url),
			origin: PAGE,
			method: 'POST',
			era: 'legacy' as const
		};
		const without = await probeCors({ ...input, requestHeaders: {} });
		const withAsk = await probeCors({
			...input,
			requestHeaders: {},
			askHeaders: needs.requestHeaders
		});
		const allowHeaders = (observed: typeof without) =>
			analyzeCors({ needs, observed }).filter((p) => p.header === 'Access-Control-Allow-Headers');
		expect(allowHeaders(without).length).toBeGreaterThan(0);
		expect(allowHeaders(withAsk)).toEqual([]);
	});
});
