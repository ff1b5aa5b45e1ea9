/**
 * The /api guard. An open relay is remote code execution (the MCP Inspector's CVE-2025-49596),
 * so every /api request passes these checks, in this order (ARCHITECTURE.md):
 *   1. local mode is on (hosted mode answers 404 for the whole /api surface);
 *   2. `Host` is a loopback name with the server's own port — defeats DNS rebinding, where a
 *      hostile name resolves to 127.0.0.1 and the browser treats it as that site's origin;
 *   3. `Origin`, when present, is the playground's own origin;
 *   4. the per-start token is in `X-Playground-Token` (never the query string), compared in
 *      constant time.
 * Bodies must be JSON: a cross-origin "simple" request (form-encoded POST) can carry neither the
 * custom header nor `application/json` without a preflight, and preflights get no CORS headers.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { PlaygroundConfig } from './config.js';

export const TOKEN_HEADER = 'x-playground-token';

export interface Refusal {
	status: number;
	error: string;
	hint?: string;
}

/** Header lookup: a `Headers`, or the relay's fast path's view of Node's raw headers. */
export interface HeaderReader {
	get(name: string): string | null;
}

/** The parts of a request the guard looks at (so unit tests need no Request objects). */
export interface GuardInput {
	method: string;
	headers: HeaderReader;
	/** The port the connection actually arrived on, when the adapter tells us. */
	localPort?: number;
}

/**
 * True when `host` (a Host header value) names an allowed host *with* the expected port. The
 * port is required: a browser always sends it for a non-default port, and a rebinding attack
 * arrives with the attacker's host name or port 80.
 */
export function isAllowedHost(host: string | null, port: number, allowedHosts: string[]): boolean {
	if (!host) return false;
	const match = /^(\[[0-9a-f:.]+\]|[^:[\]]+):(\d{1,5})$/i.exec(host.trim());
	if (!match) return false;
	const [, name = '', portText = ''] = match;
	return Number(portText) === port && allowedHosts.includes(name.toLowerCase());
}

/** True when `origin` is exactly `http://<host>` for the Host the request was sent to. */
export function isOwnOrigin(origin: string, host: string): boolean {
	return origin.toLowerCase() === `http://${host.trim().toLowerCase()}`;
}

/**
 * Constant-time token comparison. Hashing both sides first gives equal-length inputs to
 * `timingSafeEqual`, so not even the token's length leaks through timing.
 */
export function tokensEqual(given: string | null, expected: string): boolean {
	if (given === null || expected === '') return false;
	const a = createHash('sha256').update(given).digest();
	return timingSafeEqual(a, expectedDigest(expected));
}

// The expected token is the same for every request of a run: hash it once, not per request (the
// relay's stdin POSTs pass this check on every message).
let cachedDigest: { token: string; digest: Buffer } | undefined;

function expectedDigest(token: string): Buffer {
	if (cachedDigest?.token !== token) {
		cachedDigest = { token, digest: createHash('sha256').update(token).digest() };
	}
	return cachedDigest.digest;
}

function isJsonContentType(value: string | null): boolean {
	if (!value) return false;
	const essence = value.split(';')[0]?.trim().toLowerCase();
	return essence === 'application/json';
}

const bodyMethods = new Set(['POST', 'PUT', 'PATCH']);

function checkHostAndOrigin(input: GuardInput, config: PlaygroundConfig): Refusal | null {
	const host = input.headers.get('host');
	const port = input.localPort ?? config.port;
	if (!isAllowedHost(host, port, config.allowedHosts)) {
		return {
			status: 403,
			error: `Refused: Host "${host ?? ''}" is not this playground (expected 127.0.0.1:${port}, localhost:${port} or [::1]:${port}).`,
			hint: 'Open the playground through the URL the launcher printed. A different host name pointing at this machine is how DNS-rebinding attacks reach local servers.'
		};
	}
	const origin = input.headers.get('origin');
	if (origin !== null && !isOwnOrigin(origin, host!)) {
		return {
			status: 403,
			error: `Refused: Origin "${origin}" is not this playground's origin (http://${host}).`,
			hint: 'Only the playground page itself may use /api; other sites and iframes cannot.'
		};
	}
	// Defence in depth for browsers that omit Origin: Fetch Metadata says where it came from.
	const site = input.headers.get('sec-fetch-site');
	if (site === 'cross-site' || site === 'same-site') {
		return { status: 403, error: `Refused: a ${site} request may not use /api.` };
	}
	return null;
}

function checkTokenAndBody(input: GuardInput, config: PlaygroundConfig): Refusal | null {
	if (!tokensEqual(input.headers.get(TOKEN_HEADER), config.token)) {
		return {
			status: 401,
			error: 'Refused: missing or wrong X-Playground-Token header.',
			hint: 'Open the tokenised URL the launcher printed (…/#token=…). The token changes every time the playground starts; it is accepted only in the X-Playground-Token header.'
		};
	}
	if (bodyMethods.has(input.method) && !isJsonContentType(input.headers.get('content-type'))) {
		return {
			status: 415,
			error: `Refused: ${input.method} bodies to /api must be Content-Type: application/json.`
		};
	}
	return null;
}

/** Runs every check in order; `null` means the request may proceed. */
export function checkApiRequest(input: GuardInput, config: PlaygroundConfig): Refusal | null {
	if (config.mode !== 'local') {
		return { status: 404, error: 'Not found: this playground runs in hosted mode (no /api).' };
	}
	return checkHostAndOrigin(input, config) ?? checkTokenAndBody(input, config);
}

/**
 * True for any path the guard must cover. Decodes first so `/%61pi/relay` cannot sneak past a
 * prefix check while still matching the `/api/relay` route.
 */
export function isApiPath(pathname: string): boolean {
	let decoded: string;
	try {
		decoded = decodeURIComponent(pathname);
	} catch {
		return true; // undecodable: refuse rather than guess
	}
	const lower = decoded.toLowerCase().replace(/\/{2,}/g, '/');
	return lower === '/api' || lower.startsWith('/api/');
}

/** The refusal as a JSON response. No CORS headers, ever: preflights to /api must fail. */
export function refusalResponse(refusal: Refusal): Response {
	const body = JSON.stringify({ error: refusal.error, hint: refusal.hint });
	return new Response(body, {
		status: refusal.status,
		headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }
	});
}
