/**
 * The HTTP transports against real servers: server-everything (legacy Streamable HTTP with
 * sessions and SSE answers; 2024-11-05 HTTP+SSE) and the SDK v2 modern-era server. Raw JSON-RPC
 * messages, no client: this proves the transports alone.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startEverything } from '../../../../tests/servers/everything.js';
import { startModernServer } from '../../../../tests/servers/modern.js';
import { mcpParamHeaders, toolHeaderAnnotationProblem } from '../headers.js';
import { isJsonRpcResponse, type JsonRpcMessage, type JsonRpcResponse } from '../jsonrpc.js';
import type { Transport } from '../transport.js';
import type { WireEvent } from '../wire.js';
import { LegacySseTransport } from './legacy-sse.js';
import { StreamableHttpTransport } from './streamable-http.js';

const clientInfo = { name: 'transport-spec', version: '1.0.0' };

/** Collects what a transport delivers and answers "wait for the response to id". */
function observe(transport: Transport) {
	const messages: JsonRpcMessage[] = [];
	const errors: Error[] = [];
	const wire: WireEvent[] = [];
	transport.onmessage = (m) => messages.push(m);
	transport.onerror = (e) => errors.push(e);
	transport.wire = (e) => wire.push(e);
	const response = async (id: number): Promise<JsonRpcResponse> => {
		let found: JsonRpcResponse | undefined;
		await vi.waitFor(() => {
			found = messages.find((m): m is JsonRpcResponse => isJsonRpcResponse(m) && m.id === id);
			expect(found).toBeDefined();
		}, 10_000);
		return found!;
	};
	return { messages, errors, wire, response };
}

async function legacyHandshake(transport: Transport, seen: ReturnType<typeof observe>) {
	const params = { protocolVersion: '2025-11-25', capabilities: {}, clientInfo };
	await transport.send({ jsonrpc: '2.0', id: 0, method: 'initialize', params });
	const init = await seen.response(0);
	expect('result' in init && init.result.serverInfo).toMatchObject({ name: expect.any(String) });
	const version = 'result' in init ? String(init.result.protocolVersion) : '';
	transport.setProtocolVersion?.(version, 'legacy');
	await transport.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
	return version;
}

describe('StreamableHttpTransport ↔ server-everything (streamableHttp)', () => {
	let server: { url: string; close: () => Promise<void> };
	beforeAll(async () => {
		server = await startEverything('streamableHttp');
	});
	afterAll(() => server?.close());

	it('initializes a session, lists and calls tools over SSE answers, then DELETEs it', async () => {
		const transport = new StreamableHttpTransport({ url: server.url });
		const seen = observe(transport);
		await transport.start();
		expect(await legacyHandshake(transport, seen)).toBe('2025-11-25');
		expect(transport.sessionId).toMatch(/^[0-9a-f-]{36}$/);

		await transport.send({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
		const list = await seen.response(1);
		const tools = 'result' in list ? (list.result.tools as { name: string }[]) : [];
		expect(tools.map((t) => t.name)).toContain('echo');

		const call = { name: 'echo', arguments: { message: 'grüße 🎉' } };
		await transport.send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: call });
		expect(await seen.response(2)).toMatchObject({
			result: { content: [{ type: 'text', text: 'Echo: grüße 🎉' }] }
		});

		const posts = seen.wire.filter((e) => e.type === 'http-request' && e.method === 'POST');
		const last = posts.at(-1) as { headers: Record<string, string> };
		expect(last.headers['Mcp-Session-Id']).toBe(transport.sessionId);
		expect(last.headers['MCP-Protocol-Version']).toBe('2025-11-25');
		expect(seen.wire.some((e) => e.type === 'sse-event')).toBe(true);
		expect(seen.wire.some((e) => e.type === 'http-request' && e.method === 'GET')).toBe(true);

		await transport.close();
		const del = seen.wire.find((e) => e.type === 'http-request' && e.method === 'DELETE');
		expect(del).toBeDefined();
		const delId = (del as { exchangeId: string }).exchangeId;
		const answer = seen.wire.find((e) => e.type === 'http-response' && e.exchangeId === delId);
		expect(answer).toMatchObject({ status: 200 });
		expect(seen.errors).toEqual([]);
	});

	it('delivers progress notifications before the response on one SSE stream', async () => {
		const transport = new StreamableHttpTransport({ url: server.url });
		const seen = observe(transport);
		await legacyHandshake(transport, seen);
		const params = {
			name: 'trigger-long-running-operation',
			arguments: { duration: 0.3, steps: 3 },
			_meta: { progressToken: 'p1' }
		};
		await transport.send({ jsonrpc: '2.0', id: 3, method: 'tools/call', params });
		await seen.response(3);
		const progress = seen.messages.filter(
			(m) => 'method' in m && m.method === 'notifications/progress'
		);
		expect(progress).toHaveLength(3);
		const responseIndex = seen.messages.findIndex((m) => isJsonRpcResponse(m) && m.id === 3);
		expect(seen.messages.indexOf(progress.at(-1)!)).toBeLessThan(responseIndex);
		await transport.close();
	});
});

describe('LegacySseTransport ↔ server-everything (sse)', () => {
	let server: { url: string; close: () => Promise<void> };
	beforeAll(async () => {
		server = await startEverything('sse');
	});
	afterAll(() => server?.close());

	it('gets the endpoint, initializes and lists tools over message events', async () => {
		const transport = new LegacySseTransport({ url: server.url });
		const seen = observe(transport);
		await transport.start();
		expect(transport.endpoint).toMatch(
			new RegExp(`^${new URL(server.url).origin}/message\\?sessionId=`)
		);
		await legacyHandshake(transport, seen);
		await transport.send({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
		const list = await seen.response(1);
		expect('result' in list && (list.result.tools as unknown[]).length).toBeGreaterThan(5);
		const posts = seen.wire.filter((e) => e.type === 'http-response' && e.status === 202);
		expect(posts.length).toBeGreaterThanOrEqual(3);
		await transport.close();
		expect(seen.errors).toEqual([]);
	});
});

describe('StreamableHttpTransport ↔ modern SDK v2 server (2026-07-28)', () => {
	let server: Awaited<ReturnType<typeof startModernServer>>;
	beforeAll(async () => {
		server = await startModernServer();
	});
	afterAll(() => server?.close());

	const meta = {
		'io.modelcontextprotocol/protocolVersion': '2026-07-28',
		'io.modelcontextprotocol/clientCapabilities': {},
		'io.modelcontextprotocol/clientInfo': clientInfo
	};

	it('mirrors x-mcp-header arguments so the server accepts the call (no -32020)', async () => {
		const transport = new StreamableHttpTransport({ url: server.url });
		const seen = observe(transport);
		transport.setProtocolVersion('2026-07-28', 'modern');
		await transport.send({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: meta } });
		const list = await seen.response(1);
		const tools =
			'result' in list ? (list.result.tools as { name: string; inputSchema: unknown }[]) : [];
		const route = tools.find((t) => t.name === 'route-message')!;
		expect(toolHeaderAnnotationProblem(route)).toBeUndefined();

		const args = { region: 'Zürich', priority: 7, urgent: false, message: 'hi' };
		const headers = mcpParamHeaders(route.inputSchema, args);
		const params = { name: 'route-message', arguments: args, _meta: meta };
		await transport.send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params }, { headers });
		const routed = await seen.response(2);
		expect('result' in routed && routed.result.content).toContainEqual({
			type: 'text',
			text: 'Routed to Zürich (priority 7, urgent false): hi'
		});
		expect(server.state.paramHeaders.at(-1)).toEqual({
			region: '=?base64?WsO8cmljaA==?=',
			priority: '7',
			urgent: 'false'
		});
		const sent = seen.wire.filter((e) => e.type === 'http-request').at(-1) as {
			headers: Record<string, string>;
		};
		expect(sent.headers).toMatchObject({ 'Mcp-Method': 'tools/call', 'Mcp-Name': 'route-message' });
		expect(sent.headers['Mcp-Session-Id']).toBeUndefined();
		await transport.close();
		expect(seen.wire.some((e) => e.type === 'http-request' && e.method !== 'POST')).toBe(false);
	});

	it('cancels a streaming call by closing its response stream', async () => {
		const transport = new StreamableHttpTransport({ url: server.url });
		const seen = observe(transport);
		transport.setProtocolVersion('2026-07-28', 'modern');
		const controller = new AbortController();
		const params = {
			name: 'slow-count',
			arguments: { steps: 50, intervalMs: 50 },
			_meta: { ...meta, progressToken: 1 }
		};
		await transport.send(
			{ jsonrpc: '2.0', id: 3, method: 'tools/call', params },
			{ signal: controller.signal }
		);
		await vi.waitFor(() => expect(seen.messages.length).toBeGreaterThan(1));
		controller.abort();
		await vi.waitFor(() => expect(server.state.slowCount.cancelled).toBeGreaterThan(0), 5000);
		expect(seen.errors).toEqual([]);
		await transport.close();
	});
});
