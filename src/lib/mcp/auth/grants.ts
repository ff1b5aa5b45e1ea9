/**
 * Grants without a user at a browser, from the MCP auth extensions:
 * - client credentials (SEP-1046, `io.modelcontextprotocol/oauth-client-credentials`) with
 *   client_secret_basic or private_key_jwt (RFC 7523 §2.2);
 * - JWT bearer with a workload identity token (RFC 7523 §2.1, SEP-1933): on an error the client
 *   reports it and neither retries nor switches grant type;
 * - Enterprise-Managed Authorization (SEP-990): RFC 8693 token exchange of the user's ID token at
 *   the enterprise IdP for an ID-JAG, then a JWT bearer grant with it at the authorization server.
 */
import type { FetchLike } from '../transport.js';
import { AuthError, networkFailure } from './errors.js';
import type { TokenContext, TokenSet } from './token.js';
import { genericGrant } from './token.js';

export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ID_TOKEN = 'urn:ietf:params:oauth:token-type:id_token';
const ID_JAG = 'urn:ietf:params:oauth:token-type:id-jag';

export type Grant =
	| { type: 'authorization_code' }
	| { type: 'client_credentials'; scope?: string }
	| { type: 'jwt_bearer'; assertion: () => string | Promise<string>; scope?: string }
	| {
			type: 'enterprise';
			idToken: () => string | Promise<string>;
			idp: { tokenEndpoint: string; clientId: string; clientSecret?: string };
			scope?: string;
	  };

function withScope(scope: string | undefined): Record<string, string> {
	return scope ? { scope } : {};
}

/** RFC 8693 exchange at the IdP: ID token → ID-JAG for (audience = issuer, resource). */
async function exchangeForIdJag(
	fetchImpl: FetchLike,
	grant: Extract<Grant, { type: 'enterprise' }>,
	issuer: string,
	resource: string
): Promise<string> {
	const body = new URLSearchParams({
		grant_type: TOKEN_EXCHANGE,
		subject_token: await grant.idToken(),
		subject_token_type: ID_TOKEN,
		requested_token_type: ID_JAG,
		audience: issuer,
		resource,
		client_id: grant.idp.clientId
	});
	if (grant.idp.clientSecret) body.set('client_secret', grant.idp.clientSecret);
	let response: Response;
	try {
		response = await fetchImpl(grant.idp.tokenEndpoint, {
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
			body
		});
	} catch (error) {
		throw networkFailure('token', grant.idp.tokenEndpoint, error);
	}
	const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
	if (!response.ok || typeof json.access_token !== 'string' || json.issued_token_type !== ID_JAG) {
		throw new AuthError(
			'token',
			`The IdP token exchange at ${grant.idp.tokenEndpoint} did not return an ID-JAG (HTTP ${response.status}${json.error ? `, ${String(json.error)}` : ''}).`,
			{
				specRule:
					'RFC 8693 §2.2 / SEP-990: issued_token_type MUST be urn:ietf:params:oauth:token-type:id-jag'
			}
		);
	}
	return json.access_token;
}

/** Obtains tokens with a non-interactive grant. Errors are final: no retry, no other grant. */
export async function runGrant(
	ctx: TokenContext,
	grant: Exclude<Grant, { type: 'authorization_code' }>,
	resource: string
): Promise<TokenSet> {
	switch (grant.type) {
		case 'client_credentials':
			return genericGrant(ctx, 'client_credentials', withScope(grant.scope), resource);
		case 'jwt_bearer':
			return genericGrant(
				ctx,
				JWT_BEARER,
				{ assertion: await grant.assertion(), ...withScope(grant.scope) },
				resource
			);
		case 'enterprise': {
			const assertion = await exchangeForIdJag(ctx.fetch, grant, ctx.metadata.issuer, resource);
			return genericGrant(ctx, JWT_BEARER, { assertion, ...withScope(grant.scope) }, resource);
		}
	}
}
