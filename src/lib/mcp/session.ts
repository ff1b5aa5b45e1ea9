/**
 * The message layer under `McpClient`: sends requests and notifications over one transport,
 * dispatches what arrives (responses → the pending map, progress → its request, server requests
 * → the handler set, the transport records every message on the wire), and applies the era's rules to each request
 * (`_meta` for modern, `notifications/cancelled` for legacy cancellation).
 */
import { TransportError, isTransportError } from './errors.js';
import { answerServerRequest, type ClientHandlers } from './handlers.js';
import {
	ErrorCode,
	IdAllocator,
	McpError,
	isJsonRpcErrorResponse,
	isJsonRpcNotification,
	isJsonRpcRequest,
	isJsonRpcResponse,
	type JsonRpcMessage,
	type JsonRpcNotification,
	type JsonRpcRequest,
	type RequestId
} from './jsonrpc.js';
import {
	META_CLIENT_CAPABILITIES,
	META_CLIENT_INFO,
	META_LOG_LEVEL,
	META_PROTOCOL_VERSION
} from './protocol.js';
import { PendingRequests } from './requests.js';
import type { Transport } from './transport.js';
import type { ClientCapabilities, Implementation, LoggingLevel, Progress, Root } from './types.js';
import { wireEmitter, type Era, type WireEventInit, type WireSink } from './wire.js';

export interface RequestOptions {
	/** Aborting cancels the request (legacy: `notifications/cancelled`; modern: closes the stream). */
	signal?: AbortSignal;
	/** Idle timeout in ms, reset by progress notifications. `Infinity` disables it. */
	timeoutMs?: number;
	/** Hard cap in ms from the start, never extended by progress. */
	maxTotalTimeoutMs?: number;
	/** Asks for progress (`_meta.progressToken`) and receives it. */
	onprogress?: (progress: Progress) => void;
	/** Extra HTTP headers for this request only (e.g. `Mcp-Param-*`). */
	headers?: Record<string, string>;
	/** Extra `_meta` entries. */
	meta?: Record<string, unknown>;
	/** Told the JSON-RPC id of each request sent for this call (MRTR rounds get new ids). */
	onRequestId?: (id: RequestId) => void;
}

export interface SessionOptions {
	clientInfo: Implementation;
	handlers: ClientHandlers;
	capabilities: () => ClientCapabilities;
	roots: () => Root[] | undefined;
	wire?: WireSink;
	requestTimeoutMs: number;
	maxTotalTimeoutMs: number;
	onNotification: (notification: JsonRpcNotification) => void;
	onClose: () => void;
	onError: (error: Error) => void;
}

export class Session {
	readonly transport: Transport;
	era: Era = 'legacy';
	protocolVersion: string | undefined;
	/** Modern era: the per-request log level (`io.modelcontextprotocol/logLevel`). */
	logLevel: LoggingLevel | undefined;
	#options: SessionOptions;
	#pending = new PendingRequests();
	#ids = new IdAllocator();
	#emit: (event: WireEventInit) => void;
	/** Legacy server→client requests in progress, so `notifications/cancelled` can abort them. */
	#serving = new Map<RequestId, AbortController>();
	#closed = false;

	constructor(transport: Transport, options: SessionOptions) {
		this.transport = transport;
		this.#options = options;
		this.#emit = wireEmitter(options.wire);
		transport.wire ??= options.wire;
		transport.onmessage = (message) => this.#receive(message);
		transport.onerror = (error) => {
			// A failure tied to one request (its stream broke for good) fails that request.
			if (isTransportError(error) && error.requestId !== undefined) {
				this.#pending.reject(error.requestId, error);
			}
			options.onError(error);
		};
		transport.onclose = () => this.#transportClosed();
	}

	get closed(): boolean {
		return this.#closed;
	}

	info(message: string): void {
		this.#emit({ type: 'info', message });
	}

	use(era: Era, version: string): void {
		this.era = era;
		this.protocolVersion = version;
		this.transport.setProtocolVersion?.(version, era);
	}

	/** One request and its response: the only way requests are sent. */
	async roundTrip(
		method: string,
		params: Record<string, unknown> | undefined,
		options: RequestOptions = {}
	): Promise<Record<string, unknown>> {
		if (this.#closed) throw closedError(method);
		options.signal?.throwIfAborted();
		const id = this.#ids.next();
		options.onRequestId?.(id);
		const exchange = new AbortController();
		const progressToken = options.onprogress ? id : undefined;
		const message: JsonRpcRequest = { jsonrpc: '2.0', id, method };
		const finalParams = this.#withMeta(params, progressToken, options.meta);
		if (finalParams) message.params = finalParams;
		const result = this.#pending.add(id, {
			method,
			timeoutMs: options.timeoutMs ?? this.#options.requestTimeoutMs,
			maxTotalTimeoutMs: options.maxTotalTimeoutMs ?? this.#options.maxTotalTimeoutMs,
			progressToken,
			onprogress: options.onprogress,
			onGiveUp: (error) => this.#cancelOnWire(id, method, exchange, error.message)
		});
		const onAbort = () => {
			const reason = abortReason(options.signal?.reason, method);
			if (this.#pending.reject(id, reason))
				this.#cancelOnWire(id, method, exchange, reason.message);
		};
		options.signal?.addEventListener('abort', onAbort, { once: true });
		this.transport
			.send(message, { signal: exchange.signal, headers: options.headers })
			.catch((error: unknown) => this.#pending.reject(id, errorFromSendFailure(error, id)));
		try {
			return await result;
		} finally {
			options.signal?.removeEventListener('abort', onAbort);
		}
	}

	async notify(method: string, params?: Record<string, unknown>): Promise<void> {
		if (this.#closed) throw closedError(method);
		const message: JsonRpcNotification = { jsonrpc: '2.0', method };
		if (params) message.params = params;
		await this.transport.send(message);
	}

	/** Closes the transport; every pending request is rejected and every timer cleared. */
	async close(): Promise<void> {
		if (this.#closed) return;
		this.#shutdown();
		await this.transport.close();
	}

	#transportClosed(): void {
		if (this.#closed) return;
		this.#shutdown();
	}

	#shutdown(): void {
		this.#closed = true;
		this.#pending.rejectAll(
			new TransportError({ kind: 'aborted', message: 'The connection was closed' })
		);
		for (const controller of this.#serving.values()) controller.abort();
		this.#serving.clear();
		this.#options.onClose();
	}

	#withMeta(
		params: Record<string, unknown> | undefined,
		progressToken: RequestId | undefined,
		extra: Record<string, unknown> | undefined
	): Record<string, unknown> | undefined {
		const meta: Record<string, unknown> = { ...(params?._meta as object | undefined), ...extra };
		if (progressToken !== undefined) meta.progressToken = progressToken;
		if (this.era === 'modern') {
			meta[META_PROTOCOL_VERSION] = this.protocolVersion;
			meta[META_CLIENT_CAPABILITIES] = this.#options.capabilities();
			meta[META_CLIENT_INFO] = this.#options.clientInfo;
			if (this.logLevel) meta[META_LOG_LEVEL] = this.logLevel;
		}
		if (Object.keys(meta).length === 0) return params;
		return { ...params, _meta: meta };
	}

	/**
	 * Legacy: "the sender … SHOULD send notifications/cancelled"; the initialize request "MUST NOT
	 * be cancelled". Modern: cancellation is closing the request's stream (aborting the exchange).
	 */
	#cancelOnWire(id: RequestId, method: string, exchange: AbortController, reason: string): void {
		if (this.era === 'legacy' && method !== 'initialize' && !this.#closed) {
			this.notify('notifications/cancelled', { requestId: id, reason }).catch((error: unknown) =>
				this.info(`Could not send notifications/cancelled for request ${id}: ${String(error)}`)
			);
		} else if (this.era === 'modern' && !this.#closed) {
			// Nothing is sent, so without this the wire would only show a body that ended early.
			this.info(
				`Cancelled request ${String(id)} (${method}) by closing its response stream (2026-07-28 has no notifications/cancelled): ${reason}`
			);
		}
		exchange.abort(reason);
	}

	#receive(message: JsonRpcMessage): void {
		if (isJsonRpcResponse(message)) {
			if (!this.#pending.settle(message)) {
				this.info(`Ignored a response for unknown or finished request id ${String(message.id)}`);
			}
		} else if (isJsonRpcRequest(message)) {
			void this.#serve(message);
		} else if (isJsonRpcNotification(message)) {
			this.#notification(message);
		}
	}

	#notification(notification: JsonRpcNotification): void {
		const params = notification.params ?? {};
		if (notification.method === 'notifications/progress') {
			const token = params.progressToken as RequestId;
			const { progress, total, message } = params as Partial<Progress>;
			if (typeof progress === 'number') this.#pending.progress(token, { progress, total, message });
		} else if (notification.method === 'notifications/cancelled') {
			const id = params.requestId as RequestId;
			this.#serving.get(id)?.abort(params.reason);
		}
		this.#options.onNotification(notification);
	}

	/** Legacy server→client request, answered through the one handler set. */
	async #serve(request: JsonRpcRequest): Promise<void> {
		const controller = new AbortController();
		this.#serving.set(request.id, controller);
		let response: JsonRpcMessage;
		try {
			const result = await answerServerRequest(request.method, request.params, {
				handlers: this.#options.handlers,
				roots: this.#options.roots(),
				signal: controller.signal,
				era: 'legacy'
			});
			response = { jsonrpc: '2.0', id: request.id, result };
		} catch (error) {
			const mcp =
				error instanceof McpError
					? error
					: new McpError(
							ErrorCode.InternalError,
							error instanceof Error ? error.message : String(error)
						);
			response = { jsonrpc: '2.0', id: request.id, error: mcp.toObject() };
		} finally {
			this.#serving.delete(request.id);
		}
		// "Receivers of a cancellation notification … SHOULD NOT send a response."
		if (controller.signal.aborted || this.#closed) return;
		await this.transport
			.send(response)
			.catch((error: unknown) => this.#options.onError(error as Error));
	}
}

function closedError(method: string): TransportError {
	return new TransportError({
		kind: 'aborted',
		message: `Cannot send ${method}: the connection is closed. Reconnect first.`
	});
}

function abortReason(reason: unknown, method: string): Error {
	if (reason instanceof Error) return reason;
	return new TransportError({
		kind: 'aborted',
		message: `${method} was cancelled${reason === undefined ? '' : `: ${String(reason)}`}`
	});
}

/**
 * A modern server answers some errors (e.g. `-32022`) with HTTP 400 and a JSON-RPC error body.
 * If the transport rejected the send with that body, the JSON-RPC error is the real answer.
 */
function errorFromSendFailure(error: unknown, id: RequestId): unknown {
	if (!isTransportError(error) || error.kind !== 'http' || !error.bodySnippet) return error;
	try {
		const body: unknown = JSON.parse(error.bodySnippet);
		if (isJsonRpcErrorResponse(body) && (body.id === id || body.id === null)) {
			return McpError.fromObject(body.error);
		}
	} catch {
		// Not JSON: the HTTP error stands.
	}
	return error;
}
