/**
 * Our core against the modern-era (2026-07-28) SDK v2 server: era detection, tools with
 * outputSchema and Mcp-Param-* headers, MRTR (elicitation, sampling, roots), progress,
 * cancellation, logging, resources, prompts, completions and subscriptions/listen.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { McpClient } from '../../src/lib/mcp/client';
import { connect } from '../../src/lib/mcp/connect';
import { PIXEL_PNG_BASE64 } from '../servers/modern-content.js';
import { weatherFor } from '../servers/modern-tools.js';
import { startModernServer } from '../servers/modern.js';
import { collect, firstText, scriptedHandlers, type ScriptedHandlers } from './client-helpers';

let server: Awaited<ReturnType<typeof startModernServer>>;
let client: McpClient;
let script: ScriptedHandlers;

beforeAll(async () => {
	server = await startModernServer();
});
afterAll(() => server.close());

async function open(): Promise<McpClient> {
	script = scriptedHandlers();
	client = await connect({ url: server.url, handlers: script.handlers });
	return client;
}
afterEach(() => client?.close());

describe('core × modern server: connection and tools', () => {
	it('detects the modern era and reads server/discover', async () => {
		await open();
		expect(client.era).toBe('modern');
		expect(client.protocolVersion).toBe('2026-07-28');
		expect(client.serverInfo?.name).toBe('mcp-playground-modern');
		expect(client.instructions).toContain('modern-era');
		expect(client.serverCapabilities.tools).toBeDefined();
	});

	it('lists tools and gets structuredContent for an outputSchema tool', async () => {
		await open();
		const tools = await client.listAllTools();
		expect(tools.map((t) => t.name)).toEqual(expect.arrayContaining(['get-weather', 'slow-count']));
		expect(tools.find((t) => t.name === 'get-weather')?.outputSchema).toBeDefined();
		const result = await client.callTool('get-weather', { city: 'Lisbon' });
		expect(result.structuredContent).toEqual(weatherFor('Lisbon'));
		expect(result.isError).toBeFalsy();
	});

	it('mirrors x-mcp-header arguments into Mcp-Param-* headers (base64 for non-ASCII)', async () => {
		await open();
		await client.listAllTools(); // the headers come from the listed inputSchema
		const args = { region: 'Zürich', priority: 42, urgent: true, message: 'hello' };
		const result = await client.callTool('route-message', args);
		expect(firstText(result)).toBe('Routed to Zürich (priority 42, urgent true): hello');
		expect(server.state.paramHeaders.at(-1)).toEqual({
			region: `=?base64?${Buffer.from('Zürich').toString('base64')}?=`,
			priority: '42',
			urgent: 'true'
		});
	});
});

describe('core × modern server: multi-round-trip input requests', () => {
	it('answers an elicitation input request through the handler set', async () => {
		await open();
		script.elicitationAnswers.push({
			action: 'accept',
			content: { confirm: true, reason: 'tested' }
		});
		const result = await client.callTool('confirm-action', { action: 'ship' });
		expect(firstText(result)).toBe('Confirmed: ship (tested)');
		expect(script.asked.elicitation).toHaveLength(1);
		expect(script.asked.elicitation[0]?.message).toBe('Really ship?');
	});

	it('runs two rounds with new ids and echoes requestState exactly', async () => {
		await open();
		script.elicitationAnswers.push(
			{ action: 'accept', content: { name: 'Ada' } },
			{ action: 'accept', content: { email: 'ada@example.com' } }
		);
		const ids: unknown[] = [];
		const result = await client.callTool(
			'register-user',
			{},
			{ onRequestId: (id) => ids.push(id) }
		);
		// A tampered or missing requestState would end in -32602 or "abandoned", not this:
		expect(firstText(result)).toBe('Registered Ada <ada@example.com>');
		expect(ids).toHaveLength(3);
		expect(new Set(ids).size).toBe(3);
	});

	it('answers sampling and roots input requests', async () => {
		await open();
		const summary = await client.callTool('summarize-text', { text: 'the quick brown fox' });
		expect(firstText(summary)).toBe(
			'Summary by scripted-model: scripted reply to: Summarize: the quick brown fox'
		);
		script.roots = [{ uri: 'file:///srv/data', name: 'Data' }];
		const roots = await client.callTool('list-roots', {});
		expect(firstText(roots)).toBe('Client roots: file:///srv/data (Data)');
	});
});

describe('core × modern server: progress, cancellation, logging', () => {
	it('reports progress', async () => {
		await open();
		const seen: number[] = [];
		const result = await client.callTool(
			'slow-count',
			{ steps: 4, intervalMs: 20 },
			{ onprogress: (p) => seen.push(p.progress) }
		);
		expect(firstText(result)).toBe('Counted to 4');
		expect(seen).toEqual([1, 2, 3, 4]);
	});

	it('cancels by closing the stream, and the server sees it', async () => {
		await open();
		const before = server.state.slowCount.cancelled;
		const controller = new AbortController();
		const call = client.callTool(
			'slow-count',
			{ steps: 100, intervalMs: 50 },
			{ signal: controller.signal, onprogress: () => controller.abort() }
		);
		await expect(call).rejects.toThrow();
		await expect.poll(() => server.state.slowCount.cancelled, { timeout: 5000 }).toBe(before + 1);
		expect(firstText(await client.callTool('get-weather', { city: 'Rome' }))).toContain('Rome');
	});

	it('receives log messages at or above the chosen level', async () => {
		await open();
		const logs = collect(client, 'notifications/message');
		await client.setLogLevel('warning');
		await client.callTool('emit-logs', { tag: 'lvl' });
		expect(logs.seen.map((n) => (n.params as { level: string }).level)).toEqual([
			'warning',
			'error'
		]);
	});
});

describe('core × modern server: resources, prompts, completion, subscriptions', () => {
	it('lists and reads resources and templates', async () => {
		await open();
		const { resources } = await client.listResources();
		expect(resources.map((r) => r.uri)).toEqual([
			'info://about',
			'info://pixel.png',
			'counter://value'
		]);
		const pixel = await client.readResource('info://pixel.png');
		expect(pixel.contents[0]).toMatchObject({ blob: PIXEL_PNG_BASE64, mimeType: 'image/png' });
		const { resourceTemplates } = await client.listResourceTemplates();
		expect(resourceTemplates[0]?.uriTemplate).toBe('greeting://{language}/{name}');
		const greeting = await client.readResource('greeting://german/Linus');
		expect(greeting.contents[0]).toMatchObject({ text: 'Hallo, Linus!' });
	});

	it('gets prompts and completes arguments with context', async () => {
		await open();
		const { prompts } = await client.listPrompts();
		expect(prompts.map((p) => p.name).sort()).toEqual(['code-review', 'trip-plan']);
		const prompt = await client.getPrompt('trip-plan', {
			country: 'france',
			city: 'Lyon',
			days: '3'
		});
		expect(prompt.messages[0]?.content).toEqual({
			type: 'text',
			text: 'Plan 3 days in Lyon, france.'
		});
		const city = await client.complete(
			{ type: 'ref/prompt', name: 'trip-plan' },
			{ name: 'city', value: 'M' },
			{ arguments: { country: 'france' } }
		);
		expect(city.completion.values).toEqual(['Marseille']);
		const language = await client.complete(
			{ type: 'ref/resource', uri: 'greeting://{language}/{name}' },
			{ name: 'language', value: 's' }
		);
		expect(language.completion.values).toEqual(['spanish', 'swahili']);
	});

	it('subscribes to a resource and to tool list changes', async () => {
		await open();
		const updates = collect(client, 'notifications/resources/updated');
		await client.subscribeResource('counter://value');
		await client.callTool('increment-counter', {});
		expect((await updates.next()).params).toMatchObject({ uri: 'counter://value' });
		const changes = collect(client, 'notifications/tools/list_changed');
		const listening = await client.listen({ toolsListChanged: true });
		try {
			expect(listening.acknowledged.toolsListChanged).toBe(true);
			await client.callTool('toggle-extra-tool', {});
			await changes.next();
			expect((await client.listAllTools()).some((t) => t.name === 'extra-echo')).toBe(true);
		} finally {
			await listening.close();
			if (server.state.extraTool) await client.callTool('toggle-extra-tool', {});
		}
		await client.unsubscribeResource('counter://value');
	});
});

describe('core × dual-era server (modern + the SDK stateless legacy leg)', () => {
	it('picks modern on auto; legacy works too, without server→client requests', async () => {
		const dual = await startModernServer({ legacy: 'stateless' });
		try {
			script = scriptedHandlers();
			client = await connect({ url: dual.url, handlers: script.handlers, noCache: true });
			expect(client.era).toBe('modern');
			await client.close();
			client = await connect({
				url: dual.url,
				era: 'legacy',
				handlers: script.handlers,
				noCache: true
			});
			expect(client.era).toBe('legacy');
			expect(client.protocolVersion).toBe('2025-11-25');
			const weather = await client.callTool('get-weather', { city: 'Bern' });
			expect(weather.structuredContent).toEqual(weatherFor('Bern'));
			// SDK 2.4.0 limitation: its per-request legacy leg cannot send server→client requests,
			// so an MRTR tool fails in-band instead of asking our elicitation handler.
			const confirm = await client.callTool('confirm-action', { action: 'x' });
			expect(confirm.isError).toBe(true);
			expect(script.asked.elicitation).toHaveLength(0);
		} finally {
			await client.close();
			await dual.close();
		}
	});
});
