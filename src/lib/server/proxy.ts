/**
 * The local proxy (local mode): forwards one HTTP request to a remote MCP server and streams the
 * answer back unbuffered (SSE included), so the page can compare "direct from the browser" with
 * "no CORS in the way". The upstream status and headers are returned as the response's own, with
 * `X-Playground-Proxy: 1` marking an upstream answer (the /api guard's refusals lack it).
 */
import { parseHeaders, parseMethod, parseTargetUrl, TargetError } from './target.js';

export interface ProxyInput {
	url: URL;
	method: string;
	headers: Record<string, string>;
	body?: string;
}

export const PROXY_MARKER = 'x-playground-proxy';
const MAX_BODY_CHARS = 16 * 1024 * 1024;

/** Validates the JSON body of `POST /api/proxy`: `{method, url, headers, body}`. */
export function parseProxyInput(raw: unknown): ProxyInput {
	if (typeof raw !== 'object' || raw === null)
		throw new TargetError('The body must be a JSON object {method, url, headers, body}.');
	const input = raw as Record<string, unknown>;
	if (input.body !== undefined && typeof input.body !== 'string')
		throw new TargetError('"body" must be a string.');
	if (typeof input.body === 'string' && input.body.length > MAX_BODY_CHARS)
		throw new TargetError('"body" is too large.');
	const method = parseMethod(input.method, 'POST');
	const headers = parseHeaders(input.headers);
	// The proxy speaks for the page's user, not for the page's origin: no Origin, no cookies.
	for (const name of Object.keys(headers)) {
		if (['origin', 'cookie', 'referer'].includes(name.toLowerCase())) delete headers[name];
	}
	return {
		url: parseTargetUrl(input.url),
		method,
		headers,
		body: input.body as string | undefined
	};
}

/** Response headers that describe the hop, not the content (fetch already decoded the body). */
const HOP = new Set([
	'connection',
	'keep-alive',
	'transfer-encoding',
	'content-encoding',
	'content-length',
	'set-cookie'
]);

/** Performs the request; `signal` is the page's request signal (aborting closes the upstream). */
export async function forward(input: ProxyInput, signal: AbortSignal): Promise<Response> {
	let upstream: Response;
	try {
		upstream = await fetch(input.url, {
			method: input.method,
			headers: input.headers,
			body: input.method === 'GET' || input.method === 'HEAD' ? undefined : input.body,
			redirect: 'follow',
			signal
		});
	} catch (error) {
		const cause = (error as { cause?: { code?: string; message?: string } }).cause;
		const detail = cause?.code ? `${cause.code}: ${cause.message ?? ''}` : (error as Error).message;
		return Response.json(
			{
				error: `The proxy could not reach ${input.url.href}: ${detail}`,
				hint: 'Check the URL and that the server is running.'
			},
			{ status: 502, headers: { 'cache-control': 'no-store' } }
		);
	}
	const headers = new Headers();
	upstream.headers.forEach((value, name) => {
		if (!HOP.has(name)) headers.append(name, value);
	});
	headers.set(PROXY_MARKER, '1');
	headers.set('x-playground-proxy-url', upstream.url || input.url.href);
	headers.set('cache-control', 'no-store');
	// Hand the body stream through as is: chunks reach the page as they arrive (SSE unbuffered).
	return new Response(upstream.body, {
		status: upstream.status,
		statusText: upstream.statusText,
		headers
	});
}
