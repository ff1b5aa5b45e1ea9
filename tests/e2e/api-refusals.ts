/**
 * Every request the /api guard (src/lib/server/security.ts, run from hooks.server.ts) must
 * refuse, as one table that any /api route's tests can loop over. The cases mirror
 * relay-security.test.ts: wrong tokens, the token in the query string, foreign Origins, foreign
 * Hosts (DNS rebinding), non-JSON bodies, cross-site form posts, CORS preflights and encoded
 * spellings of /api.
 *
 * A case builds only the request line and headers; the caller sends a body that *would* have an
 * effect (spawn a process, fetch a sentinel) had the request got past the guard, and checks that
 * it had none. The names are static so Playwright can list them before the launcher has written
 * the token.
 */
import { pageHeaders } from './relay-helpers';

export interface RefusalContext {
	/** The playground's port. */
	port: number;
	/** The valid per-start token. */
	token: string;
	/** The route under test, e.g. `/api/probe`. */
	route: string;
}

export interface RefusalRequest {
	method: 'POST' | 'OPTIONS';
	path: string;
	headers: Record<string, string>;
}

export interface RefusalCase {
	name: string;
	build(ctx: RefusalContext): RefusalRequest;
	status: number;
	/**
	 * What the guard's JSON `error` says. Absent where SvelteKit's own CSRF check answers first
	 * (it refuses form-like POSTs from another origin with a plain-text 403).
	 */
	error?: RegExp;
}

const post = (path: string, headers: Record<string, string>): RefusalRequest => ({
	method: 'POST',
	path,
	headers
});

/** The page's own request with `change` applied; `null` removes a header. */
function page(ctx: RefusalContext, change: Record<string, string | null> = {}) {
	const headers: Record<string, string> = pageHeaders(ctx.port, ctx.token);
	for (const [name, value] of Object.entries(change)) {
		if (value === null) delete headers[name];
		else headers[name] = value;
	}
	return headers;
}

const TOKEN_ERROR = /X-Playground-Token/;

function tokenCases(): RefusalCase[] {
	const wrong: Array<[string, (token: string) => string]> = [
		['of the same length', (t) => t.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))],
		['one character longer', (t) => t + 'x'],
		['shorter (a prefix)', (t) => t.slice(0, 10)],
		['empty', () => '']
	];
	const query = ['token', 'x-playground-token', 'X-Playground-Token'];
	return [
		{
			name: 'no token',
			build: (ctx) => post(ctx.route, page(ctx, { 'x-playground-token': null })),
			status: 401,
			error: TOKEN_ERROR
		},
		...wrong.map(([what, make]): RefusalCase => ({
			name: `a wrong token ${what}`,
			build: (ctx) => post(ctx.route, page(ctx, { 'x-playground-token': make(ctx.token) })),
			status: 401,
			error: TOKEN_ERROR
		})),
		...query.map((name): RefusalCase => ({
			name: `the token only in the query string as ?${name}=`,
			build: (ctx) =>
				post(`${ctx.route}?${name}=${ctx.token}`, page(ctx, { 'x-playground-token': null })),
			status: 401,
			error: TOKEN_ERROR
		}))
	];
}

function originCases(): RefusalCase[] {
	const origins: Array<(port: number) => string> = [
		() => 'http://evil.example',
		() => 'null',
		(port) => `http://localhost:${port}`,
		(port) => `https://127.0.0.1:${port}`
	];
	const sites = ['cross-site', 'same-site'];
	return [
		...origins.map((origin): RefusalCase => ({
			name: `Origin ${origin(0).replace(':0', ':PORT')} with the right token`,
			build: (ctx) => post(ctx.route, page(ctx, { origin: origin(ctx.port) })),
			status: 403,
			error: /Origin/
		})),
		...sites.map((site): RefusalCase => ({
			name: `no Origin but Sec-Fetch-Site: ${site}, with the right token`,
			build: (ctx) => post(ctx.route, page(ctx, { origin: null, 'sec-fetch-site': site })),
			status: 403,
			error: new RegExp(site)
		}))
	];
}

/** DNS rebinding: a hostile name (or the wrong port) that reaches 127.0.0.1. */
function hostCases(): RefusalCase[] {
	const hosts: Array<[string, (port: number) => string]> = [
		['a foreign name', (port) => `evil.example:${port}`],
		['a nip.io name resolving to 127.0.0.1', (port) => `attacker.127.0.0.1.nip.io:${port}`],
		['no port', () => '127.0.0.1'],
		['port 80', () => 'localhost:80'],
		['another port', (port) => `127.0.0.1:${port + 1}`]
	];
	return hosts.map(([what, host]): RefusalCase => ({
		name: `Host with ${what}, with the right token`,
		build: (ctx) => {
			const h = host(ctx.port);
			return post(ctx.route, page(ctx, { host: h, origin: `http://${h}` }));
		},
		status: 403,
		error: /Host/
	}));
}

function bodyCases(): RefusalCase[] {
	const types = [
		'text/plain',
		'application/x-www-form-urlencoded',
		'multipart/form-data; boundary=x',
		'application/xml'
	];
	return [
		{
			name: 'a form-encoded simple POST from another origin (no token)',
			build: (ctx) =>
				post(ctx.route, {
					host: `127.0.0.1:${ctx.port}`,
					origin: 'http://evil.example',
					'content-type': 'application/x-www-form-urlencoded'
				}),
			status: 403
		},
		...types.map((type): RefusalCase => ({
			name: `Content-Type ${type.split(';')[0]} with the right token`,
			build: (ctx) => post(ctx.route, page(ctx, { 'content-type': type })),
			status: 415,
			error: /application\/json/
		})),
		{
			name: 'Content-Type application/xml with the right token and no Origin',
			build: (ctx) =>
				post(ctx.route, page(ctx, { origin: null, 'content-type': 'application/xml' })),
			status: 415,
			error: /application\/json/
		},
		{
			name: 'no Content-Type with the right token',
			build: (ctx) => post(ctx.route, page(ctx, { 'content-type': null })),
			status: 415,
			error: /application\/json/
		}
	];
}

/**
 * `/api` spelled so that a plain prefix check misses it while SvelteKit still routes it (the
 * caller's control shows that the spelling reaches the route when the token is right).
 */
export function encodedSpellings(route: string): string[] {
	return [route.replace(/^\/api\//, '/%61pi/'), route.replace(/^\/api\//, '/%61%70%69/')];
}

function otherCases(): RefusalCase[] {
	return [
		{
			name: 'a CORS preflight from another origin',
			build: (ctx) => ({
				method: 'OPTIONS',
				path: ctx.route,
				headers: {
					host: `127.0.0.1:${ctx.port}`,
					origin: 'http://evil.example',
					'access-control-request-method': 'POST',
					'access-control-request-headers': 'content-type,x-playground-token'
				}
			}),
			status: 403,
			error: /Origin/
		},
		...[0, 1].map((i): RefusalCase => ({
			name: `an encoded spelling of /api (${encodedSpellings('/api/x')[i]!.replace('/x', '/…')}) without the token`,
			build: (ctx) =>
				post(encodedSpellings(ctx.route)[i]!, page(ctx, { 'x-playground-token': null })),
			status: 401,
			error: TOKEN_ERROR
		}))
	];
}

export const API_REFUSALS: RefusalCase[] = [
	...tokenCases(),
	...originCases(),
	...hostCases(),
	...bodyCases(),
	...otherCases()
];

/** Response headers a refusal must never carry: any `access-control-*` permission. */
export function corsHeadersIn(headers: Record<string, unknown>): string[] {
	return Object.keys(headers).filter((h) => h.toLowerCase().startsWith('access-control-'));
}
