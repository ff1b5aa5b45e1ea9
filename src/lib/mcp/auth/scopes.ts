/**
 * Scope selection (MCP Authorization §Scope Selection Strategy): the challenge's `scope`, else the
 * resource metadata's `scopes_supported`, else no `scope` at all. `offline_access` is added only
 * when the authorization server lists it (SEP-2207): asking for a scope the server does not know
 * makes some servers refuse the whole request.
 */
import type { ProtectedResourceMetadata } from './resource-metadata.js';
import type { ServerMetadata } from './server-metadata.js';

export const RULE_SCOPE_SELECTION =
	'MCP Authorization §Scope Selection Strategy: use scope from WWW-Authenticate, else scopes_supported from resource metadata, else omit scope';
export const RULE_STEP_UP =
	'MCP Authorization §Scope Challenge Handling: on 403 insufficient_scope re-authorize with the union of previously requested and challenged scopes; limit retries';

export function selectScopes(
	challengeScopes: string[],
	resource: ProtectedResourceMetadata | undefined
): string[] {
	if (challengeScopes.length > 0) return dedupe(challengeScopes);
	return dedupe(resource?.scopes_supported ?? []);
}

export function withOfflineAccess(
	scopes: string[],
	server: ServerMetadata,
	wanted: boolean
): string[] {
	const listed = server.scopes_supported?.includes('offline_access') ?? false;
	if (!wanted || !listed || scopes.includes('offline_access')) return scopes;
	return [...scopes, 'offline_access'];
}

export function union(a: string[], b: string[]): string[] {
	return dedupe([...a, ...b]);
}

/** True when `wanted` adds nothing to what was already requested. */
export function isSubset(wanted: string[], have: string[]): boolean {
	const set = new Set(have);
	return wanted.every((scope) => set.has(scope));
}

function dedupe(scopes: string[]): string[] {
	return [...new Set(scopes.filter(Boolean))];
}
