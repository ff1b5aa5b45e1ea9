import { afterEach, describe, expect, it, vi } from 'vitest';
import { McpClient, type ClientOptions } from './client.js';
import { TransportError } from './errors.js';
import {
	FakePeer,
	LEGACY_INITIALIZE,
	MODERN_DISCOVER,
	flush,
	type Handler
} from './fake-peer.test-util.js';
import type { JsonRpcRequest } from './jsonrpc.js';
import type { WireEvent } from './wire.js';

const METHOD_NOT_FOUND: Handler = () => ({ error: { code: -32601, message: 'Method not found' } });
const meta = (r: JsonRpcRequest | undefined) => r?.params?._meta as Record<string, unknown>;

async function connected(handlers: Record<string, Handler>, options: ClientOptions = {}) {
	const peer = new FakePeer(handlers);
	const client = new McpClient(peer, options);
	await client.connect();
	return { peer, client };
}

afterEach(() => vi.useRealTimers());

describe('McpClient negotiation', () => {
	it('auto: falls back from server/discover to legacy initialize', async () => {
		const { peer, client } = await connected({
			'server/discover': METHOD_NOT_FOUND,
			initialize: LEGACY_INITIALIZE,
			ping: () => ({ result: {} })
		});
		expect(client.era).toBe('legacy');
		expect(client.protocolVersion).toBe('2025-11-25');
		expect(client.serverInfo?.name).toBe('fake-legacy');
		expect(peer.notifications('notifications/initialized')).toHaveLength(1);
		expect(peer.versions.at(-1)).toEqual(['2025-11-25', 'legacy']);
		// Legacy requests carry no modern _meta.
		await client.ping();
		expect(peer.requests('ping')[0]?.params?._meta).toBeUndefined();
	});

	it.each(['2025-06-18', '2025-03-26', '2024-11-05'])(
		'legacy: accepts a server answering initialize with %s and sends that version after',
		async (version) => {
			const { peer, client } = await connected(
				{
					initialize: () => ({
						result: {
							protocolVersion: version,
							capabilities: { tools: {} },
							serverInfo: { name: 'older', version: '1' }
						}
					}),
					ping: () => ({ result: {} })
				},
				{ era: 'legacy' }
			);
			// "MUST send the latest version it supports" first; the server's answer rules after.
			expect(peer.requests('initialize')[0]?.params?.protocolVersion).toBe('2025-11-25');
			expect(client.protocolVersion).toBe(version);
			expect(peer.notifications('notifications/initialized')).toHaveLength(1);
			expect(peer.versions.at(-1)).toEqual([version, 'legacy']);
			await client.ping();
		}
	);

	it('legacy: disconnects with a clear message on an unsupported version', async () => {
		const peer = new FakePeer({
			initialize: () => ({
				result: {
					protocolVersion: '1999-01-01',
					capabilities: {},
					serverInfo: { name: 's', version: '1' }
				}
			})
		});
		const client = new McpClient(peer, { era: 'legacy' });
		await expect(client.connect()).rejects.toThrow(/"1999-01-01".*does not support.*Disconnected/);
		expect(peer.closed).toBe(true);
		expect(peer.notifications('notifications/initialized')).toHaveLength(0);
	});

	it('modern: _meta on every request, and -32022 retried with a common version', async () => {
		let calls = 0;
		const { peer, client } = await connected(
			{
				'server/discover': (request, self) =>
					calls++ === 0
						? {
								error: {
									code: -32022,
									message: 'Unsupported',
									data: { supported: ['2026-07-28'], requested: 'x' }
								}
							}
						: MODERN_DISCOVER(request, self),
				'tools/list': () => ({ result: { resultType: 'complete', tools: [] } })
			},
			{
				clientInfo: { name: 'spec', version: '9' },
				handlers: { elicitation: async () => ({ action: 'cancel' }) }
			}
		);
		expect(client.era).toBe('modern');
		expect(peer.requests('server/discover')).toHaveLength(2);
		await client.listTools();
		const m = meta(peer.requests('tools/list')[0]);
		expect(m['io.modelcontextprotocol/protocolVersion']).toBe('2026-07-28');
		expect(m['io.modelcontextprotocol/clientInfo']).toEqual({ name: 'spec', version: '9' });
		expect(m['io.modelcontextprotocol/clientCapabilities']).toEqual({
			elicitation: { form: {}, url: {} }
		});
		expect(peer.requests('initialize')).toHaveLength(0);
	});

	it.each([
		['a network failure', new TransportError({ kind: 'network', message: 'Failed to fetch' })],
		['a CORS failure', new TransportError({ kind: 'cors', message: 'blocked' })],
		['HTTP 401', new TransportError({ kind: 'http', status: 401, message: 'Unauthorized' })],
		['HTTP 403', new TransportError({ kind: 'http', status: 403, message: 'Forbidden' })]
	])('never treats %s as an era signal', async (_name, failure) => {
		const peer = new FakePeer({
			'server/discover': () => ({ reject: failure }),
			initialize: LEGACY_INITIALIZE
		});
		await expect(new McpClient(peer).connect()).rejects.toBe(failure);
		expect(peer.requests('initialize')).toHaveLength(0);
	});

	it('falls back to legacy when discover gets HTTP 400 without a JSON-RPC answer', async () => {
		const failure = new TransportError({ kind: 'http', status: 400, message: 'Bad Request' });
		const { client } = await connected({
			'server/discover': () => ({ reject: failure }),
			initialize: LEGACY_INITIALIZE
		});
		expect(client.era).toBe('legacy');
	});
});

describe('McpClient results and MRTR', () => {
	const elicitation = vi.fn(async () => ({ action: 'accept' as const, content: { ok: true } }));

	it('fulfils input requests and resends the original params with a new id and exact state', async () => {
		const state = '{"opaque": "  keep me exactly  "}';
		const { peer, client } = await connected(
			{
				'server/discover': MODERN_DISCOVER,
				'tools/call': (request) =>
					request.params?.requestState === undefined
						? {
								result: {
									resultType: 'input_required',
									requestState: state,
									inputRequests: {
										ask: {
											method: 'elicitation/create',
											params: {
												message: 'ok?',
												requestedSchema: { type: 'object', properties: {} }
											}
										}
									}
								}
							}
						: { result: { resultType: 'complete', content: [{ type: 'text', text: 'done' }] } }
			},
			{ handlers: { elicitation } }
		);
		const result = await client.callTool('t', { a: 1 });
		expect(result.content).toEqual([{ type: 'text', text: 'done' }]);
		const [first, retry] = peer.requests('tools/call');
		expect(retry?.id).not.toBe(first?.id);
		expect(retry?.params?.requestState).toBe(state);
		expect(retry?.params?.inputResponses).toEqual({
			ask: { action: 'accept', content: { ok: true } }
		});
		expect(retry?.params?.arguments).toEqual({ a: 1 });
		expect(elicitation).toHaveBeenCalledOnce();
	});

	it('omits requestState when the server sent none, and keeps parallel calls apart', async () => {
		const { peer, client } = await connected(
			{
				'server/discover': MODERN_DISCOVER,
				'tools/call': (request) => {
					const p = request.params ?? {};
					if (p.name === 'other' || p.inputResponses) return { result: { content: [] } };
					return {
						result: { resultType: 'input_required', inputRequests: { r: { method: 'roots/list' } } }
					};
				}
			},
			{ handlers: { roots: async () => [{ uri: 'file:///x' }] } }
		);
		await Promise.all([
			client.callTool('mrtr'),
			client.callTool('other'),
			client.callTool('other')
		]);
		const calls = peer.requests('tools/call');
		const retry = calls.find((c) => c.params?.inputResponses);
		expect(retry?.params).not.toHaveProperty('requestState');
		expect(retry?.params?.inputResponses).toEqual({ r: { roots: [{ uri: 'file:///x' }] } });
		for (const call of calls.filter((c) => c.params?.name === 'other')) {
			expect(call.params).not.toHaveProperty('inputResponses');
			expect(call.params).not.toHaveProperty('requestState');
		}
	});

	it('caps the rounds', async () => {
		const { peer, client } = await connected(
			{
				'server/discover': MODERN_DISCOVER,
				'tools/call': () => ({ result: { resultType: 'input_required', requestState: 's' } })
			},
			{ maxInputRounds: 3 }
		);
		await expect(client.callTool('loop')).rejects.toThrow(/after 3 rounds/);
		expect(peer.requests('tools/call')).toHaveLength(4);
	});

	it('rejects an unknown resultType, treats a missing one as complete', async () => {
		const { client } = await connected({
			'server/discover': MODERN_DISCOVER,
			'tools/call': (r) => ({
				result: r.params?.name === 'odd' ? { resultType: 'task', content: [] } : { content: [] }
			})
		});
		await expect(client.callTool('odd')).rejects.toThrow(/unknown resultType "task"/);
		await expect(client.callTool('plain')).resolves.toEqual({ content: [] });
	});
});

describe('McpClient cancellation, timeouts, close', () => {
	const hang: Handler = () => undefined;

	it('legacy: abort sends notifications/cancelled and aborts the exchange', async () => {
		const { peer, client } = await connected(
			{ initialize: LEGACY_INITIALIZE, 'tools/call': hang },
			{ era: 'legacy' }
		);
		const controller = new AbortController();
		const call = client.callTool('slow', {}, { signal: controller.signal });
		await flush();
		controller.abort('user pressed stop');
		await expect(call).rejects.toThrow(/user pressed stop|cancelled/);
		await flush();
		const request = peer.requests('tools/call')[0];
		const cancelled = peer.notifications('notifications/cancelled')[0];
		expect(cancelled).toMatchObject({ params: { requestId: request?.id } });
		expect(peer.sent.find((s) => s.message === request)?.options?.signal?.aborted).toBe(true);
	});

	it('modern: abort closes the stream, sends no notification and says so on the wire', async () => {
		const events: WireEvent[] = [];
		const { peer, client } = await connected(
			{ 'server/discover': MODERN_DISCOVER, 'tools/call': hang },
			{ wire: (e) => events.push(e) }
		);
		const controller = new AbortController();
		const call = client.callTool('slow', {}, { signal: controller.signal });
		await flush();
		controller.abort('user pressed stop');
		await expect(call).rejects.toThrow();
		expect(peer.notifications('notifications/cancelled')).toHaveLength(0);
		const request = peer.requests('tools/call')[0];
		expect(peer.sent.find((s) => s.message === request)?.options?.signal?.aborted).toBe(true);
		const info = events.filter((e) => e.type === 'info').map((e) => e.message);
		expect(info).toContainEqual(
			expect.stringMatching(
				new RegExp(
					`^Cancelled request ${String(request?.id)} \\(tools/call\\) by closing its response stream.*user pressed stop`
				)
			)
		);
	});

	it('times out with fake timers, progress extends it and reaches onprogress', async () => {
		vi.useFakeTimers();
		const { peer, client } = await connected(
			{ initialize: LEGACY_INITIALIZE, 'tools/call': hang },
			{ era: 'legacy' }
		);
		const onprogress = vi.fn();
		const call = client.callTool('slow', {}, { timeoutMs: 1000, onprogress });
		const assertion = expect(call).rejects.toThrow(/timed out after 1000 ms/);
		await vi.advanceTimersByTimeAsync(900);
		const token = meta(peer.requests('tools/call')[0]).progressToken;
		peer.deliver({
			jsonrpc: '2.0',
			method: 'notifications/progress',
			params: { progressToken: token as number, progress: 1, total: 2 }
		});
		await vi.advanceTimersByTimeAsync(900);
		expect(onprogress).toHaveBeenCalledWith({ progress: 1, total: 2, message: undefined });
		await vi.advanceTimersByTimeAsync(200);
		await assertion;
		expect(peer.notifications('notifications/cancelled')).toHaveLength(1);
	});

	it('close rejects every pending request and clears every timer', async () => {
		vi.useFakeTimers();
		const { client } = await connected(
			{ initialize: LEGACY_INITIALIZE, 'tools/call': hang },
			{ era: 'legacy' }
		);
		const onClose = vi.fn();
		client.on('close', onClose);
		const calls = [client.callTool('a'), client.callTool('b')];
		await client.close();
		for (const call of calls) await expect(call).rejects.toThrow(/closed/);
		expect(vi.getTimerCount()).toBe(0);
		expect(onClose).toHaveBeenCalledOnce();
		await expect(client.callTool('c')).rejects.toThrow(/connection is closed/);
	});
});

describe('McpClient server-initiated work (legacy)', () => {
	it('answers sampling, elicitation, roots and ping through the one handler set', async () => {
		const { peer, client } = await connected(
			{ initialize: LEGACY_INITIALIZE },
			{
				era: 'legacy',
				handlers: {
					sampling: async () => ({
						role: 'assistant',
						content: { type: 'text', text: 'hi' },
						model: 'm'
					}),
					elicitation: async (params) => ({
						action: params.mode === 'url' ? 'decline' : 'accept',
						content: {}
					})
				}
			}
		);
		await client.setRoots([{ uri: 'file:///r' }]);
		expect(peer.notifications('notifications/roots/list_changed')).toHaveLength(1);
		const ask = (id: number, method: string, params?: Record<string, unknown>) =>
			peer.deliver({ jsonrpc: '2.0', id: `s${id}`, method, ...(params ? { params } : {}) });
		ask(1, 'sampling/createMessage', { messages: [], maxTokens: 5 });
		ask(2, 'elicitation/create', {
			mode: 'url',
			message: 'go',
			url: 'https://x',
			elicitationId: 'e'
		});
		ask(3, 'roots/list');
		ask(4, 'ping');
		ask(5, 'unknown/thing');
		await flush();
		const answers = Object.fromEntries(
			peer.sent
				.filter((s) => 'id' in s.message && !('method' in s.message))
				.map((s) => [(s.message as { id: string }).id, s.message])
		);
		expect(answers.s1).toMatchObject({ result: { model: 'm' } });
		expect(answers.s2).toMatchObject({ result: { action: 'decline' } });
		expect(answers.s3).toMatchObject({ result: { roots: [{ uri: 'file:///r' }] } });
		expect(answers.s4).toMatchObject({ result: {} });
		expect(answers.s5).toMatchObject({ error: { code: -32601 } });
		expect(client.capabilities).toEqual({
			sampling: {},
			elicitation: { form: {}, url: {} },
			roots: { listChanged: true }
		});
	});

	it('does not answer a server request the server cancelled', async () => {
		let seen: AbortSignal | undefined;
		const { peer } = await connected(
			{ initialize: LEGACY_INITIALIZE },
			{
				era: 'legacy',
				handlers: {
					elicitation: (_p, ctx) =>
						new Promise((resolve) => {
							seen = ctx.signal;
							ctx.signal.addEventListener('abort', () => resolve({ action: 'cancel' }));
						})
				}
			}
		);
		peer.deliver({
			jsonrpc: '2.0',
			id: 9,
			method: 'elicitation/create',
			params: { message: 'm', requestedSchema: { type: 'object', properties: {} } }
		});
		await flush();
		peer.deliver({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 9 } });
		await flush();
		expect(seen?.aborted).toBe(true);
		expect(peer.sent.filter((s) => 'id' in s.message && s.message.id === 9)).toHaveLength(0);
	});

	it('re-initialises once when the session expired, and says so', async () => {
		const events: WireEvent[] = [];
		let expired = false;
		const { peer, client } = await connected(
			{
				initialize: LEGACY_INITIALIZE,
				'tools/list': () => {
					if (expired) return { result: { tools: [] } };
					expired = true;
					return {
						reject: new TransportError({
							kind: 'http',
							status: 404,
							sessionExpired: true,
							message: 'gone'
						})
					};
				}
			},
			{ era: 'legacy', wire: (e) => events.push(e) }
		);
		await expect(client.listTools()).resolves.toMatchObject({ tools: [] });
		expect(peer.requests('initialize')).toHaveLength(2);
		expect(events.some((e) => e.type === 'info' && /expired the session/.test(e.message))).toBe(
			true
		);
	});
});

describe('McpClient tools and options', () => {
	const tools = [
		{
			name: 'ok',
			inputSchema: {
				type: 'object',
				properties: { region: { type: 'string', 'x-mcp-header': 'Region' } }
			}
		},
		{
			name: 'bad',
			inputSchema: {
				type: 'object',
				properties: { v: { type: 'string', 'x-mcp-header': 'My Region' } }
			}
		}
	];

	it('drops tools with invalid x-mcp-header annotations and mirrors params into headers', async () => {
		const events: WireEvent[] = [];
		const { peer, client } = await connected(
			{
				'server/discover': MODERN_DISCOVER,
				'tools/list': () => ({ result: { tools } }),
				'tools/call': () => ({ result: { content: [] } })
			},
			{ wire: (e) => events.push(e) }
		);
		const listed = await client.listAllTools();
		expect(listed.map((t) => t.name)).toEqual(['ok']);
		expect(events.some((e) => e.type === 'info' && /Dropped tool "bad"/.test(e.message))).toBe(
			true
		);
		await client.callTool('ok', { region: 'eu-west' });
		const sent = peer.sent.find((s) => 'method' in s.message && s.message.method === 'tools/call');
		expect(sent?.options?.headers).toEqual({ 'Mcp-Param-Region': 'eu-west' });
	});

	it('re-lists tools and retries once on -32020', async () => {
		let calls = 0;
		const { peer, client } = await connected({
			'server/discover': MODERN_DISCOVER,
			'tools/list': () => ({ result: { tools } }),
			'tools/call': () =>
				calls++ === 0
					? { error: { code: -32020, message: 'Header mismatch' } }
					: { result: { content: [] } }
		});
		await client.callTool('ok', { region: 'x' });
		expect(peer.requests('tools/list')).toHaveLength(1);
		expect(peer.requests('tools/call')).toHaveLength(2);
	});

	it('log level: modern per-request _meta, legacy logging/setLevel', async () => {
		const modern = await connected({
			'server/discover': MODERN_DISCOVER,
			'tools/list': () => ({ result: { tools: [] } })
		});
		await modern.client.setLogLevel('debug');
		await modern.client.listTools();
		expect(meta(modern.peer.requests('tools/list')[0])['io.modelcontextprotocol/logLevel']).toBe(
			'debug'
		);
		const legacy = await connected(
			{ initialize: LEGACY_INITIALIZE, 'logging/setLevel': () => ({ result: {} }) },
			{ era: 'legacy' }
		);
		await legacy.client.setLogLevel('warning');
		expect(legacy.peer.requests('logging/setLevel')[0]?.params).toEqual({ level: 'warning' });
	});

	it('subscriptions/listen resolves on the acknowledgement for its own id', async () => {
		const { peer, client } = await connected({
			'server/discover': MODERN_DISCOVER,
			'subscriptions/listen': () => undefined
		});
		const pending = client.listen({ toolsListChanged: true });
		await flush();
		const id = peer.requests('subscriptions/listen')[0]?.id;
		const ack = (subscriptionId: unknown) =>
			peer.deliver({
				jsonrpc: '2.0',
				method: 'notifications/subscriptions/acknowledged',
				params: {
					notifications: { toolsListChanged: true },
					_meta: { 'io.modelcontextprotocol/subscriptionId': subscriptionId }
				}
			});
		ack('someone-else');
		ack(id);
		const subscription = await pending;
		expect(subscription.id).toBe(id);
		expect(subscription.acknowledged).toEqual({ toolsListChanged: true });
		await subscription.close();
		expect(
			peer.sent.find((s) => s.message === peer.requests('subscriptions/listen')[0])?.options?.signal
				?.aborted
		).toBe(true);
	});
});
