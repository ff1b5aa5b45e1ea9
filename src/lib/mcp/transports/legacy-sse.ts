/**
 * The 2024-11-05 HTTP+SSE transport (deprecated, still deployed): a GET opens an event stream
 * whose first `endpoint` event names the URL for POSTs; server messages arrive as `message`
 * events; each POST is answered 202. Read with `fetch` + `sse.ts`, not `EventSource`, which
 * cannot send `Authorization` or custom headers.
 */
import { TransportError } from '../errors.js';
import { parseJsonRpc } from '../http-body.js';
import { emitFailure, httpError, sendHttp, type Exchange } from '../http.js';
import type { JsonRpcMessage } from '../jsonrpc.js';
import { readSse, type SseEvent } from '../sse.js';
import { DEFAULT_MAX_MESSAGE_SIZE } from '../stream-limits.js';
import type { SendOptions, Transport } from '../transport.js';
import type { Era } from '../wire.js';
import {
	discard,
	errorStatusOutcome,
	mergeHeaders,
	requireEventStream,
	withAuthRetry
} from './http-shared.js';
import {
	endpointTimeoutError,
	noEndpointError,
	reopenFailedError,
	resolveEndpoint
} from './legacy-sse-endpoint.js';
import { HttpTransportBase, type HttpTransportOptions } from './http-base.js';
import { DEFAULT_RECONNECT, reconnectDelay, sleep, type ReconnectOptions } from './reconnect.js';

export interface LegacySseOptions extends HttpTransportOptions {
	/** How long `start()` waits for the `endpoint` event. Default 10 000 ms. */
	endpointTimeoutMs?: number;
}

interface StreamCursor {
	lastEventId?: string;
	retryMs?: number;
}

export { resolveEndpoint };

export class LegacySseTransport extends HttpTransportBase implements Transport {
	readonly #url: string;
	readonly #options: LegacySseOptions;
	readonly #reconnect: Required<ReconnectOptions>;
	#endpoint?: string;
	#endpointWaiter?: { resolve: (url: string) => void; reject: (error: TransportError) => void };

	constructor(options: LegacySseOptions) {
		super(options);
		this.era = 'legacy';
		this.#url = String(options.url);
		this.#options = options;
		this.#reconnect = { ...DEFAULT_RECONNECT, ...options.reconnect };
	}

	/** The POST URL the server announced, once started. */
	get endpoint(): string | undefined {
		return this.#endpoint;
	}

	/** Opens the stream and resolves once the `endpoint` event arrived. Closes itself on failure. */
	async start(): Promise<void> {
		if (this.closed) throw this.closedError(this.#url);
		const endpoint = new Promise<string>((resolve, reject) => {
			this.#endpointWaiter = { resolve, reject };
		});
		try {
			const first = await this.#openStream(undefined);
			void this.#follow(first);
			this.#endpoint = await this.#withEndpointTimeout(endpoint);
		} catch (error) {
			this.#endpointWaiter = undefined;
			await this.close();
			throw error;
		}
	}

	setProtocolVersion(_version: string, era: Era): void {
		// 2024-11-05 defines no version header; only the era is recorded on the wire.
		this.era = era;
	}

	async send(message: JsonRpcMessage, options: SendOptions = {}): Promise<void> {
		if (this.closed) throw this.closedError(this.#url);
		const url = this.#endpoint;
		if (url === undefined) {
			throw new TransportError({
				kind: 'protocol',
				message: 'send() before start(): the server has not announced its endpoint yet.',
				url: this.#url
			});
		}
		const exchangeId = this.recordOutgoing(message);
		const signal = this.signalFor(options.signal);
		let id: string | undefined = exchangeId;
		const post = async () => {
			const headers = mergeHeaders(
				this.#options.headers,
				await this.#options.authProvider?.headers({ url, method: 'POST' }),
				{ 'Content-Type': 'application/json' }
			);
			const request = {
				method: 'POST' as const,
				url,
				headers,
				body: JSON.stringify(message),
				signal,
				id
			};
			id = undefined;
			return sendHttp(this.ctx, request);
		};
		const exchange = await withAuthRetry(this.#options.authProvider, { url, method: 'POST' }, post);
		if (exchange.response.ok) return discard(exchange);
		const outcome = await errorStatusOutcome(exchange, message);
		if (!(outcome instanceof TransportError)) return this.deliver(outcome, exchange.id);
		emitFailure(this.ctx.emit, outcome, exchange.id);
		throw outcome;
	}

	async close(): Promise<void> {
		if (this.closed) return;
		this.closing.abort();
		this.#endpointWaiter?.reject(this.closedError(this.#url));
		this.onclose?.();
	}

	async #withEndpointTimeout(endpoint: Promise<string>): Promise<string> {
		const ms = this.#options.endpointTimeoutMs ?? 10_000;
		let timer: ReturnType<typeof setTimeout> | undefined;
		const timeout = new Promise<never>((_, reject) => {
			timer = setTimeout(() => reject(endpointTimeoutError(this.#url, ms)), ms);
		});
		try {
			return await Promise.race([endpoint, timeout]);
		} finally {
			clearTimeout(timer);
		}
	}

	async #openStream(lastEventId: string | undefined): Promise<Exchange> {
		const signal = this.closing.signal;
		const get = async () => {
			const resume = lastEventId === undefined ? undefined : { 'Last-Event-ID': lastEventId };
			const headers = mergeHeaders(
				this.#options.headers,
				await this.#options.authProvider?.headers({ url: this.#url, method: 'GET' }),
				{ Accept: 'text/event-stream' },
				resume
			);
			return sendHttp(this.ctx, { method: 'GET', url: this.#url, headers, signal });
		};
		const exchange = await withAuthRetry(
			this.#options.authProvider,
			{ url: this.#url, method: 'GET' },
			get
		);
		if (!exchange.response.ok) throw await httpError(exchange);
		return requireEventStream(exchange);
	}

	/** Reads the stream; when it drops, reconnects with backoff (honouring `retry:`). */
	async #follow(first: Exchange): Promise<void> {
		const cursor: StreamCursor = {};
		let exchange: Exchange | undefined = first;
		let attempt = 0;
		while (exchange) {
			const { events, error } = await this.#read(exchange, cursor);
			if (this.closed) return;
			if (this.#endpointWaiter) return this.#failStart(error);
			if (events > 0) attempt = 0;
			const next = await this.#reopen(cursor, attempt, error);
			attempt = next.attempt;
			exchange = next.exchange;
		}
		if (!this.closed) await this.#fail(reopenFailedError(this.#url, this.#reconnect.maxRetries));
	}

	async #read(
		exchange: Exchange,
		cursor: StreamCursor
	): Promise<{ events: number; error?: TransportError }> {
		let events = 0;
		const options = {
			maxEventSize: this.#options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE,
			url: this.#url,
			onRetry: (ms: number) => (cursor.retryMs = ms)
		};
		try {
			for await (const event of readSse(exchange.body(), options)) {
				events++;
				if (event.id !== undefined) cursor.lastEventId = event.id;
				this.#handleEvent(exchange, event);
			}
			return { events };
		} catch (error) {
			return { events, error: error instanceof TransportError ? error : undefined };
		}
	}

	#handleEvent(exchange: Exchange, event: SseEvent): void {
		this.ctx.emit({ type: 'sse-event', exchangeId: exchange.id, ...event });
		if (event.event === 'endpoint') return this.#onEndpoint(event.data);
		if ((event.event ?? 'message') !== 'message' || event.data === '') return;
		try {
			for (const message of parseJsonRpc(
				event.data,
				`An SSE message event from ${this.#url}`,
				this.#url
			)) {
				this.deliver(message, exchange.id);
			}
		} catch (error) {
			this.report(error as TransportError);
		}
	}

	#onEndpoint(data: string): void {
		try {
			const endpoint = resolveEndpoint(data, this.#url);
			if (this.#endpoint !== undefined && endpoint !== this.#endpoint) {
				this.ctx.emit({
					type: 'info',
					message: `The server announced a new endpoint after reconnecting (${endpoint}); it may have started a new session.`
				});
			}
			this.#endpoint = endpoint;
			this.#endpointWaiter?.resolve(endpoint);
		} catch (error) {
			if (this.#endpointWaiter) this.#endpointWaiter.reject(error as TransportError);
			else void this.#fail(error as TransportError);
		}
		this.#endpointWaiter = undefined;
	}

	#failStart(error: TransportError | undefined): void {
		this.#endpointWaiter?.reject(error ?? noEndpointError(this.#url));
		this.#endpointWaiter = undefined;
	}

	async #reopen(cursor: StreamCursor, attempt: number, cause: TransportError | undefined) {
		const signal = this.closing.signal;
		for (; attempt < this.#reconnect.maxRetries; attempt++) {
			const delay = reconnectDelay(this.#reconnect, attempt, cursor.retryMs);
			const why = cause ? ` (${cause.message})` : '';
			this.ctx.emit({
				type: 'info',
				message: `The SSE stream dropped${why}; reconnecting in ${delay} ms.`
			});
			if (!(await sleep(delay, signal))) return { attempt };
			try {
				return { exchange: await this.#openStream(cursor.lastEventId), attempt: attempt + 1 };
			} catch (error) {
				if (signal.aborted) return { attempt };
				this.ctx.emit({
					type: 'info',
					message: `Reconnection failed: ${(error as Error).message}`
				});
			}
		}
		return { attempt };
	}

	/** Fatal: reported, then the transport closes ("onerror followed by onclose"). */
	async #fail(error: TransportError): Promise<void> {
		this.report(error);
		await this.close();
	}
}
