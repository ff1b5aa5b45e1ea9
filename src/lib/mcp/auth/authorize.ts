/**
 * Steps 5–6: the authorization request (PKCE S256, `state`, `resource`, `scope`) and the checks on
 * the authorization response (`state`, RFC 9207 `iss`). The request is split in two so the
 * browser can survive a full-page redirect: `beginAuthorization` returns a JSON-safe
 * `PendingAuthorization` (verifier, state, issuer…) that the caller may keep in sessionStorage,
 * and `finishAuthorization` checks the callback URL against it.
 */
import * as oauth from 'oauth4webapi';
import { AuthError } from './errors.js';
import type { ClientRegistration } from './registration.js';
import { requirePkce, type ServerMetadata } from './server-metadata.js';
import { safeUrl } from './urls.js';

export interface PendingAuthorization {
	issuer: string;
	clientId: string;
	redirectUri: string;
	state: string;
	codeVerifier: string;
	resource: string;
	scopes: string[];
	authorizationUrl: string;
}

export const RULE_ISS =
	'RFC 9207 §2.4: compare iss with the issuer by simple string comparison; reject a missing iss when authorization_response_iss_parameter_supported is true';

export async function beginAuthorization(
	metadata: ServerMetadata,
	registration: ClientRegistration,
	request: {
		redirectUri: string;
		resource: string;
		scopes: string[];
		allowHttp?: boolean;
		dpopJkt?: string;
	}
): Promise<PendingAuthorization> {
	requirePkce(metadata);
	const endpoint = safeUrl(
		metadata.authorization_endpoint,
		'authorization_endpoint',
		request.allowHttp
	);
	const codeVerifier = oauth.generateRandomCodeVerifier();
	const state = oauth.generateRandomState();
	const url = new URL(endpoint);
	const params = url.searchParams;
	params.set('response_type', 'code');
	params.set('client_id', registration.clientId);
	params.set('redirect_uri', request.redirectUri);
	params.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));
	params.set('code_challenge_method', 'S256');
	params.set('state', state);
	// RFC 8707 / MCP: "MUST include the resource parameter" — exactly as the metadata published it.
	params.set('resource', request.resource);
	if (request.scopes.length > 0) params.set('scope', request.scopes.join(' '));
	if (request.dpopJkt) params.set('dpop_jkt', request.dpopJkt);
	return {
		issuer: metadata.issuer,
		clientId: registration.clientId,
		redirectUri: request.redirectUri,
		state,
		codeVerifier,
		resource: request.resource,
		scopes: request.scopes,
		authorizationUrl: url.href
	};
}

function checkIss(metadata: ServerMetadata, params: URLSearchParams): void {
	const iss = params.get('iss');
	if (iss === null && metadata.authorization_response_iss_parameter_supported === true) {
		throw new AuthError(
			'authorization',
			`The authorization response has no "iss" although ${metadata.issuer} advertises authorization_response_iss_parameter_supported. Refusing the code (possible mix-up attack).`,
			{ specRule: RULE_ISS }
		);
	}
	if (iss !== null && iss !== metadata.issuer) {
		throw new AuthError(
			'authorization',
			`The authorization response came with iss ${JSON.stringify(iss)}, but the flow was started with issuer ${JSON.stringify(metadata.issuer)}. Refusing the code: it may come from a different authorization server (mix-up attack).`,
			{ specRule: RULE_ISS }
		);
	}
}

/** Validates the callback and returns its parameters for the token request. Throws `AuthError`. */
export function finishAuthorization(
	metadata: ServerMetadata,
	pending: PendingAuthorization,
	callbackUrl: string
): URLSearchParams {
	if (metadata.issuer !== pending.issuer) {
		throw new AuthError(
			'authorization',
			`This callback belongs to a flow with ${pending.issuer}, not ${metadata.issuer}.`
		);
	}
	const params = new URL(callbackUrl).searchParams;
	checkIss(metadata, params);
	try {
		return oauth.validateAuthResponse(
			metadata,
			{ client_id: pending.clientId },
			params,
			pending.state
		);
	} catch (error) {
		if (error instanceof oauth.AuthorizationResponseError) {
			const description = params.get('error_description');
			throw new AuthError(
				'authorization',
				`The authorization server refused: ${params.get('error')}${description ? ` (${description})` : ''}`,
				{ specRule: 'RFC 6749 §4.1.2.1', cause: error }
			);
		}
		throw new AuthError(
			'authorization',
			`Invalid authorization response: ${(error as Error).message}`,
			{
				specRule: 'RFC 6749 §10.12: state MUST match; ' + RULE_ISS,
				cause: error
			}
		);
	}
}
