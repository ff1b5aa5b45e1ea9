/**
 * Our core against @modelcontextprotocol/server-everything (legacy era) over Streamable HTTP
 * and over the 2024-11-05 HTTP+SSE transport, both reached with `transport: 'auto'` so the
 * fallback chain is exercised too. Server→client requests (elicitation, sampling, roots) arrive
 * as real requests here and go to the same handler set as modern input requests.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { McpClient } from '../../src/lib/mcp/client';
import { connect, detectedFor } from '../../src/lib/mcp/connect';
import { startEverything, type RunningEverything } from '../servers/everything.js';
import {
	allText,
	collect,
	firstText,
	recordingFetch,
	scriptedHandlers,
	type ScriptedHandlers
} from './client-helpers';

/** server-everything's simulated logging and resource updates tick every 5 s. */
const TICK_TEST_TIMEOUT = 15_000;

describe.each(['streamableHttp', 'sse'] as const)('core × server-everything over %s', (mode) => {
	let server: RunningEverything;
	let client: McpClient;
	let script: ScriptedHandlers;
	let wire: ReturnType<typeof recordingFetch>;

	beforeAll(async () => {
		server = await startEverything(mode);
	});
	afterAll(() => server.close());
	afterEach(() => client?.close());

	async function open(): Promise<McpClient> {
		script = scriptedHandlers();
		wire = recordingFetch();
		client = await connect({ url: server.url, handlers: script.handlers, fetch: wire.fetch });
		return client;
	}

	it('connects in the legacy era and lists tools, including capability-gated ones', async () => {
		await open();
		expect(client.era).toBe('legacy');
		// transport: 'auto' found the right one (HTTP+SSE after Streamable HTTP got a 404).
		const transport = mode === 'sse' ? 'sse' : 'streamable-http';
		expect(detectedFor(server.url)).toEqual({ transport, era: 'legacy' });
		expect(client.serverInfo?.name).toBe('mcp-servers/everything');
		const names = (await client.listAllTools()).map((t) => t.name);
		expect(names).toEqual(
			expect.arrayContaining(['echo', 'get-structured-content', 'trigger-elicitation-request'])
		);
		expect(names).toEqual(expect.arrayContaining(['trigger-sampling-request', 'get-roots-list']));
	});

	it('calls tools, including one with structuredContent', async () => {
		await open();
		expect(firstText(await client.callTool('echo', { message: 'hi there' }))).toBe(
			'Echo: hi there'
		);
		const weather = await client.callTool('get-structured-content', { location: 'New York' });
		expect(weather.structuredContent).toMatchObject({ temperature: expect.any(Number) });
	});

	it('reports progress', async () => {
		await open();
		const seen: number[] = [];
		const result = await client.callTool(
			'trigger-long-running-operation',
			{ duration: 0.3, steps: 3 },
			{ onprogress: (p) => seen.push(p.progress) }
		);
		expect(firstText(result)).toContain('Steps: 3');
		expect(seen).toEqual([1, 2, 3]);
	});

	it('cancels with notifications/cancelled and stays usable', async () => {
		await open();
		const controller = new AbortController();
		let requestId: unknown;
		const call = client.callTool(
			'trigger-long-running-operation',
			{ duration: 20, steps: 20 },
			{
				signal: controller.signal,
				onprogress: () => controller.abort(),
				onRequestId: (id) => (requestId = id)
			}
		);
		await expect(call).rejects.toThrow();
		const cancelled = wire.posted.find((m) => m.method === 'notifications/cancelled');
		expect(cancelled?.params).toMatchObject({ requestId });
		expect(firstText(await client.callTool('echo', { message: 'after' }))).toBe('Echo: after');
	});

	it(
		'receives log messages after logging/setLevel',
		async () => {
			await open();
			const logs = collect(client, 'notifications/message');
			await client.setLogLevel('debug');
			await client.callTool('toggle-simulated-logging', {});
			// Skip other logs (server-everything also logs "Roots updated" after connecting).
			let data = '';
			while (!/-level message|level-message/.test(data)) {
				data = String((await logs.next(TICK_TEST_TIMEOUT - 3000)).params?.data);
			}
			expect(data).toMatch(/^(Debug|Info|Notice|Warning|Error|Critical|Alert|Emergency)/);
			await client.callTool('toggle-simulated-logging', {});
		},
		TICK_TEST_TIMEOUT
	);

	it('answers elicitation and sampling requests from the server', async () => {
		await open();
		script.elicitationAnswers.push({
			action: 'accept',
			content: { name: 'Ada Lovelace', check: true }
		});
		const elicited = await client.callTool('trigger-elicitation-request', {});
		expect(allText(elicited)).toContain('Ada Lovelace');
		const schema = script.asked.elicitation[0] as { requestedSchema?: { properties: object } };
		expect(Object.keys(schema.requestedSchema?.properties ?? {})).toContain('email');
		const sampled = await client.callTool('trigger-sampling-request', { prompt: 'a haiku' });
		expect(allText(sampled)).toContain(
			'scripted reply to: Resource trigger-sampling-request context: a haiku'
		);
	});

	it('reports roots and announces changes to them', async () => {
		await open();
		expect(allText(await client.callTool('get-roots-list', {}))).toContain('file:///work/project');
		script.roots = [{ uri: 'file:///work/other', name: 'Other' }];
		await client.setRoots(script.roots); // legacy: notifications/roots/list_changed
		await expect
			.poll(async () => allText(await client.callTool('get-roots-list', {})), { timeout: 5000 })
			.toContain('file:///work/other');
	});

	it('reads resources and templates, gets prompts, completes arguments', async () => {
		await open();
		const { resources } = await client.listResources();
		expect(resources.length).toBeGreaterThan(0);
		const { resourceTemplates } = await client.listResourceTemplates();
		expect(resourceTemplates.map((t) => t.uriTemplate)).toContain(
			'demo://resource/dynamic/text/{resourceId}'
		);
		const text = await client.readResource('demo://resource/dynamic/text/7');
		expect(text.contents[0]).toMatchObject({ text: expect.stringContaining('Resource 7') });
		const prompt = await client.getPrompt('args-prompt', { city: 'Paris' });
		expect(JSON.stringify(prompt.messages)).toContain('Paris');
		const ref = { type: 'ref/prompt' as const, name: 'completable-prompt' };
		expect(
			(await client.complete(ref, { name: 'department', value: 'En' })).completion.values
		).toEqual(['Engineering']);
		const names = await client.complete(
			ref,
			{ name: 'name', value: '' },
			{ arguments: { department: 'Sales' } }
		);
		expect(names.completion.values).toEqual(['David', 'Eve', 'Frank']);
	});

	it(
		'subscribes to a resource and receives updates',
		async () => {
			await open();
			const uri = 'demo://resource/dynamic/text/1';
			const updates = collect(client, 'notifications/resources/updated');
			await client.subscribeResource(uri);
			await client.callTool('toggle-subscriber-updates', {});
			expect((await updates.next(TICK_TEST_TIMEOUT - 3000)).params).toMatchObject({ uri });
			await client.callTool('toggle-subscriber-updates', {});
			await client.unsubscribeResource(uri);
		},
		TICK_TEST_TIMEOUT
	);
});
