/**
 * A `fetch` that goes through the playground's local proxy (`POST /api/proxy`), for "connect
 * through the local proxy — no CORS in the way". Give it to a transport in place of the page's
 * fetch. The proxy returns the upstream status, headers and (streamed) body as its own answer,
 * marked with `X-Playground-Proxy: 1`; an answer without the marker is the proxy refusing.
 */
import type { FetchLike } from '../transport.js';

export interface ProxyFetchOptions {
	token: string;
	endpoint?: string;
	fetch?: FetchLike;
}

async function bodyText(body: BodyInit | null | undefined): Promise<string | undefined> {
	if (body === undefined || body === null) return undefined;
	if (typeof body === 'string') return body;
	return new Response(body).text();
}

export function createProxyFetch(options: ProxyFetchOptions): FetchLike {
	const endpoint = options.endpoint ?? '/api/proxy';
	const base = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
	return async (input, init = {}) => {
		const request = input instanceof Request ? input : undefined;
		const url = request ? request.url : String(input);
		const headers: Record<string, string> = {};
		new Headers(init.headers ?? request?.headers).forEach((value, name) => (headers[name] = value));
		const payload = {
			method: init.method ?? request?.method ?? 'GET',
			url,
			headers,
			body: await bodyText(init.body)
		};
		const response = await base(endpoint, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-playground-token': options.token },
			body: JSON.stringify(payload),
			signal: init.signal
		});
		if (response.headers.get('x-playground-proxy') === '1') return response;
		const detail = (await response.json().catch(() => ({}))) as { error?: string; hint?: string };
		// A TypeError, like a fetch that failed, so transports classify it as a network failure.
		throw new TypeError(
			`Local proxy refused (${response.status}): ${detail.error ?? 'no detail'}${detail.hint ? ` ${detail.hint}` : ''}`
		);
	};
}
