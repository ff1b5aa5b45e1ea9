import { describe, expect, it } from 'vitest';
import type { JsonRpcMessage } from '../jsonrpc.js';
import type { WireEvent } from '../wire.js';
import { createMemoryTransportPair } from './memory.js';

const ping = { jsonrpc: '2.0', id: 1, method: 'ping' } as const;

describe('createMemoryTransportPair', () => {
	it('delivers asynchronously, in order, as copies', async () => {
		const [client, server] = createMemoryTransportPair();
		const received: JsonRpcMessage[] = [];
		server.onmessage = (m) => received.push(m);
		await client.start();
		await server.start();
		const message = { jsonrpc: '2.0', id: 1, method: 'ping', params: { n: 1 } } as const;
		const sent = client.send(message);
		expect(received).toEqual([]);
		await sent;
		await client.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
		await Promise.resolve();
		expect(received).toEqual([message, { jsonrpc: '2.0', method: 'notifications/initialized' }]);
		expect(received[0]).not.toBe(message);
	});

	it('holds messages that arrive before start', async () => {
		const [client, server] = createMemoryTransportPair();
		const received: JsonRpcMessage[] = [];
		server.onmessage = (m) => received.push(m);
		await client.send(ping);
		await Promise.resolve();
		expect(received).toEqual([]);
		await server.start();
		expect(received).toEqual([ping]);
	});

	it('closes both sides once and refuses sends after close', async () => {
		const [client, server] = createMemoryTransportPair();
		let closes = 0;
		client.onclose = () => closes++;
		server.onclose = () => closes++;
		await server.close();
		await client.close();
		expect(closes).toBe(2);
		await expect(client.send(ping)).rejects.toMatchObject({ kind: 'aborted' });
	});

	it('drops messages in flight when the receiver closes, and records the wire', async () => {
		const [client, server] = createMemoryTransportPair();
		const wire: WireEvent[] = [];
		client.wire = (e) => wire.push(e);
		const received: JsonRpcMessage[] = [];
		server.onmessage = (m) => received.push(m);
		await server.start();
		const sent = client.send(ping);
		const closed = server.close();
		await Promise.all([sent, closed]);
		await Promise.resolve();
		expect(received).toEqual([]);
		expect(wire).toMatchObject([{ type: 'message', direction: 'outgoing', message: ping }]);
	});

	it('rejects a send whose signal is already aborted', async () => {
		const [client] = createMemoryTransportPair();
		const controller = new AbortController();
		controller.abort();
		await expect(client.send(ping, { signal: controller.signal })).rejects.toMatchObject({
			kind: 'aborted'
		});
	});
});
