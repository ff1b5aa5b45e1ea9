/**
 * The one transport contract. Every transport (Streamable HTTP in both eras, legacy HTTP+SSE,
 * the stdio relay, the in-memory pair) implements it; `McpClient` knows nothing else.
 */
import type { JsonRpcMessage } from './jsonrpc.js';
import type { Era, WireSink } from './wire.js';

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Per-message hints the client gives the transport alongside a message it sends. */
export interface SendOptions {
	/**
	 * Aborting this signal cancels the exchange carrying the message. For the modern era this *is*
	 * the cancellation (closing the response stream); for legacy eras the client also sends
	 * `notifications/cancelled`.
	 */
	signal?: AbortSignal;
	/** Extra HTTP headers for this message only (e.g. `Mcp-Param-*`). Ignored by non-HTTP transports. */
	headers?: Record<string, string>;
	/** Called when a resumable stream for this message drops and is being resumed. */
	onResumption?: (lastEventId: string | undefined) => void;
}

export interface Transport {
	/**
	 * Prepares the transport (for HTTP+SSE: opens the GET stream and waits for the `endpoint`
	 * event; for the relay: spawns the process). Resolves when `send` may be called. Rejects with
	 * a `TransportError` if the transport cannot start; it is then closed.
	 */
	start(): Promise<void>;

	/**
	 * Sends one message. Resolves once the message has been handed over (for HTTP: once the
	 * response headers arrived and were accepted — a JSON body or SSE stream is then delivered
	 * through `onmessage`). Rejects with a `TransportError` (HTTP status, CORS, network, …) or with
	 * a `TransportError` of kind `aborted` when `options.signal` aborts. A rejection is *not*
	 * fatal to the transport; fatal problems go to `onerror` followed by `onclose`.
	 */
	send(message: JsonRpcMessage, options?: SendOptions): Promise<void>;

	/** Closes the transport (HTTP: aborts streams, DELETEs the session). Idempotent. Calls `onclose` once. */
	close(): Promise<void>;

	/** Every message received, in the order received. */
	onmessage?: (message: JsonRpcMessage) => void;
	/** Non-fatal or fatal problems that are not tied to a `send` call (a background stream, bad JSON on a stream). */
	onerror?: (error: Error) => void;
	/** Called exactly once when the transport is closed, by either side. */
	onclose?: () => void;

	/** The wire record sink; set by the owner before `start`. */
	wire?: WireSink;

	/** Legacy Streamable HTTP: the session id the server assigned, if any. */
	readonly sessionId?: string;

	/**
	 * Tells the transport the negotiated protocol version (sent as `MCP-Protocol-Version` by HTTP
	 * transports) and era. The client calls it after negotiation (legacy) or before the first
	 * request (modern).
	 */
	setProtocolVersion?(version: string, era: Era): void;
}

/**
 * Plugs authorization into HTTP transports. The OAuth implementation (src/lib/mcp/auth) provides
 * one; a plain bearer token is a trivial one.
 */
export interface AuthProvider {
	/**
	 * Headers to add to every HTTP request of the connection (typically `Authorization`). HTTP
	 * transports should pass the request's URL and method: a DPoP proof (RFC 9449 §4.2) signs
	 * both, so without them a provider can only assume a POST to the server URL.
	 */
	headers(request?: { url: string; method: string }): Promise<Record<string, string>>;
	/**
	 * Called when an MCP request is answered 401, or 403 with `error="insufficient_scope"`.
	 * Resolve `true` once new credentials are in place: the transport then repeats the request
	 * with fresh `headers()`, and asks again if that is challenged too (at most `MAX_AUTH_ROUNDS`
	 * times). Resolve `false` to fail the request with the 401/403; reject to fail it with the
	 * rejection's message (kept as the `TransportError`'s cause).
	 */
	handleChallenge(response: Response, request: { url: string; method: string }): Promise<boolean>;
}
