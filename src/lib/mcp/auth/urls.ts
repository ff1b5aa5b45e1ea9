/**
 * URL rules shared by the auth steps: which URLs the client may fetch or open, how well-known
 * URLs are built (RFC 8414 §3.1 / RFC 9728 §3.1 path insertion), and the RFC 9728 resource check.
 */

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isLoopback(url: URL): boolean {
	return LOOPBACK.has(url.hostname) || url.hostname.endsWith('.localhost');
}

/**
 * Parses a URL a server gave us and refuses anything but `https:` — or `http:` on a loopback host
 * (local development), or anywhere when `allowHttp` is set. A `javascript:` or `data:`
 * authorization URL would run script in the playground's origin; it never gets opened.
 */
export function safeUrl(value: unknown, what: string, allowHttp = false): URL {
	if (typeof value !== 'string' || value === '') throw new Error(`${what} is missing`);
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw new Error(`${what} is not a valid URL: ${JSON.stringify(value.slice(0, 200))}`);
	}
	if (url.protocol === 'https:') return url;
	if (url.protocol === 'http:' && (allowHttp || isLoopback(url))) return url;
	throw new Error(
		`${what} must be an https: URL (http: only for localhost); got ${JSON.stringify(url.protocol)} in ${JSON.stringify(value.slice(0, 200))}`
	);
}

/** `https://h/a/b/` → `/a/b` ; `https://h/` → `` (no trailing slash, per RFC 8414 §3.1). */
function pathWithoutTrailingSlash(url: URL): string {
	return url.pathname.replace(/\/+$/, '');
}

/** RFC 8414/9728 "insert the well-known segment between host and path". */
export function insertWellKnown(base: URL, suffix: string): string {
	return `${base.origin}/.well-known/${suffix}${pathWithoutTrailingSlash(base)}`;
}

/** OIDC Discovery 1.0 §4: append the well-known segment to the issuer's path. */
export function appendWellKnown(base: URL, suffix: string): string {
	return `${base.origin}${pathWithoutTrailingSlash(base)}/.well-known/${suffix}`;
}

/**
 * RFC 9728 §3.3 / MCP: the metadata's `resource` must identify this server. We accept an exact
 * match or a resource on the same origin whose path is a segment prefix of the server URL's path
 * (a root metadata document covering `https://h/mcp` says `https://h`). Anything else — another
 * host, scheme, port or sibling path — is refused.
 */
export function resourceCovers(resource: string, serverUrl: URL): boolean {
	let parsed: URL;
	try {
		parsed = new URL(resource);
	} catch {
		return false;
	}
	if (parsed.origin !== serverUrl.origin || parsed.hash) return false;
	const prefix = pathWithoutTrailingSlash(parsed);
	const path = pathWithoutTrailingSlash(serverUrl);
	return path === prefix || path.startsWith(`${prefix}/`);
}

/** The canonical server URI (MCP "Canonical Server URI"): no fragment, no trailing-slash-only path. */
export function canonicalResource(serverUrl: URL): string {
	const url = new URL(serverUrl);
	url.hash = '';
	const text = url.href;
	return url.pathname === '/' && !url.search ? text.slice(0, -1) : text;
}
