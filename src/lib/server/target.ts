/**
 * Validation shared by the probe and the proxy: they send requests to URLs the page names, so
 * they accept only well-formed absolute http(s) URLs and plain header names/values. (The /api
 * guard in hooks.server.ts has already checked local mode, Host, Origin and the token.)
 */

export class TargetError extends Error {
	constructor(
		message: string,
		readonly hint?: string
	) {
		super(message);
	}
}

/** A well-formed absolute `http:`/`https:` URL without credentials, or a `TargetError`. */
export function parseTargetUrl(value: unknown, what = 'url'): URL {
	if (typeof value !== 'string' || value.trim() === '') {
		throw new TargetError(`"${what}" must be an absolute http(s) URL string.`);
	}
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw new TargetError(
			`"${what}" is not a well-formed absolute URL: ${JSON.stringify(value.slice(0, 200))}.`,
			'Use the full URL, e.g. https://example.com/mcp.'
		);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new TargetError(
			`Refused: "${what}" uses ${url.protocol} — only http: and https: targets are allowed.`
		);
	}
	if (url.username || url.password) {
		throw new TargetError(
			`Refused: "${what}" must not carry user:password; send credentials in a header.`
		);
	}
	return url;
}

/** A serialised origin (`scheme://host[:port]`), as a browser would send in `Origin`. */
export function parseOrigin(value: unknown): string {
	const url = parseTargetUrl(value, 'origin');
	if (url.origin !== value) {
		throw new TargetError(
			`"origin" must be a bare origin such as ${url.origin} (no path, no trailing slash).`
		);
	}
	return url.origin;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Headers the HTTP client computes itself; letting the page set them would corrupt the request. */
const FORBIDDEN = new Set([
	'host',
	'content-length',
	'transfer-encoding',
	'connection',
	'keep-alive',
	'upgrade',
	'te',
	'trailer',
	'expect',
	'proxy-connection'
]);
const MAX_HEADERS = 64;

/** `{name: value}` with RFC 9110 names and single-line values, or a `TargetError`. */
export function parseHeaders(value: unknown): Record<string, string> {
	if (value === undefined || value === null) return {};
	if (typeof value !== 'object' || Array.isArray(value)) {
		throw new TargetError('"headers" must be an object of header name → string value.');
	}
	const entries = Object.entries(value as Record<string, unknown>);
	if (entries.length > MAX_HEADERS) throw new TargetError(`At most ${MAX_HEADERS} headers.`);
	const headers: Record<string, string> = {};
	for (const [name, v] of entries) {
		if (!TOKEN.test(name))
			throw new TargetError(`"${name.slice(0, 80)}" is not a valid header name.`);
		if (typeof v !== 'string' || /[\r\n\0]/.test(v)) {
			throw new TargetError(`The value of header ${name} must be a single-line string.`);
		}
		if (FORBIDDEN.has(name.toLowerCase())) continue;
		headers[name] = v;
	}
	return headers;
}

/** An HTTP method token (`POST`, `GET`, …); CONNECT and TRACE are refused. */
export function parseMethod(value: unknown, fallback: string): string {
	if (value === undefined) return fallback;
	if (typeof value !== 'string' || !TOKEN.test(value))
		throw new TargetError('"method" must be an HTTP method.');
	const method = value.toUpperCase();
	if (method === 'CONNECT' || method === 'TRACE')
		throw new TargetError(`Refused: method ${method}.`);
	return method;
}
