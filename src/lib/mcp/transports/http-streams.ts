/**
 * Following an SSE response stream of Streamable HTTP — the one of a POST (carrying a request's
 * notifications and response) or the legacy standalone GET stream — including resumption.
 *
 * Resumability (2025-11-25, SEP-1699): "If the client has received an event ID, it SHOULD issue
 * an HTTP GET with Last-Event-ID to resume"; "the client MUST respect the retry field, waiting
 * the given number of milliseconds before attempting to reconnect"; and a dropped stream "SHOULD
 * NOT be interpreted as the client cancelling its request". The modern era (2026-07-28) has no
 * resumption: "Resumable SSE streams via Last-Event-ID are not supported."
 */
import { TransportError } from '../errors.js';
import { parseJsonRpc } from '../http-body.js';
import type { Emit, Exchange } from '../http.js';
import { isJsonRpcResponse, type JsonRpcMessage, type RequestId } from '../jsonrpc.js';
import { readSse, type SseEvent } from '../sse.js';
import type { Era } from '../wire.js';
import { reconnectDelay, sleep, type ReconnectOptions } from './reconnect.js';

export interface StreamHost {
	emit: Emit;
	era(): Era | undefined;
	maxMessageSize: number;
	reconnect: Required<ReconnectOptions>;
	deliver(message: JsonRpcMessage, exchangeId: string): void;
	report(error: TransportError): void;
	/** Opens a GET event stream; undefined when the server offers none (405). Throws TransportError. */
	openGet(lastEventId: string | undefined, signal: AbortSignal): Promise<Exchange | undefined>;
}

export interface StreamJob {
	/** The request whose response the stream carries; undefined for the standalone GET stream. */
	requestId?: RequestId;
	/** Aborted on close and on cancellation of the request. */
	signal: AbortSignal;
	onResumption?: (lastEventId: string | undefined) => void;
}

interface Cursor {
	lastEventId?: string;
	retryMs?: number;
}

interface Outcome {
	/** The job is complete: the response arrived (or the job was cancelled). */
	finished: boolean;
	events: number;
	error?: TransportError;
}

function handleEvent(
	host: StreamHost,
	job: StreamJob,
	exchange: Exchange,
	event: SseEvent
): boolean {
	host.emit({ type: 'sse-event', exchangeId: exchange.id, ...event });
	// Only the default type carries JSON-RPC; an empty `data:` is a priming event (SEP-1699).
	if ((event.event !== undefined && event.event !== 'message') || event.data === '') return false;
	let messages: JsonRpcMessage[];
	try {
		messages = parseJsonRpc(
			event.data,
			`An SSE event from ${exchange.request.url}`,
			exchange.request.url
		);
	} catch (error) {
		host.report(error as TransportError);
		return false;
	}
	let answered = false;
	for (const message of messages) {
		host.deliver(message, exchange.id);
		if (isJsonRpcResponse(message) && job.requestId !== undefined && message.id === job.requestId) {
			answered = true;
		}
	}
	return answered;
}

async function consume(
	host: StreamHost,
	job: StreamJob,
	exchange: Exchange,
	cursor: Cursor
): Promise<Outcome> {
	const outcome: Outcome = { finished: false, events: 0 };
	const onRetry = (ms: number) => (cursor.retryMs = ms);
	const options = { maxEventSize: host.maxMessageSize, url: exchange.request.url, onRetry };
	try {
		for await (const event of readSse(exchange.body(), options)) {
			outcome.events++;
			if (event.id !== undefined) cursor.lastEventId = event.id;
			// "After the JSON-RPC response has been sent, the server SHOULD terminate the SSE stream."
			if (handleEvent(host, job, exchange, event)) return { ...outcome, finished: true };
		}
	} catch (error) {
		outcome.error = error instanceof TransportError ? error : undefined;
	}
	return { ...outcome, finished: job.signal.aborted };
}

function resumable(
	host: StreamHost,
	job: StreamJob,
	cursor: Cursor,
	error: TransportError | undefined
): boolean {
	if (host.era() === 'modern' || job.signal.aborted || error?.kind === 'too-large') return false;
	// A POST stream can only be resumed from an event id; the GET stream can always be reopened.
	return job.requestId === undefined || cursor.lastEventId !== undefined;
}

function finalError(
	job: StreamJob,
	exchange: Exchange,
	error: TransportError | undefined
): TransportError {
	const requestId = job.requestId;
	const message =
		requestId === undefined
			? `The server's event stream (GET ${exchange.request.url}) ended; server-initiated messages will not arrive.`
			: `The response stream for request ${JSON.stringify(requestId)} ended before the response arrived${error ? `: ${error.message}` : '.'}`;
	return new TransportError({
		kind: error?.kind ?? 'protocol',
		message,
		hint: error?.hint,
		url: exchange.request.url,
		requestId,
		cause: error
	});
}

/** Waits (honouring `retry:`), then reopens with GET + Last-Event-ID; retries failed GETs. */
async function reopen(host: StreamHost, job: StreamJob, cursor: Cursor, attempt: number) {
	for (; attempt < host.reconnect.maxRetries; attempt++) {
		const delay = reconnectDelay(host.reconnect, attempt, cursor.retryMs);
		const from =
			cursor.lastEventId === undefined ? '' : ` with Last-Event-ID ${cursor.lastEventId}`;
		host.emit({
			type: 'info',
			message: `Event stream dropped; reconnecting in ${delay} ms${from}.`
		});
		if (!(await sleep(delay, job.signal))) return { attempt };
		job.onResumption?.(cursor.lastEventId);
		try {
			return { exchange: await host.openGet(cursor.lastEventId, job.signal), attempt: attempt + 1 };
		} catch (error) {
			if (job.signal.aborted) return { attempt };
			host.emit({ type: 'info', message: `Reconnection failed: ${(error as Error).message}` });
		}
	}
	return { attempt, exhausted: true };
}

/**
 * Reads `first` to its end and keeps resuming it (legacy era) until the job is finished, cannot
 * be resumed, or the retries are used up; then reports why through `host.report`.
 */
export async function followStream(
	host: StreamHost,
	job: StreamJob,
	first: Exchange
): Promise<void> {
	const cursor: Cursor = {};
	let exchange = first;
	let attempt = 0;
	for (;;) {
		const outcome = await consume(host, job, exchange, cursor);
		if (outcome.finished || job.signal.aborted) return;
		if (outcome.events > 0) attempt = 0;
		if (!resumable(host, job, cursor, outcome.error)) {
			return host.report(finalError(job, exchange, outcome.error));
		}
		const next = await reopen(host, job, cursor, attempt);
		attempt = next.attempt;
		if (job.signal.aborted) return;
		if (!next.exchange) return host.report(finalError(job, exchange, outcome.error));
		exchange = next.exchange;
	}
}
