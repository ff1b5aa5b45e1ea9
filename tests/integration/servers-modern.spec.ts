/**
 * The modern-era test server, probed with raw fetch (no code from src/lib/mcp), so the servers
 * are proven before anything is tested against them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startModernServer } from '../servers/modern.js';
import { weatherFor } from '../servers/modern-tools.js';
import {
	callModern,
	eventually,
	messagesOf,
	postLegacyInitialize,
	postModern,
	resultOf,
	sseEvents,
	type JsonObject
} from './raw-http.js';

type Server = Awaited<ReturnType<typeof startModernServer>>;
let server: Server;

beforeAll(async () => {
	server = await startModernServer({ cors: true });
});
afterAll(() => server.close());

const text = (result: JsonObject) => (result.content as Array<{ text: string }>)[0]?.text;

describe('modern server: era and discovery', () => {
	it('answers server/discover with 2026-07-28, capabilities and server info', async () => {
		const result = await callModern(server.url, 'server/discover');
		expect(result.supportedVersions).toEqual(['2026-07-28']);
		expect(Object.keys(result.capabilities as JsonObject)).toEqual(
			expect.arrayContaining(['tools', 'resources', 'prompts', 'logging', 'completions'])
		);
		const meta = result._meta as JsonObject;
		expect(meta['io.modelcontextprotocol/serverInfo']).toMatchObject({
			name: 'mcp-playground-modern'
		});
	});

	it('refuses a legacy initialize by default, naming the supported version', async () => {
		const response = await postLegacyInitialize(server.url);
		const [message] = await messagesOf(response);
		expect(JSON.stringify(message?.error)).toContain('2026-07-28');
	});

	it('serves legacy initialize when started with legacy: stateless', async () => {
		const dual = await startModernServer({ legacy: 'stateless' });
		try {
			const response = await postLegacyInitialize(dual.url);
			const result = await resultOf(response);
			expect(result.protocolVersion).toBe('2025-11-25');
		} finally {
			await dual.close();
		}
	});
});

describe('modern server: tools', () => {
	it('lists the tools, with x-mcp-header on route-message parameters', async () => {
		const { tools } = (await callModern(server.url, 'tools/list')) as { tools: JsonObject[] };
		expect(tools.map((t) => t.name).sort()).toEqual(
			[
				'confirm-action',
				'emit-logs',
				'get-weather',
				'increment-counter',
				'list-roots',
				'play-tone',
				'register-user',
				'route-message',
				'server-stats',
				'slow-count',
				'summarize-text',
				'toggle-extra-tool'
			].sort()
		);
		const route = tools.find((t) => t.name === 'route-message') as { inputSchema: JsonObject };
		const props = route.inputSchema.properties as Record<string, JsonObject>;
		expect(props.region?.['x-mcp-header']).toBe('Region');
		expect(props.priority).toMatchObject({ type: 'integer', 'x-mcp-header': 'Priority' });
		expect(props.urgent).toMatchObject({ type: 'boolean', 'x-mcp-header': 'Urgent' });
	});

	it('returns structuredContent matching outputSchema', async () => {
		const result = await callModern(server.url, 'tools/call', {
			name: 'get-weather',
			arguments: { city: 'Oslo' }
		});
		expect(result.structuredContent).toEqual(weatherFor('Oslo'));
		expect(JSON.parse(text(result) ?? '')).toEqual(weatherFor('Oslo'));
	});

	it('returns a playable WAV as an audio content block', async () => {
		const result = await callModern(server.url, 'tools/call', {
			name: 'play-tone',
			arguments: { hz: 440, ms: 250 }
		});
		const audio = (result.content as JsonObject[])[1] as {
			type: string;
			data: string;
			mimeType: string;
		};
		expect(audio).toMatchObject({ type: 'audio', mimeType: 'audio/wav' });
		const wav = Buffer.from(audio.data, 'base64');
		expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
		expect(wav.toString('ascii', 8, 16)).toBe('WAVEfmt ');
		expect(wav.readUInt32LE(24)).toBe(8000); // sample rate
		expect(wav.readUInt32LE(40)).toBe(2000); // 250 ms of 8-bit mono samples
		expect(wav.length).toBe(44 + 2000);
		expect(new Set(wav.subarray(44)).size).toBeGreaterThan(10); // a tone, not silence
	});

	it('needs Mcp-Param-* headers that agree with the body (base64 for non-ASCII)', async () => {
		const args = { region: 'Zürich', priority: 7, urgent: false, message: 'hi' };
		const params = { name: 'route-message', arguments: args };
		const missing = await postModern(server.url, 'tools/call', params);
		expect(missing.status).toBe(400);
		expect(((await missing.json()) as { error: { code: number } }).error.code).toBe(-32020);
		const encoded = `=?base64?${Buffer.from('Zürich').toString('base64')}?=`;
		const result = await resultOf(
			await postModern(server.url, 'tools/call', params, {
				'mcp-param-region': encoded,
				'mcp-param-priority': '7',
				'mcp-param-urgent': 'false'
			})
		);
		expect(text(result)).toBe('Routed to Zürich (priority 7, urgent false): hi');
		expect(server.state.paramHeaders.at(-1)).toEqual({
			region: encoded,
			priority: '7',
			urgent: 'false'
		});
	});

	it('streams progress notifications before the result', async () => {
		const response = await postModern(server.url, 'tools/call', {
			name: 'slow-count',
			arguments: { steps: 3, intervalMs: 20 },
			_meta: { progressToken: 'p-1' }
		});
		const messages = await messagesOf(response);
		const progress = messages.filter((m) => m.method === 'notifications/progress');
		expect(progress.map((m) => m.params)).toEqual(
			[1, 2, 3].map((step) => ({
				progressToken: 'p-1',
				progress: step,
				total: 3,
				message: `Step ${step} of 3`
			}))
		);
		expect(text(messages.at(-1)?.result as JsonObject)).toBe('Counted to 3');
	});

	it('sees a cancellation when the client closes the stream', async () => {
		const before = server.state.slowCount.cancelled;
		const controller = new AbortController();
		const response = await postModern(
			server.url,
			'tools/call',
			{ name: 'slow-count', arguments: { steps: 50, intervalMs: 50 }, _meta: { progressToken: 1 } },
			{},
			controller.signal
		);
		const events = sseEvents(response);
		await events.next(); // first progress: the tool is running
		controller.abort();
		await eventually(() => server.state.slowCount.cancelled === before + 1);
	});

	it('sends log messages at or above the per-request level', async () => {
		const response = await postModern(server.url, 'tools/call', {
			name: 'emit-logs',
			arguments: { tag: 't' },
			_meta: { 'io.modelcontextprotocol/logLevel': 'warning' }
		});
		const logs = (await messagesOf(response)).filter((m) => m.method === 'notifications/message');
		expect(logs.map((m) => (m.params as JsonObject).level)).toEqual(['warning', 'error']);
	});
});
