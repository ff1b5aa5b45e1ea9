/**
 * Streamable HTTP, both eras. Modern (2026-07-28): one POST per message carrying
 * `MCP-Protocol-Version`, `Mcp-Method`, `Mcp-Name`, `Mcp-Param-*`; JSON or SSE answers; closing a
 * response stream is the cancellation; no sessions, no GET, no resumption. Legacy (2025-03-26 …
 * 2025-11-25): `Mcp-Session-Id`, the optional GET stream, resumption with `Last-Event-ID`,
 * DELETE on close.
 */
import { TransportError } from '../errors.js';
import { standardMcpHeaders } from '../header-values.js';
import { bodyFormat, readJsonMessages } from '../http-body.js';
import { emitFailure, httpError, sendHttp, type Exchange } from '../http.js';
import { isJsonRpcRequest, type JsonRpcMessage } from '../jsonrpc.js';
import { META_PROTOCOL_VERSION } from '../protocol.js';
import { DEFAULT_MAX_MESSAGE_SIZE } from '../stream-limits.js';
import type { SendOptions, Transport } from '../transport.js';
import type { Era } from '../wire.js';
import {
	deleteSession,
	discard,
	errorStatusOutcome,
	mergeHeaders,
	requireEventStream,
	sessionExpiredError,
	withAuthRetry
} from './http-shared.js';
import { HttpTransportBase, type HttpTransportOptions } from './http-base.js';
import type { StreamHost, StreamJob } from './http-streams.js';
import { DEFAULT_RECONNECT } from './reconnect.js';

/**
 * Follows an SSE response. The stream reader (http-streams.ts, sse.ts and eventsource-parser) is
 * loaded the first time a server answers with an event stream: a server that answers JSON never
 * needs it, and the embed's first load stays smaller (issue 7's budget).
 */
async function follow(host: StreamHost, job: StreamJob, exchange: Exchange): Promise<void> {
	const { followStream } = await import('./http-streams.js');
	return followStream(host, job, exchange);
}

export interface StreamableHttpOptions extends HttpTransportOptions {
	/** Legacy: open the standalone GET stream after `notifications/initialized`. Default true. */
	openGetStream?: boolean;
	/** Time limit for the DELETE sent on close. Default 5000 ms. */
	deleteTimeoutMs?: number;
}

export class StreamableHttpTransport extends HttpTransportBase implements Transport {
	readonly #url: string;
	readonly #options: StreamableHttpOptions;
	readonly #streams: StreamHost;
	#protocolVersion?: string;
	#sessionId?: string;

	constructor(options: StreamableHttpOptions) {
		super(options);
		this.#url = String(options.url);
		this.#options = options;
		this.#streams = {
			emit: (event) => this.ctx.emit(event),
			era: () => this.era,
			maxMessageSize: options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE,
			reconnect: { ...DEFAULT_RECONNECT, ...options.reconnect },
			deliver: (message, exchangeId) => this.deliver(message, exchangeId),
			report: (error) => this.report(error),
			openGet: (lastEventId, signal) => this.#openGet(lastEventId, signal)
		};
	}

	get sessionId(): string | undefined {
		return this.#sessionId;
	}

	async start(): Promise<void> {
		this.#assertOpen();
	}

	setProtocolVersion(version: string, era: Era): void {
		this.#protocolVersion = version;
		this.era = era;
	}

	async send(message: JsonRpcMessage, options: SendOptions = {}): Promise<void> {
		this.#assertOpen();
		const exchangeId = this.recordOutgoing(message);
		const signal = this.signalFor(options.signal);
		const body = JSON.stringify(message);
		// The first attempt carries the id the outgoing message event already names.
		let id: string | undefined = exchangeId;
		const post = async () => {
			const headers = await this.#postHeaders(message, options);
			const request = { method: 'POST' as const, url: this.#url, headers, body, signal, id };
			id = undefined;
			return sendHttp(this.ctx, request);
		};
		const auth = this.#options.authProvider;
		const exchange = await withAuthRetry(auth, { url: this.#url, method: 'POST' }, post);
		await this.#handlePostResponse(exchange, message, options, signal);
	}

	async close(): Promise<void> {
		if (this.closed) return;
		this.closing.abort();
		if (this.#sessionId !== undefined && this.era !== 'modern') {
			const timeoutMs = this.#options.deleteTimeoutMs ?? 5000;
			await deleteSession(this.ctx, this.#url, await this.#baseHeaders('DELETE'), timeoutMs);
		}
		this.#sessionId = undefined;
		this.onclose?.();
	}

	#assertOpen(): void {
		if (this.closed) throw this.closedError(this.#url);
	}

	/** Modern: the header "MUST match" `_meta`'s version, so it is taken from there when present. */
	#versionFor(message: JsonRpcMessage | undefined): string | undefined {
		if (!message || !('method' in message)) return this.#protocolVersion;
		const fromMeta = (message.params?._meta as Record<string, unknown> | undefined)?.[
			META_PROTOCOL_VERSION
		];
		if (this.era === 'modern' && typeof fromMeta === 'string') return fromMeta;
		// Legacy negotiates the version inside `initialize`; the header starts after it.
		if (message.method === 'initialize' && this.era !== 'modern') return undefined;
		return this.#protocolVersion;
	}

	async #baseHeaders(
		method: 'POST' | 'GET' | 'DELETE',
		message?: JsonRpcMessage
	): Promise<Record<string, string>> {
		const version = this.#versionFor(message);
		const session = this.era !== 'modern' ? this.#sessionId : undefined;
		return mergeHeaders(
			this.#options.headers,
			await this.#options.authProvider?.headers({ url: this.#url, method }),
			version === undefined ? undefined : { 'MCP-Protocol-Version': version },
			session === undefined ? undefined : { 'Mcp-Session-Id': session }
		);
	}

	async #postHeaders(
		message: JsonRpcMessage,
		options: SendOptions
	): Promise<Record<string, string>> {
		return mergeHeaders(
			await this.#baseHeaders('POST', message),
			{ Accept: 'application/json, text/event-stream', 'Content-Type': 'application/json' },
			standardMcpHeaders(message, this.era ?? 'legacy'),
			this.era === 'modern' ? options.headers : undefined
		);
	}

	async #handlePostResponse(
		exchange: Exchange,
		message: JsonRpcMessage,
		options: SendOptions,
		signal: AbortSignal
	): Promise<void> {
		const { response } = exchange;
		if (response.status === 404 && exchange.request.headers['Mcp-Session-Id'] !== undefined) {
			throw this.#expireSession(exchange);
		}
		if (!response.ok) return this.#handleErrorStatus(exchange, message);
		this.#captureSession(exchange, message);
		if (response.status === 202 || !isJsonRpcRequest(message)) {
			await discard(exchange);
			return this.#afterAccepted(message);
		}
		if ((await bodyFormat(exchange)) === 'json') {
			const max = this.#streams.maxMessageSize;
			for (const reply of await readJsonMessages(exchange, max)) this.deliver(reply, exchange.id);
			return;
		}
		const job = { requestId: message.id, signal, onResumption: options.onResumption };
		void follow(this.#streams, job, exchange);
	}

	async #handleErrorStatus(exchange: Exchange, message: JsonRpcMessage): Promise<void> {
		const outcome = await errorStatusOutcome(exchange, message);
		if (!(outcome instanceof TransportError)) return this.deliver(outcome, exchange.id);
		emitFailure(this.ctx.emit, outcome, exchange.id);
		throw outcome;
	}

	#expireSession(exchange: Exchange): TransportError {
		const error = sessionExpiredError(exchange, this.#sessionId);
		this.#sessionId = undefined;
		emitFailure(this.ctx.emit, error, exchange.id);
		return error;
	}

	/** "A server … MAY assign a session ID at initialization time" (legacy only). */
	#captureSession(exchange: Exchange, message: JsonRpcMessage): void {
		if (this.era === 'modern' || !('method' in message) || message.method !== 'initialize') return;
		const session = exchange.response.headers.get('mcp-session-id');
		if (session) this.#sessionId = session;
	}

	#afterAccepted(message: JsonRpcMessage): void {
		const initialized = 'method' in message && message.method === 'notifications/initialized';
		if (initialized && this.era !== 'modern' && this.#options.openGetStream !== false) {
			void this.#runGetStream();
		}
	}

	/** The optional legacy GET stream for server-initiated messages; 405 means "not offered". */
	async #runGetStream(): Promise<void> {
		const signal = this.closing.signal;
		try {
			const exchange = await this.#openGet(undefined, signal);
			if (exchange) await follow(this.#streams, { signal }, exchange);
		} catch (error) {
			if (!signal.aborted && error instanceof TransportError) this.report(error);
		}
	}

	async #openGet(
		lastEventId: string | undefined,
		signal: AbortSignal
	): Promise<Exchange | undefined> {
		const get = async () => {
			const resume = lastEventId === undefined ? undefined : { 'Last-Event-ID': lastEventId };
			const headers = mergeHeaders(
				await this.#baseHeaders('GET'),
				{ Accept: 'text/event-stream' },
				resume
			);
			return sendHttp(this.ctx, { method: 'GET', url: this.#url, headers, signal });
		};
		const auth = this.#options.authProvider;
		const exchange = await withAuthRetry(auth, { url: this.#url, method: 'GET' }, get);
		if (exchange.response.status === 405) {
			await discard(exchange);
			this.ctx.emit({
				type: 'info',
				message: 'The server offers no GET event stream (405); that is allowed.'
			});
			return undefined;
		}
		if (exchange.response.status === 404 && this.#sessionId !== undefined)
			throw this.#expireSession(exchange);
		if (!exchange.response.ok) throw await httpError(exchange);
		return requireEventStream(exchange);
	}
}
