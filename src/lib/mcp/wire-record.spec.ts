import { describe, expect, it } from 'vitest';
import { McpClient } from './client.js';
import { isJsonRpcRequest } from './jsonrpc.js';
import { createMemoryTransportPair } from './transports/memory.js';
import { StreamableHttpTransport } from './transports/streamable-http.js';
import {
	json,
	scriptedFetch,
	sseText,
	type RecordedRequest
} from './transports/mock-fetch.test-util.js';
import type { WireEvent } from './wire.js';

const URL_ = 'https://mcp.example/mcp';

describe('the wire record', () => {
	it('holds every message exactly once: the transport records it, the client does not', async () => {
		const [clientSide, serverSide] = createMemoryTransportPair();
		serverSide.onmessage = (message) => {
			if (!isJsonRpcRequest(message)) return;
			const result =
				message.method === 'server/discover'
					? {
							supportedVersions: ['2026-07-28'],
							capabilities: { tools: {} },
							serverInfo: { name: 'memory', version: '1' }
						}
					: { tools: [] };
			void serverSide.send({ jsonrpc: '2.0', id: message.id, result });
		};
		await serverSide.start();
		const events: WireEvent[] = [];
		const client = new McpClient(clientSide, { era: 'modern', wire: (e) => events.push(e) });
		await client.connect();
		await client.listTools();
		const messages = events.filter((e) => e.type === 'message');
		const keys = messages.map((e) => `${e.direction} ${JSON.stringify(e.message)}`);
		expect(new Set(keys).size).toBe(keys.length);
		expect(messages.filter((e) => e.direction === 'outgoing').length).toBeGreaterThanOrEqual(1);
		expect(messages.filter((e) => e.direction === 'incoming').length).toBe(
			messages.filter((e) => e.direction === 'outgoing').length
		);
		await client.close();
	});
});

describe('the wire record of an HTTP connection', () => {
	it('ties each message to its request, exchange and era, and keeps SSE ids, event names and retry', async () => {
		const server = scriptedFetch();
		const reply = (r: RecordedRequest, result: unknown) => ({
			jsonrpc: '2.0',
			id: (JSON.parse(r.body ?? '{}') as { id: number }).id,
			result
		});
		server.on((r) =>
			json(
				reply(r, {
					resultType: 'complete',
					supportedVersions: ['2026-07-28'],
					capabilities: { tools: {} },
					serverInfo: { name: 'scripted', version: '1' }
				})
			)
		);
		server.on((r) =>
			sseText(
				`id: e-7\nevent: message\nretry: 1500\ndata: ${JSON.stringify(reply(r, { resultType: 'complete', tools: [] }))}\n\n`,
				r.signal
			)
		);
		const events: WireEvent[] = [];
		const transport = new StreamableHttpTransport({ url: URL_, fetch: server.fetch });
		const client = new McpClient(transport, { era: 'modern', wire: (e) => events.push(e) });
		await client.connect();
		await client.listTools();

		const [discover, list] = ['server/discover', 'tools/list'].map((method) => {
			const out = events.find(
				(e) =>
					e.type === 'message' &&
					e.direction === 'outgoing' &&
					'method' in e.message &&
					e.message.method === method
			);
			if (out?.type !== 'message' || !('id' in out.message)) throw new Error(`no ${method} sent`);
			const id = out.message.id;
			const back = events.find(
				(e) => e.type === 'message' && e.direction === 'incoming' && e.correlationId === id
			);
			return { out, back, id };
		});
		for (const { out, back, id } of [discover!, list!]) {
			expect(out).toMatchObject({ correlationId: id, era: 'modern' });
			expect(back).toMatchObject({ era: 'modern', exchangeId: out.exchangeId });
			// The HTTP exchange that carried it: request, response with its timing, body size.
			const exchange = events.filter((e) => 'exchangeId' in e && e.exchangeId === out.exchangeId);
			const request = exchange.find((e) => e.type === 'http-request');
			expect(request).toMatchObject({ method: 'POST', url: URL_ });
			const response = exchange.find((e) => e.type === 'http-response');
			expect(response?.type === 'http-response' && response.durationMs).toBeGreaterThanOrEqual(0);
			const end = exchange.find((e) => e.type === 'http-body-end');
			expect(end?.type === 'http-body-end' && end.bytes).toBeGreaterThan(0);
		}
		const sseRecords = events.filter((e) => e.type === 'sse-event');
		expect(sseRecords).toEqual([
			expect.objectContaining({
				exchangeId: list!.out.exchangeId,
				id: 'e-7',
				event: 'message',
				retry: 1500
			})
		]);
		expect(events.some((e) => e.type === 'failure')).toBe(false);
		await client.close();
	});
});
