import { describe, expect, it } from 'vitest';
import { TransportError } from '$lib/mcp/errors';
import { McpError } from '$lib/mcp/jsonrpc';
import { describeError, isAbort } from './errors';

const notFound = new TransportError({
	kind: 'http',
	status: 404,
	message: 'POST http://127.0.0.1:9/mcp answered 404 Not Found.',
	hint: 'Check the server URL: the MCP endpoint is often /mcp.'
});
const sseFailed = new TransportError({
	kind: 'http',
	status: 404,
	message: 'GET http://127.0.0.1:9/mcp (HTTP+SSE) answered 404 Not Found.'
});

describe('describeError', () => {
	it('keeps kind, status and hint of a TransportError', () => {
		expect(describeError(notFound)).toEqual({
			message: notFound.message,
			hint: notFound.hint,
			status: 404,
			kind: 'http'
		});
	});

	it("describes connect()'s AggregateError by its first failure and lists every message", () => {
		const error = new AggregateError(
			[notFound, sseFailed],
			`Could not connect with Streamable HTTP (${notFound.message}) nor HTTP+SSE (${sseFailed.message})`
		);
		const view = describeError(error);
		expect(view).toMatchObject({ kind: 'http', status: 404, hint: notFound.hint });
		expect(view.details).toEqual([notFound.message, sseFailed.message]);
		expect(view.message).toBe(error.message);
	});

	it('takes a later hint when the first failure has none, and names messages the summary lacks', () => {
		const cors = new TransportError({ kind: 'network', message: 'Failed to fetch (no status).' });
		const view = describeError(new AggregateError([cors, notFound], 'Both transports failed'));
		expect(view).toMatchObject({ kind: 'network', status: undefined, hint: notFound.hint });
		expect(view.message).toBe(`Both transports failed — ${cors.message} — ${notFound.message}`);
		expect(describeError(new AggregateError([new McpError(-32601, 'nope')], '')).code).toBe(-32601);
	});

	it('survives empty, nested and self-containing aggregates', () => {
		expect(describeError(new AggregateError([], '')).message).toMatch(/Every attempt failed/);
		const nested = new AggregateError([new AggregateError([notFound], 'inner')], 'outer');
		expect(describeError(nested)).toMatchObject({ kind: 'http', hint: notFound.hint });
		const loop = new AggregateError([], 'loop');
		(loop as unknown as { errors: unknown[] }).errors = [loop];
		expect(describeError(loop).message).toMatch(/loop/);
	});

	it('recognises cancellations', () => {
		expect(isAbort(new TransportError({ kind: 'aborted', message: 'x' }))).toBe(true);
		expect(isAbort(new DOMException('x', 'AbortError'))).toBe(true);
		expect(isAbort(notFound)).toBe(false);
	});
});
