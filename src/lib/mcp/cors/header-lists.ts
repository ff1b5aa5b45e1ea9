/**
 * Reading CORS response headers the way the Fetch standard does: names compare
 * case-insensitively, lists are comma-separated, `*` is a wildcard only for requests without
 * credentials, and `*` in Access-Control-Allow-Headers never covers `Authorization`.
 * https://fetch.spec.whatwg.org/#http-access-control-allow-headers
 */
import type { HttpExchange } from './types.js';

/** All values of header `name` (case-insensitive), one per occurrence. */
export function headerValues(exchange: HttpExchange | undefined, name: string): string[] {
	if (!exchange) return [];
	const lower = name.toLowerCase();
	return exchange.headers.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v);
}

/** The header's combined value (occurrences joined with ", " as `Headers.get` does), or undefined. */
export function headerValue(exchange: HttpExchange | undefined, name: string): string | undefined {
	const values = headerValues(exchange, name);
	return values.length ? values.join(', ') : undefined;
}

/** A comma-separated list header as trimmed, non-empty entries (all occurrences). */
export function listEntries(exchange: HttpExchange | undefined, name: string): string[] {
	return headerValues(exchange, name)
		.flatMap((v) => v.split(','))
		.map((v) => v.trim())
		.filter((v) => v !== '');
}

export interface ListCoverage {
	/** Needed entries the list does not cover, in the caller's spelling. */
	missing: string[];
	/** The list holds `*` and the request has no credentials, so `*` counted as a wildcard. */
	wildcardUsed: boolean;
	/** The list holds `*` but credentials make it literal. */
	wildcardLiteral: boolean;
	/** `Authorization` was needed and only `*` could have covered it. */
	authorizationNotCoveredByWildcard: boolean;
}

/**
 * Which `needed` names the list header `name` fails to cover.
 * `kind` selects the rules: for Allow-Headers, `*` never matches `Authorization`
 * (Fetch: "`Authorization` ... is not covered by the wildcard"). Methods are compared
 * case-insensitively: Fetch normalises the standard methods (DELETE, GET, POST…) to upper case.
 */
export function coverage(
	exchange: HttpExchange | undefined,
	name: string,
	needed: string[],
	credentials: boolean,
	kind: 'headers' | 'methods' | 'expose'
): ListCoverage {
	const entries = new Set(listEntries(exchange, name).map((e) => e.toLowerCase()));
	const hasStar = entries.has('*');
	const result: ListCoverage = {
		missing: [],
		wildcardUsed: false,
		wildcardLiteral: hasStar && credentials,
		authorizationNotCoveredByWildcard: false
	};
	for (const item of needed) {
		const lower = item.toLowerCase();
		if (entries.has(lower)) continue;
		if (hasStar && !credentials) {
			if (kind === 'headers' && lower === 'authorization') {
				result.authorizationNotCoveredByWildcard = true;
			} else {
				result.wildcardUsed = true;
				continue;
			}
		}
		result.missing.push(item);
	}
	return result;
}

/** True for 200–299 ("ok status"), what a preflight needs. */
export function isOkStatus(status: number): boolean {
	return status >= 200 && status <= 299;
}

export function isRedirect(status: number): boolean {
	return [301, 302, 303, 307, 308].includes(status);
}
