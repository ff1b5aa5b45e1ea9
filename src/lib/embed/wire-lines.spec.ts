import { describe, expect, it } from 'vitest';
import { argumentSchema, promptArguments } from './items';
import { wireLine } from './wire-lines';

describe('wireLine', () => {
	it('shows what the transports guide points at', () => {
		const time = 0;
		const lines = [
			wireLine(
				{
					type: 'http-request',
					time,
					exchangeId: 'x',
					method: 'POST',
					url: 'http://h/message?sessionId=abc',
					headers: { 'Mcp-Session-Id': 's1' }
				},
				1
			),
			wireLine(
				{
					type: 'http-response',
					time,
					exchangeId: 'x',
					status: 200,
					statusText: 'OK',
					headers: { 'mcp-session-id': 's1' },
					durationMs: 4,
					contentType: 'text/event-stream; charset=utf-8'
				},
				2
			),
			wireLine({ type: 'sse-event', time, exchangeId: 'x', event: 'endpoint', data: '/m?s=1' }, 3),
			wireLine(
				{
					type: 'message',
					time,
					direction: 'incoming',
					message: { jsonrpc: '2.0', id: 4, error: { code: -32601, message: 'nope' } }
				},
				4
			)
		];
		expect(lines.map((l) => `${l.arrow} ${l.text}`)).toEqual([
			'→ HTTP POST /message?sessionId=abc (Mcp-Session-Id s1)',
			'← HTTP 200 text/event-stream (4 ms, Mcp-Session-Id s1)',
			'← SSE event "endpoint": /m?s=1',
			'← error #4 -32601: nope'
		]);
	});

	it('caps the detail of a huge event', () => {
		const line = wireLine({ type: 'info', time: 0, message: 'x'.repeat(10_000) }, 1);
		expect(line.detail.length).toBeLessThan(4100);
		expect(line.detail).toMatch(/truncated/);
	});
});

describe('prompt arguments', () => {
	it('become a string form and are sent as strings', () => {
		const schema = argumentSchema({
			kind: 'prompt',
			name: 'p',
			prompt: { name: 'p', arguments: [{ name: 'city', required: true }, { name: 'days' }] }
		});
		expect(schema).toMatchObject({
			type: 'object',
			properties: { city: { type: 'string' }, days: { type: 'string' } },
			required: ['city']
		});
		expect(promptArguments({ city: 'Oslo', days: 3, skip: null })).toEqual({
			city: 'Oslo',
			days: '3'
		});
	});
});
