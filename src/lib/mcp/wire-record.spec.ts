import { describe, expect, it } from 'vitest';
import { McpClient } from './client.js';
import { isJsonRpcRequest } from './jsonrpc.js';
import { createMemoryTransportPair } from './transports/memory.js';
import type { WireEvent } from './wire.js';

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
