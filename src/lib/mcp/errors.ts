import type { RequestId } from './jsonrpc.js';

/**
 * Classified transport failures. An error message is UI: each one names what went wrong,
 * where (URL, status, header), and what to change to fix it.
 */

export type FailureKind =
	/** The request never got an HTTP answer: DNS, refused connection, reset, offline. */
	| 'network'
	/** The browser withheld the answer because of CORS (fetch rejected with a TypeError). */
	| 'cors'
	| 'tls'
	| 'timeout'
	/** The caller aborted (cancel, close). Not a fault of the server. */
	| 'aborted'
	/** The server answered with an HTTP status that is an error for this exchange. */
	| 'http'
	/** A body or SSE data that should be JSON was not. */
	| 'bad-json'
	/** Well-formed JSON that breaks the MCP/JSON-RPC rules, wrong content type, cut stream. */
	| 'protocol'
	/** A message larger than the configured maximum. */
	| 'too-large';

export interface TransportErrorInit {
	kind: FailureKind;
	message: string;
	/** What the user can do about it, e.g. "Add Mcp-Session-Id to Access-Control-Expose-Headers". */
	hint?: string;
	url?: string;
	status?: number;
	/** Response headers as visible to the caller, when there was a response. */
	headers?: Record<string, string>;
	/** The start of the response body, for the user to read (bounded). */
	bodySnippet?: string;
	/**
	 * The request this failure belongs to, when it reaches `onerror` rather than a `send` rejection
	 * (e.g. its SSE response stream broke and could not be resumed): the client fails that request.
	 */
	requestId?: RequestId;
	/**
	 * Legacy Streamable HTTP: the server answered 404 to a request carrying `Mcp-Session-Id` — the
	 * session is gone ("MUST start a new session by sending a new InitializeRequest").
	 */
	sessionExpired?: boolean;
	/**
	 * The server answered `initialize` on this transport before this failure, so it speaks the
	 * transport: `connect()` must not take the failure as a reason to try HTTP+SSE.
	 */
	afterInitialize?: boolean;
	cause?: unknown;
}

export class TransportError extends Error {
	override readonly name = 'TransportError';
	readonly kind: FailureKind;
	readonly hint?: string;
	readonly url?: string;
	readonly status?: number;
	readonly headers?: Record<string, string>;
	readonly bodySnippet?: string;
	readonly requestId?: RequestId;
	readonly sessionExpired?: boolean;
	readonly afterInitialize?: boolean;

	constructor(init: TransportErrorInit) {
		super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
		this.kind = init.kind;
		this.hint = init.hint;
		this.url = init.url;
		this.status = init.status;
		this.headers = init.headers;
		this.bodySnippet = init.bodySnippet;
		this.requestId = init.requestId;
		this.sessionExpired = init.sessionExpired;
		this.afterInitialize = init.afterInitialize;
	}
}

export function isTransportError(value: unknown): value is TransportError {
	return value instanceof TransportError;
}
