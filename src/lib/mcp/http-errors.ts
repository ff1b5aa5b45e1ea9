/**
 * The words of HTTP failures. Every message names the URL and what was received; every hint
 * says what to change. Kept apart from http.ts so the mechanics stay short.
 */
import { TransportError, type FailureKind } from './errors.js';

interface RequestLike {
	method: string;
	url: string;
}

interface ExchangeLike {
	request: RequestLike;
	response: Response;
	headers: Record<string, string>;
	mediaType: string;
}

function causeText(error: unknown): string {
	const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
	const detail = cause?.code ?? cause?.message;
	const own = error instanceof Error ? error.message : String(error);
	return typeof detail === 'string' && detail !== '' ? `${own} (${detail})` : own;
}

/** Message and hint for an exchange that got no HTTP response at all. */
export function failureMessages(
	kind: FailureKind,
	request: RequestLike,
	error: unknown
): { message: string; hint?: string } {
	const what = `${request.method} ${request.url}`;
	switch (kind) {
		case 'timeout':
			return {
				message: `No response to ${what} within the time limit.`,
				hint: 'The server may be down or overloaded; check the URL and try again, or raise the timeout.'
			};
		case 'aborted':
			return { message: `${what} was cancelled.` };
		case 'tls':
			return {
				message: `The TLS connection for ${what} failed: ${causeText(error)}.`,
				hint: "The server's certificate is not trusted (self-signed, expired, or for another host name)."
			};
		case 'cors':
			return {
				message: `The browser blocked ${what} (CORS): the server is up — it answers a plain request — but its CORS headers do not let this page send this request or read the answer.`,
				hint: 'The server must answer the OPTIONS preflight with 2xx, send Access-Control-Allow-Origin for this page, allow every request header this connection sends and expose the headers it reads. The CORS doctor replays the exchange and names the header that is missing.'
			};
		default:
			return {
				message: `Could not reach ${request.url}: ${causeText(error)}.`,
				hint: 'Nothing answered at that address: check that the server is running and that the host name and port are right. In a browser, an https page cannot call an http server (mixed content) and a public page may be refused a private address; if the server does run, the CORS doctor can tell more.'
			};
	}
}

const STATUS_HINTS: Record<number, string> = {
	400: 'The server rejected the request as malformed; the body above usually says why.',
	401: 'The server needs authorization: connect with OAuth or add an Authorization header.',
	403: "Forbidden: the credentials lack permission, or the server refuses this page's Origin (MCP servers must answer 403 to origins they do not allow; add this origin to its allow-list).",
	404: 'Check the URL: it must be the server\'s MCP endpoint (often ending in "/mcp" or "/sse").',
	405: 'The endpoint does not accept this HTTP method; it may be the wrong URL or an older transport.',
	406: 'The server did not accept "Accept: application/json, text/event-stream"; it may not be an MCP endpoint.',
	415: 'The server did not accept "Content-Type: application/json"; it may not be an MCP endpoint.',
	429: 'The server is rate-limiting this client; wait and try again.'
};

/** The JSON-RPC error message inside an error body, if the body is one. */
function jsonRpcErrorText(snippet: string): string | undefined {
	try {
		const parsed: unknown = JSON.parse(snippet);
		const error = (parsed as { error?: { message?: unknown; code?: unknown } }).error;
		if (typeof error?.message !== 'string') return undefined;
		// Not every error body is JSON-RPC: SvelteKit's, for one, has a message and no code.
		return typeof error.code === 'number' ? `${error.message} (code ${error.code})` : error.message;
	} catch {
		// Not JSON, or truncated: the snippet itself is shown.
	}
	return undefined;
}

/** A `TransportError` of kind `http` for an error status. */
export function statusError(exchange: ExchangeLike, snippet: string): TransportError {
	const { status, statusText } = exchange.response;
	const { method, url } = exchange.request;
	const said = jsonRpcErrorText(snippet);
	const hint =
		STATUS_HINTS[status] ??
		(status >= 500 ? 'The server failed while handling the request; its logs say why.' : undefined);
	return new TransportError({
		kind: 'http',
		message: `The server answered ${status}${statusText ? ` ${statusText}` : ''} to ${method} ${url}${said ? `: ${said}` : '.'}`,
		hint,
		url,
		status,
		headers: exchange.headers,
		bodySnippet: snippet.slice(0, 500)
	});
}

/** A `protocol` error for a 2xx body that is neither JSON nor an event stream. */
export function contentTypeError(exchange: ExchangeLike, snippet: string): TransportError {
	const { status } = exchange.response;
	const type = exchange.mediaType;
	const looksHtml = type === 'text/html' || /^\s*<(!doctype|html)/i.test(snippet);
	const message = looksHtml
		? `The server answered with an HTML page (status ${status}, ${type || 'no Content-Type'}) instead of JSON-RPC — is ${exchange.request.url} the MCP endpoint?`
		: type === ''
			? `The server answered status ${status} without a Content-Type; an MCP endpoint answers application/json or text/event-stream.`
			: `The server answered status ${status} with Content-Type "${type}"; an MCP endpoint answers application/json or text/event-stream.`;
	return new TransportError({
		kind: 'protocol',
		message,
		hint: looksHtml
			? 'This is often a login page, a proxy error page or the website behind the URL; use the URL of the MCP endpoint itself.'
			: undefined,
		url: exchange.request.url,
		status,
		headers: exchange.headers,
		bodySnippet: snippet.slice(0, 500)
	});
}
