/** Small helpers shared by the HTTP transports. */
import { TransportError } from '../errors.js';
import { bodyFormat } from '../http-body.js';
import { statusError } from '../http-errors.js';
import { readBodySnippet, sendHttp, type Exchange, type HttpContext } from '../http.js';
import type { AuthProvider } from '../transport.js';
import {
	isJsonRpcErrorResponse,
	isJsonRpcRequest,
	type JsonRpcErrorResponse,
	type JsonRpcMessage,
	type RequestId
} from '../jsonrpc.js';

/** Requests are correlated by their own id, responses by the id they answer. */
export function correlationIdOf(message: JsonRpcMessage): RequestId | undefined {
	return 'id' in message && message.id !== null ? message.id : undefined;
}

/**
 * Merges header records, later ones winning, comparing names case-insensitively (HTTP field
 * names are case-insensitive; two spellings of one name would otherwise both be sent and joined).
 */
export function mergeHeaders(
	...records: (Record<string, string> | undefined)[]
): Record<string, string> {
	const byLower = new Map<string, [string, string]>();
	for (const record of records) {
		for (const [name, value] of Object.entries(record ?? {})) {
			byLower.set(name.toLowerCase(), [name, value]);
		}
	}
	return Object.fromEntries(byLower.values());
}

/**
 * 401, or 403 with `error="insufficient_scope"` (step-up): the cases the AuthProvider handles.
 * In a browser `WWW-Authenticate` is only readable when the server exposes it through CORS.
 */
export function isAuthChallenge(response: Response): boolean {
	if (response.status === 401) return true;
	if (response.status !== 403) return false;
	return /error\s*=\s*"?insufficient_scope"?/i.test(response.headers.get('www-authenticate') ?? '');
}

/**
 * Legacy Streamable HTTP: "The server MAY terminate the session at any time, after which it MUST
 * respond to requests containing that session ID with HTTP 404 Not Found" and "the client MUST
 * start a new session by sending a new InitializeRequest without a session ID attached".
 */
export function sessionExpiredError(
	exchange: Exchange,
	sessionId: string | undefined
): TransportError {
	return new TransportError({
		kind: 'http',
		status: 404,
		sessionExpired: true,
		message: `The server no longer knows session ${sessionId ?? '(unknown)'} (404 to ${exchange.request.method} ${exchange.request.url}); a new session must be initialized.`,
		hint: 'The server restarted or expired the session. Reconnecting starts a new one.',
		url: exchange.request.url,
		headers: exchange.headers
	});
}

/** Lets go of a body we do not read (frees the connection). */
export async function discard(exchange: Exchange): Promise<void> {
	await exchange
		.body()
		.cancel()
		.catch(() => {});
}

/**
 * For an error status: the JSON-RPC error in the body when it answers `message` (e.g. modern 400
 * `UnsupportedProtocolVersion`, 404 `Method not found` — the client needs the server's code for
 * era detection), else a `TransportError`. 401/403 are never answers: they are about credentials.
 */
export async function errorStatusOutcome(
	exchange: Exchange,
	message: JsonRpcMessage
): Promise<JsonRpcErrorResponse | TransportError> {
	const snippet = await readBodySnippet(exchange, 64 * 1024);
	const status = exchange.response.status;
	if (status !== 401 && status !== 403 && isJsonRpcRequest(message)) {
		let answer: unknown;
		try {
			answer = JSON.parse(snippet);
		} catch {
			answer = undefined;
		}
		if (isJsonRpcErrorResponse(answer) && answer.id === message.id) return answer;
	}
	return statusError(exchange, snippet);
}

/** A 2xx answer to a GET that must open an event stream. */
export async function requireEventStream(exchange: Exchange): Promise<Exchange> {
	if ((await bodyFormat(exchange)) === 'sse') return exchange;
	await discard(exchange);
	throw new TransportError({
		kind: 'protocol',
		message: `GET ${exchange.request.url} answered ${exchange.mediaType}, not text/event-stream.`,
		url: exchange.request.url,
		status: exchange.response.status
	});
}

/**
 * "Clients that no longer need a particular session … SHOULD send an HTTP DELETE … with the
 * Mcp-Session-Id header"; the server "MAY respond … with HTTP 405". Best effort: a failure is
 * on the wire record, and the session expires on its own.
 */
export async function deleteSession(
	ctx: HttpContext,
	url: string,
	headers: Record<string, string>,
	timeoutMs: number
): Promise<void> {
	try {
		await discard(await sendHttp(ctx, { method: 'DELETE', url, headers, timeoutMs }));
	} catch {
		// Recorded as a failure event by sendHttp.
	}
}

/**
 * Runs an exchange; on 401 (or 403 `insufficient_scope`) asks the AuthProvider for new
 * credentials and runs it once more (`run` fetches fresh `headers()` each time). The one
 * auth-retry path of the HTTP transports.
 */
/**
 * How many times one request is repeated after an auth challenge. A single request can need more
 * than one: a 401 answered with a token, then a 401 asking for a fresh DPoP nonce (RFC 9449 §9),
 * then a 403 step-up. The provider bounds its own loops (it renews a nonce only when it is new
 * and caps step-ups); this cap only stops a provider that keeps saying yes.
 */
export const MAX_AUTH_ROUNDS = 3;

export async function withAuthRetry(
	auth: AuthProvider | undefined,
	request: { url: string; method: string },
	run: () => Promise<Exchange>
): Promise<Exchange> {
	let exchange = await run();
	for (let round = 0; auth && round < MAX_AUTH_ROUNDS; round++) {
		if (!isAuthChallenge(exchange.response)) return exchange;
		if (!(await renewAfterChallenge(auth, exchange, request))) return exchange;
		await discard(exchange);
		exchange = await run();
	}
	return exchange;
}

/** Asks the provider for new credentials; its refusal becomes the request's error, reason kept. */
async function renewAfterChallenge(
	auth: AuthProvider,
	exchange: Exchange,
	request: { url: string; method: string }
): Promise<boolean> {
	try {
		return await auth.handleChallenge(exchange.response, request);
	} catch (error) {
		await discard(exchange);
		const reason = error instanceof Error ? error.message : String(error);
		throw new TransportError({
			kind: 'http',
			status: exchange.response.status,
			url: request.url,
			headers: exchange.headers,
			message: `Authorization failed after HTTP ${exchange.response.status} from ${request.url}: ${reason}`,
			hint: (error as { hint?: string }).hint ?? 'Open the auth debugger to see which step failed.',
			cause: error
		});
	}
}
