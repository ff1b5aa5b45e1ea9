/** What both HTTP transports share: the wire record, delivery of messages, and the close signal. */
import { TransportError } from '../errors.js';
import { emitFailure, type HttpContext } from '../http.js';
import type { JsonRpcMessage } from '../jsonrpc.js';
import type { AuthProvider, FetchLike } from '../transport.js';
import { newExchangeId, wireEmitter, type Era, type WireSink } from '../wire.js';
import { correlationIdOf } from './http-shared.js';
import type { ReconnectOptions } from './reconnect.js';

/** The options both HTTP transports take; each adds its own. */
export interface HttpTransportOptions {
	/** The MCP endpoint (Streamable HTTP) or the SSE URL, the GET endpoint (HTTP+SSE). */
	url: string | URL;
	/** Defaults to `globalThis.fetch`. */
	fetch?: FetchLike;
	/** Extra headers on every request (e.g. a static `Authorization`). Protocol headers win. */
	headers?: Record<string, string>;
	authProvider?: AuthProvider;
	wire?: WireSink;
	reconnect?: ReconnectOptions;
	/** Largest accepted message (JSON body or SSE event). Default 32 MiB. */
	maxMessageSize?: number;
}

export abstract class HttpTransportBase {
	onmessage?: (message: JsonRpcMessage) => void;
	onerror?: (error: Error) => void;
	onclose?: () => void;

	protected readonly ctx: HttpContext;
	/** Aborted by `close()`: every fetch, stream and reconnection wait listens to it. */
	protected readonly closing = new AbortController();
	protected era?: Era;
	#wire?: WireSink;

	constructor({ fetch, wire }: HttpTransportOptions) {
		this.ctx = { fetch: fetch ?? ((input, init) => globalThis.fetch(input, init)), emit: () => {} };
		this.wire = wire;
	}

	get wire(): WireSink | undefined {
		return this.#wire;
	}

	set wire(sink: WireSink | undefined) {
		this.#wire = sink;
		this.ctx.emit = wireEmitter(sink);
	}

	protected get closed(): boolean {
		return this.closing.signal.aborted;
	}

	protected closedError(url: string): TransportError {
		return new TransportError({ kind: 'aborted', message: 'The connection is closed.', url });
	}

	/** The request's own signal joined with the transport's close signal. */
	protected signalFor(signal: AbortSignal | undefined): AbortSignal {
		return signal ? AbortSignal.any([signal, this.closing.signal]) : this.closing.signal;
	}

	/** Records an outgoing message; returns the exchange id its HTTP request will use. */
	protected recordOutgoing(message: JsonRpcMessage): string {
		const exchangeId = newExchangeId();
		const correlationId = correlationIdOf(message);
		this.ctx.emit({
			type: 'message',
			direction: 'outgoing',
			message,
			correlationId,
			era: this.era,
			exchangeId
		});
		return exchangeId;
	}

	protected deliver(message: JsonRpcMessage, exchangeId: string): void {
		const correlationId = correlationIdOf(message);
		this.ctx.emit({
			type: 'message',
			direction: 'incoming',
			message,
			correlationId,
			era: this.era,
			exchangeId
		});
		try {
			this.onmessage?.(message);
		} catch (error) {
			// The owner's handler failed; the stream must keep going.
			this.onerror?.(error instanceof Error ? error : new Error(String(error)));
		}
	}

	protected report(error: TransportError): void {
		emitFailure(this.ctx.emit, error);
		this.onerror?.(error);
	}
}
