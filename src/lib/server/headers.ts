/**
 * Security headers for every page the playground serves, in both run modes (hosted mode is what
 * needs them; local mode gets the same policy because an injected script there could reach the
 * stdio relay). SvelteKit's `kit.csp` (svelte.config.js, mode 'auto') puts a per-response nonce
 * on its own inline bootstrap script; this module merges that nonce into the full policy.
 *
 * connect-src: the browser talks to MCP servers directly and the user picks the server, so the
 * policy must allow any `https:` and `http:` URL (http for servers on localhost, which browsers
 * allow from an https page). That gives up CSP's usual exfiltration barrier — script-src does
 * the real work: only our nonce'd bootstrap and our own modules run, never server content. A
 * deployment that targets known servers narrows it with PLAYGROUND_CONNECT_SRC.
 *
 * frame-ancestors: `/embed` exists to be framed (PLAYGROUND_FRAME_ANCESTORS, default `*`, always
 * plus 'self' for the transports guide); every other page only by itself ('self'), which also
 * stops clickjacking of the local relay's page.
 */

export interface HeaderEnv {
	PLAYGROUND_FRAME_ANCESTORS?: string;
	PLAYGROUND_CONNECT_SRC?: string;
}

type Directives = Map<string, string[]>;

const EMBED_PATH = /^\/embed\/?$/;

function list(value: string | undefined): string[] | undefined {
	const items = value?.split(/[\s,]+/).filter(Boolean);
	return items?.length ? items : undefined;
}

/** frame-ancestors for `pathname`. */
export function frameAncestors(pathname: string, env: HeaderEnv): string[] {
	if (!EMBED_PATH.test(pathname)) return ["'self'"];
	const configured = list(env.PLAYGROUND_FRAME_ANCESTORS) ?? ['*'];
	if (configured.includes('*') || configured.includes("'none'")) return configured;
	return ["'self'", ...configured.filter((v) => v !== "'self'")];
}

/** The policy we want, before SvelteKit's nonce/hashes are merged in. */
export function baseDirectives(pathname: string, env: HeaderEnv): Directives {
	return new Map([
		['default-src', ["'self'"]],
		['script-src', ["'self'"]],
		// Svelte sets style attributes during SSR; styles cannot run script.
		['style-src', ["'self'", "'unsafe-inline'"]],
		['img-src', ["'self'", 'https:', 'data:', 'blob:']],
		['media-src', ["'self'", 'https:', 'data:', 'blob:']],
		['font-src', ["'self'", 'data:']],
		['connect-src', ["'self'", ...(list(env.PLAYGROUND_CONNECT_SRC) ?? ['https:', 'http:'])]],
		['frame-src', ["'self'"]],
		['worker-src', ["'self'"]],
		['object-src', ["'none'"]],
		['base-uri', ["'none'"]],
		['form-action', ["'self'"]],
		['frame-ancestors', frameAncestors(pathname, env)]
	]);
}

export function parseCsp(header: string | null): Directives {
	const directives: Directives = new Map();
	for (const part of (header ?? '').split(';')) {
		const [name, ...values] = part.trim().split(/\s+/);
		if (name) directives.set(name.toLowerCase(), values);
	}
	return directives;
}

/**
 * Our policy, with every nonce/hash SvelteKit put in its header for script-src and style-src
 * (without them its inline bootstrap script would be blocked).
 */
export function mergeCsp(kitHeader: string | null, base: Directives): string {
	const kit = parseCsp(kitHeader);
	const merged = new Map(base);
	for (const name of ['script-src', 'style-src']) {
		const extra = (kit.get(name) ?? []).filter((v) => /^'(nonce|sha256|sha384|sha512)-/.test(v));
		if (extra.length) merged.set(name, [...(merged.get(name) ?? []), ...extra]);
	}
	// A nonce or hash makes browsers ignore 'unsafe-inline'; keep one or the other, never both.
	const style = merged.get('style-src') ?? [];
	if (style.some((v) => v.startsWith("'nonce-") || v.startsWith("'sha")))
		merged.set(
			'style-src',
			style.filter((v) => v !== "'unsafe-inline'")
		);
	return [...merged].map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
}

/** The headers for one response. `isHtml`: pages get the CSP; other responses do not need it. */
export function securityHeaders(
	pathname: string,
	kitCsp: string | null,
	isHtml: boolean,
	env: HeaderEnv
): Record<string, string> {
	const headers: Record<string, string> = {
		'Referrer-Policy': 'no-referrer',
		'X-Content-Type-Options': 'nosniff'
	};
	if (!isHtml) return headers;
	headers['Content-Security-Policy'] = mergeCsp(kitCsp, baseDirectives(pathname, env));
	// For browsers without frame-ancestors; it has no allow-list, so the embed goes without.
	if (!EMBED_PATH.test(pathname)) headers['X-Frame-Options'] = 'SAMEORIGIN';
	return headers;
}

/** Sets the headers on `response` (re-wrapping it when its headers are immutable). */
export function withSecurityHeaders(
	response: Response,
	pathname: string,
	env: HeaderEnv
): Response {
	const isHtml = (response.headers.get('content-type') ?? '').startsWith('text/html');
	const headers = securityHeaders(
		pathname,
		response.headers.get('content-security-policy'),
		isHtml,
		env
	);
	let target = response;
	try {
		for (const [name, value] of Object.entries(headers)) target.headers.set(name, value);
	} catch {
		target = new Response(response.body, response);
		for (const [name, value] of Object.entries(headers)) target.headers.set(name, value);
	}
	return target;
}
