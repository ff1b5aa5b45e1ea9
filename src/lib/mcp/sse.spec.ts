import { describe, expect, it } from 'vitest';
import { TransportError } from './errors.js';
import { readSse, type SseEvent } from './sse.js';

const encoder = new TextEncoder();

function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
	let i = 0;
	return new ReadableStream({
		pull(controller) {
			const chunk = chunks[i++];
			if (chunk) controller.enqueue(chunk);
			else controller.close();
		}
	});
}

/** Every split of `bytes` into two chunks, plus one byte per chunk. */
function allSplits(bytes: Uint8Array): Uint8Array[][] {
	const splits: Uint8Array[][] = [[bytes], Array.from(bytes, (b) => Uint8Array.of(b))];
	for (let i = 1; i < bytes.length; i++) splits.push([bytes.slice(0, i), bytes.slice(i)]);
	return splits;
}

async function collect(body: ReadableStream<Uint8Array>, options = {}): Promise<SseEvent[]> {
	const events: SseEvent[] = [];
	for await (const event of readSse(body, options)) events.push(event);
	return events;
}

async function failure(body: ReadableStream<Uint8Array>, options = {}): Promise<TransportError> {
	const error = await collect(body, options).then(
		() => undefined,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(TransportError);
	return error as TransportError;
}

const json = JSON.stringify({ jsonrpc: '2.0', id: 1, result: { text: 'héllo 世界 🎉' } });
const sample =
	': keep-alive comment\r\n' +
	'id: event-1\r\nretry: 500\r\ndata: \r\n\r\n' +
	`event: message\nid: 7\ndata: ${json}\n\n` +
	'data: line one\rdata: line two\r\r' +
	'data:no-space\n\n';
const expected: SseEvent[] = [
	{ id: 'event-1', retry: 500, data: '' },
	{ event: 'message', id: '7', data: json },
	{ data: 'line one\nline two' },
	{ data: 'no-space' }
];

describe('readSse', () => {
	it('yields the same events however the bytes are split (mid-line, mid-CRLF, mid-UTF-8)', async () => {
		const bytes = encoder.encode(sample);
		for (const chunks of allSplits(bytes)) {
			expect(await collect(streamOf(chunks))).toEqual(expected);
		}
	});

	it('treats a final lone CR as the end of the event', async () => {
		const events = await collect(streamOf([encoder.encode('data: a\r\r')]));
		expect(events).toEqual([{ data: 'a' }]);
	});

	it('decodes invalid UTF-8 as U+FFFD instead of failing', async () => {
		const bad = Uint8Array.of(...encoder.encode('data: x'), 0xff, 0xc3, ...encoder.encode('y\n\n'));
		const events = await collect(streamOf([bad]));
		expect(events).toEqual([{ data: 'x\ufffd\ufffdy' }]);
	});

	it('ignores unknown fields and invalid retry values', async () => {
		const events = await collect(streamOf([encoder.encode('foo: bar\nretry: soon\ndata: ok\n\n')]));
		expect(events).toEqual([{ data: 'ok' }]);
	});

	it('reports a retry in a block without data through onRetry', async () => {
		const retries: number[] = [];
		const body = streamOf([encoder.encode('retry: 1200\n\n')]);
		expect(await collect(body, { onRetry: (ms: number) => retries.push(ms) })).toEqual([]);
		expect(retries).toEqual([1200]);
	});

	it('ends normally on a comment after the last event', async () => {
		const events = await collect(streamOf([encoder.encode('data: a\n\n: ping\n')]));
		expect(events).toEqual([{ data: 'a' }]);
	});

	it('reports a stream cut mid-event as a protocol error, after the complete events', async () => {
		for (const cut of ['data: {"jsonrpc":"2.0",', 'data: {"a":1}\n', 'data: x\r\n']) {
			const seen: SseEvent[] = [];
			const body = streamOf([encoder.encode('data: first\n\n' + cut)]);
			const error = await (async () => {
				try {
					for await (const event of readSse(body)) seen.push(event);
				} catch (e) {
					return e as TransportError;
				}
			})();
			expect(seen).toEqual([{ data: 'first' }]);
			expect(error?.kind).toBe('protocol');
			expect(error?.message).toMatch(/ended in the middle of an event/);
		}
	});

	it('ends a 50 MB event with a too-large error without buffering it all', async () => {
		const piece = encoder.encode('x'.repeat(1024 * 1024));
		let sent = 0;
		const body = new ReadableStream<Uint8Array>({
			pull(controller) {
				if (sent === 0) controller.enqueue(encoder.encode('data: '));
				if (sent++ < 50) controller.enqueue(piece);
				else controller.close();
			}
		});
		const error = await failure(body);
		expect(error.kind).toBe('too-large');
		expect(error.message).toMatch(/32 MiB/);
		expect(sent).toBeLessThan(40);
	});

	it('honours a smaller maxEventSize', async () => {
		const body = streamOf([encoder.encode(`data: ${'y'.repeat(2000)}\n\n`)]);
		expect((await failure(body, { maxEventSize: 1000 })).kind).toBe('too-large');
	});

	it('turns a connection reset into a network error', async () => {
		const body = new ReadableStream<Uint8Array>({
			start(controller) {
				controller.enqueue(encoder.encode('data: a\n\n'));
				controller.error(new TypeError('terminated'));
			}
		});
		const error = await failure(body, { url: 'http://x/mcp' });
		expect(error.kind).toBe('network');
		expect(error.message).toContain('http://x/mcp');
	});

	it('cancels the body when the consumer stops early', async () => {
		let cancelled = false;
		const body = new ReadableStream<Uint8Array>({
			start(controller) {
				controller.enqueue(encoder.encode('data: a\n\ndata: b\n\n'));
			},
			cancel() {
				cancelled = true;
			}
		});
		for await (const event of readSse(body)) {
			expect(event.data).toBe('a');
			break;
		}
		expect(cancelled).toBe(true);
	});
});
