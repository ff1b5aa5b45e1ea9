/**
 * Server-Sent Events reader: bytes in, events out. Built on eventsource-parser for the line
 * grammar; this module adds UTF-8 decoding across chunk boundaries, a size cap, and typed errors
 * for a stream that is cut or breaks — so the transports never hang or crash on bad input.
 */
import { createParser, type EventSourceMessage, type ParseError } from 'eventsource-parser';
import { TransportError } from './errors.js';
import { DEFAULT_MAX_MESSAGE_SIZE, streamReadError } from './stream-limits.js';
import { LARGE_MESSAGE_CHARS, workBudget, yieldToEventLoop, type WorkBudget } from './yield.js';

function mib(size: number): string {
	return `${Math.round((size / 1024 / 1024) * 10) / 10} MiB`;
}

export interface SseEvent {
	/**
	 * The event's `id:` field; resumable servers (SEP-1699) use it for `Last-Event-ID`. An `id:` in
	 * a block without any `data:` line dispatches no event and is not seen here (SEP-1699 priming
	 * events carry an empty `data:` line, so they are).
	 */
	id?: string;
	/** The `event:` field; absent means the default type `message`. */
	event?: string;
	data: string;
	/** A `retry:` (reconnection time, ms) that arrived in the same block as this event. */
	retry?: number;
}

export interface ReadSseOptions {
	/**
	 * The largest event (its buffered data, in UTF-16 code units ≈ bytes for ASCII JSON) accepted.
	 * Default `DEFAULT_MAX_MESSAGE_SIZE`. A bigger one ends the stream with a `too-large` error.
	 */
	maxEventSize?: number;
	/** Every `retry:` field, also one in a block without data (which dispatches no event). */
	onRetry?: (ms: number) => void;
	/** Named in error messages. */
	url?: string;
}

interface ParserState {
	queue: SseEvent[];
	pendingRetry?: number;
	tooLarge: boolean;
}

function createEventParser(state: ParserState, options: ReadSseOptions, maxEventSize: number) {
	return createParser({
		maxBufferSize: maxEventSize,
		onEvent(message: EventSourceMessage) {
			// The parser only measures what it buffers; an event that arrived whole in one chunk
			// is measured here.
			if (message.data.length > maxEventSize) {
				state.tooLarge = true;
				return;
			}
			const event: SseEvent = { data: message.data };
			if (message.id !== undefined) event.id = message.id;
			if (message.event !== undefined) event.event = message.event;
			if (state.pendingRetry !== undefined) event.retry = state.pendingRetry;
			state.pendingRetry = undefined;
			state.queue.push(event);
		},
		onRetry(ms: number) {
			state.pendingRetry = ms;
			options.onRetry?.(ms);
		},
		// Unknown fields and bad `retry:` values are ignored, as the SSE standard says.
		onError(error: ParseError) {
			if (error.type === 'max-buffer-size-exceeded') state.tooLarge = true;
		}
	});
}

function tooLargeError(maxEventSize: number, url: string | undefined): TransportError {
	return new TransportError({
		kind: 'too-large',
		message: `An SSE event from the server is larger than the ${mib(maxEventSize)} limit; the stream was closed.`,
		hint: 'Raise the maximum message size in the connection settings if this server legitimately sends messages this large.',
		url
	});
}

function cutMidEventError(partial: SseEvent, url: string | undefined): TransportError {
	return new TransportError({
		kind: 'protocol',
		message: `The event stream ended in the middle of an event (the event's blank-line terminator never arrived); its ${partial.data.length} characters of data were discarded.`,
		hint: 'The server or a proxy closed the connection early. A resumable server can be asked for the rest with Last-Event-ID.',
		url,
		bodySnippet: partial.data.slice(0, 200)
	});
}

/**
 * Yields the parsed events one by one, pausing a macrotask when the reader's time slice is used
 * up: the consumer's work per event runs between our yields, so it counts against the slice.
 */
async function* drain(queue: SseEvent[], budget: WorkBudget): AsyncGenerator<SseEvent> {
	for (const event of queue.splice(0)) {
		if (event.data.length > LARGE_MESSAGE_CHARS) await yieldToEventLoop();
		yield event;
		const pause = budget.check();
		if (pause) await pause;
	}
}

/**
 * Reads `body` as an SSE stream and yields each event. Ends normally when the stream ends on an
 * event boundary. Throws a `TransportError`: `too-large` (event over the cap), `protocol` (stream
 * cut mid-event), `network` (connection dropped), `aborted`. Stopping the iteration early
 * (`break`, `return()`) cancels the body, which closes the connection.
 */
export async function* readSse(
	body: ReadableStream<Uint8Array>,
	options: ReadSseOptions = {}
): AsyncGenerator<SseEvent, void, undefined> {
	const maxEventSize = options.maxEventSize ?? DEFAULT_MAX_MESSAGE_SIZE;
	const state: ParserState = { queue: [], tooLarge: false };
	const parser = createEventParser(state, options, maxEventSize);
	const decoder = new TextDecoder('utf-8');
	const reader = body.getReader();
	const budget = workBudget();
	let tail = '';
	let done = false;
	try {
		while (!done) {
			const chunk = await reader.read().catch((error: unknown) => {
				throw streamReadError(error, options.url);
			});
			done = chunk.done;
			// `stream: true` keeps a UTF-8 sequence split across chunks for the next call.
			const text = done ? decoder.decode() : decoder.decode(chunk.value, { stream: true });
			if (text) parser.feed(text);
			tail = (tail + text).slice(-8);
			if (state.tooLarge) throw tooLargeError(maxEventSize, options.url);
			yield* drain(state.queue, budget);
		}
		// A final lone CR is a complete line end; the parser still waits to see if LF follows.
		if (tail.endsWith('\r')) {
			parser.feed('\n');
			tail += '\n';
			yield* state.queue.splice(0);
		}
		checkEndedOnBoundary(parser, state, tail, options.url);
	} finally {
		if (!done) await reader.cancel().catch(() => {});
		reader.releaseLock();
	}
}

/**
 * The SSE standard discards an event whose terminating blank line never arrived; we do the same,
 * but say so. Feeding a synthetic terminator reveals whether data was pending.
 */
function checkEndedOnBoundary(
	parser: ReturnType<typeof createParser>,
	state: ParserState,
	tail: string,
	url: string | undefined
): void {
	const normalised = tail.replace(/\r\n?/g, '\n');
	if (normalised === '' || normalised.endsWith('\n\n')) return;
	parser.feed('\n\n');
	const partial = state.queue.splice(0)[0];
	if (partial) throw cutMidEventError(partial, url);
}
