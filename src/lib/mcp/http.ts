/**
 * One HTTP exchange for the HTTP transports: sends it, records it on the wire (request, response
 * headers as the caller can see them, timing, body size) and turns every way it can fail into a
 * `TransportError` whose message says what to fix. Body readers for JSON live here too; SSE
 * bodies go through `sse.ts`.
 */
import { TransportError, type FailureKind } from './errors.js';
import { failureMessages, statusError } from './http-errors.js';
import type { FetchLike } from './transport.js';
import { newExchangeId, type WireEventInit } from './wire.js';

export type Emit = (event: WireEventInit) => void;

export interface HttpContext {
	fetch: FetchLike;
	emit: Emit;
}

export interface ExchangeRequest {
	method: 'GET' | 'POST' | 'DELETE';
	url: string;
	headers: Record<string, string>;
	body?: string;
	signal?: AbortSignal;
	/** Milliseconds to wait for the response headers; no limit when absent. */
	timeoutMs?: number;
	/** A pre-allocated exchange id (so a message event can name its exchange before it starts). */
	id?: string;
}

export interface Exchange {
	id: string;
	request: ExchangeRequest;
	response: Response;
	/** Response headers as the caller can see them (in a browser, only CORS-exposed ones). */
	headers: Record<string, string>;
	/** Lower-cased media type without parameters; `''` when the server sent none. */
	mediaType: string;
	startedAt: number;
	/** The response body, counting bytes; `http-body-end` is recorded when it ends or is cancelled. */
	body(): ReadableStream<Uint8Array>;
}

/** Headers visible through `Headers.forEach` — exactly what the page could read. */
export function headersToRecord(headers: Headers): Record<string, string> {
	const record: Record<string, string> = {};
	headers.forEach((value, name) => {
		record[name] = value;
	});
	return record;
}

/** The wire log is exportable: keep the auth scheme and the last 4 characters only. */
function redact(headers: Record<string, string>): Record<string, string> {
	const out = { ...headers };
	for (const name of Object.keys(out)) {
		if (name.toLowerCase() !== 'authorization') continue;
		const [scheme = '', secret = ''] = out[name]!.split(' ', 2);
		out[name] = `${scheme} …${secret.slice(-4)}`;
	}
	return out;
}

export function emitFailure(emit: Emit, error: TransportError, exchangeId?: string): void {
	emit({
		type: 'failure',
		kind: error.kind,
		message: error.message,
		hint: error.hint,
		exchangeId,
		url: error.url,
		status: error.status
	});
}

/**
 * The fetch signal: the caller's (which must also abort the body later, e.g. cancellation of an
 * SSE response) joined with a timeout for the response headers, telling the two apart.
 */
function linkAbort(request: ExchangeRequest) {
	const timeout = new AbortController();
	let timedOut = false;
	const timer =
		request.timeoutMs === undefined
			? undefined
			: setTimeout(() => {
					timedOut = true;
					timeout.abort();
				}, request.timeoutMs);
	const signal = request.signal
		? AbortSignal.any([request.signal, timeout.signal])
		: timeout.signal;
	return { signal, timedOut: () => timedOut, done: () => clearTimeout(timer) };
}

async function fetchFailure(
	ctx: HttpContext,
	error: unknown,
	request: ExchangeRequest,
	timedOut: boolean
): Promise<TransportError> {
	const kind: FailureKind = timedOut
		? 'timeout'
		: request.signal?.aborted
			? 'aborted'
			: await import('./fetch-failure.js').then((m) =>
					m.classifyFetchFailure(ctx.fetch, request.url, error)
				);
	const { message, hint } = failureMessages(kind, request, error);
	return new TransportError({ kind, message, hint, url: request.url, cause: error });
}

/**
 * Sends one request and resolves with the exchange once the response headers arrived, whatever
 * the status. Rejects with a `TransportError` (`network`, `cors`, `tls`, `timeout`, `aborted`) when there
 * is no response. The caller's `signal` also aborts the body later.
 */
export async function sendHttp(ctx: HttpContext, request: ExchangeRequest): Promise<Exchange> {
	const id = request.id ?? newExchangeId();
	const startedAt = Date.now();
	ctx.emit({
		type: 'http-request',
		exchangeId: id,
		method: request.method,
		url: request.url,
		headers: redact(request.headers),
		body: request.body
	});
	const abort = linkAbort(request);
	let response: Response;
	try {
		response = await ctx.fetch(request.url, {
			method: request.method,
			headers: request.headers,
			body: request.body,
			signal: abort.signal
		});
	} catch (error) {
		const failure = await fetchFailure(ctx, error, request, abort.timedOut());
		emitFailure(ctx.emit, failure, id);
		throw failure;
	} finally {
		abort.done();
	}
	return recordResponse(ctx, { id, request, response, startedAt });
}

function recordResponse(
	ctx: HttpContext,
	base: Pick<Exchange, 'id' | 'request' | 'response' | 'startedAt'>
): Exchange {
	const headers = headersToRecord(base.response.headers);
	const contentType = base.response.headers.get('content-type') ?? undefined;
	const mediaType = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
	ctx.emit({
		type: 'http-response',
		exchangeId: base.id,
		status: base.response.status,
		statusText: base.response.statusText,
		headers,
		durationMs: Date.now() - base.startedAt,
		contentType
	});
	let body: ReadableStream<Uint8Array> | undefined;
	const exchange: Exchange = {
		...base,
		headers,
		mediaType,
		body: () => (body ??= countingBody(ctx, exchange))
	};
	return exchange;
}

function countingBody(ctx: HttpContext, exchange: Exchange): ReadableStream<Uint8Array> {
	const source = exchange.response.body;
	let bytes = 0;
	let ended = false;
	const end = () => {
		if (ended) return;
		ended = true;
		ctx.emit({
			type: 'http-body-end',
			exchangeId: exchange.id,
			bytes,
			durationMs: Date.now() - exchange.startedAt
		});
	};
	// An AuthProvider may have read the body of a 401 already: then there is nothing left to count.
	if (!source || source.locked) {
		end();
		return new ReadableStream({ start: (controller) => controller.close() });
	}
	const reader = source.getReader();
	return new ReadableStream<Uint8Array>({
		async pull(controller) {
			const chunk = await reader.read().catch((error: unknown) => {
				end();
				throw error;
			});
			if (chunk.done) {
				end();
				controller.close();
				return;
			}
			bytes += chunk.value.byteLength;
			controller.enqueue(chunk.value);
		},
		async cancel(reason) {
			end();
			await reader.cancel(reason).catch(() => {});
		}
	});
}

/** Reads at most `limit` characters of the body (for error messages), then lets the rest go. */
export async function readBodySnippet(exchange: Exchange, limit = 2048): Promise<string> {
	const reader = exchange.body().getReader();
	const decoder = new TextDecoder();
	let text = '';
	try {
		while (text.length < limit) {
			const chunk = await reader.read();
			if (chunk.done) break;
			text += decoder.decode(chunk.value, { stream: true });
		}
	} catch {
		// A body that fails half-way still gives what arrived; the status is the story.
	} finally {
		await reader.cancel().catch(() => {});
	}
	return text.slice(0, limit);
}

/** A `TransportError` of kind `http` for a status that is an error for this exchange. */
export async function httpError(exchange: Exchange): Promise<TransportError> {
	const snippet = await readBodySnippet(exchange);
	return statusError(exchange, snippet);
}
