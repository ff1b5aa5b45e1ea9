/** A routing fetch for unit tests: URL → handler, everything else 404. Records every call. */
import type { FetchLike } from '../transport.js';

export type Route = (request: Request) => Response | Promise<Response>;

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
	return new Response(JSON.stringify(body), {
		status,
		headers: { 'content-type': 'application/json', ...headers }
	});
}

export function routingFetch(routes: Record<string, Route>): FetchLike & { calls: Request[] } {
	const calls: Request[] = [];
	const fetchImpl = async (input: string | URL | Request, init?: RequestInit) => {
		const request = new Request(input, init);
		calls.push(request);
		const route = routes[`${request.method} ${request.url}`] ?? routes[request.url];
		return route ? route(request) : new Response('not found', { status: 404 });
	};
	return Object.assign(fetchImpl, { calls });
}
