/**
 * What an MCP connection needs a server's CORS configuration to allow, per era.
 * CLIENT-SPEC.md "CORS": Allow-Headers must cover Content-Type, Authorization,
 * MCP-Protocol-Version, Mcp-Method, Mcp-Name, any Mcp-Param-*, and for legacy Mcp-Session-Id and
 * Last-Event-ID; Expose-Headers must hold Mcp-Session-Id, WWW-Authenticate, MCP-Protocol-Version.
 */
import type { CorsNeeds, EraNeed } from './types.js';

/** Canonical spellings, used in messages and fix snippets. */
export const H = {
	contentType: 'Content-Type',
	authorization: 'Authorization',
	protocolVersion: 'MCP-Protocol-Version',
	method: 'Mcp-Method',
	name: 'Mcp-Name',
	sessionId: 'Mcp-Session-Id',
	lastEventId: 'Last-Event-ID',
	wwwAuthenticate: 'WWW-Authenticate'
} as const;

export interface NeedsInput {
	pageOrigin: string;
	targetUrl: string;
	/** `auto` when the era is not known yet: the union of both, as `connect()` tries both. */
	era?: EraNeed;
	/** The connection sends `Authorization` (a bearer token or OAuth). */
	authorization?: boolean;
	/** `Mcp-Param-*` header names the tools of this server mirror (modern era). */
	paramHeaders?: string[];
	/** Cookies (`credentials: 'include'`). MCP clients normally do not use them. */
	credentials?: boolean;
	/** Any other custom headers the user added. */
	extraHeaders?: string[];
}

function unique(names: string[]): string[] {
	const seen = new Set<string>();
	return names.filter((n) => {
		const key = n.toLowerCase();
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}

export function connectionNeeds(input: NeedsInput): CorsNeeds {
	const era = input.era ?? 'auto';
	const modern = era !== 'legacy';
	const legacy = era !== 'modern';
	// MCP-Protocol-Version travels on every modern request and on every legacy one after initialize.
	const requestHeaders: string[] = [H.contentType, H.protocolVersion];
	if (input.authorization) requestHeaders.push(H.authorization);
	if (modern) requestHeaders.push(H.method, H.name, ...(input.paramHeaders ?? []));
	if (legacy) requestHeaders.push(H.sessionId, H.lastEventId);
	requestHeaders.push(...(input.extraHeaders ?? []));
	const exposeHeaders: string[] = [H.wwwAuthenticate, H.protocolVersion];
	if (legacy) exposeHeaders.unshift(H.sessionId);
	return {
		pageOrigin: input.pageOrigin,
		targetUrl: input.targetUrl,
		methods: legacy ? ['POST', 'GET', 'DELETE'] : ['POST'],
		requestHeaders: unique(requestHeaders),
		exposeHeaders,
		credentials: input.credentials ?? false,
		era
	};
}

/**
 * The value a browser would put in `Access-Control-Request-Headers` for these headers: lower
 * case, sorted, comma-separated without spaces (what Chromium sends).
 */
export function accessControlRequestHeaders(names: string[]): string {
	return unique(names)
		.map((n) => n.toLowerCase())
		.sort()
		.join(',');
}
