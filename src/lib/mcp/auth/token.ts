/**
 * Step 7: the token endpoint — authorization code exchange, refresh (with rotation), and the
 * generic grants the extensions use. `resource` goes into every token request (RFC 8707; MCP
 * "MUST include the resource parameter in … token requests"), the client authenticates with the
 * one method it registered (none / client_secret_basic / client_secret_post / private_key_jwt),
 * and a DPoP `use_dpop_nonce` answer is retried once with the server's nonce (RFC 9449 §8).
 */
import * as oauth from 'oauth4webapi';
import type { FetchLike } from '../transport.js';
import { AuthError } from './errors.js';
import type { DpopSigner } from './dpop.js';
import type { ClientRegistration } from './registration.js';
import type { ServerMetadata } from './server-metadata.js';
import { safeUrl } from './urls.js';

export interface TokenSet {
	accessToken: string;
	/** `bearer` or `dpop` (lower-cased `token_type`). */
	tokenType: string;
	refreshToken?: string;
	/** Epoch ms; undefined when the server did not say. */
	expiresAt?: number;
	/** Scopes granted (the response's `scope`, else what was requested). */
	scopes: string[];
	issuer: string;
	resource: string;
}

export interface TokenContext {
	metadata: ServerMetadata;
	registration: ClientRegistration;
	fetch: FetchLike;
	allowHttp?: boolean;
	dpop?: DpopSigner;
	/** For private_key_jwt clients. */
	privateKey?: CryptoKey;
}

/** The WHATWG application/x-www-form-urlencoded serialisation of one value. */
function formEncode(value: string): string {
	return new URLSearchParams({ v: value }).toString().slice(2);
}

/**
 * client_secret_basic (RFC 6749 §2.3.1: id and secret form-urlencoded, then Basic). oauth4webapi
 * also percent-encodes `-`, `.`, `_` and `*`, which the form serialisation leaves alone and which
 * many servers (including the conformance mock) do not decode — "pre-registered-client" must
 * stay "pre-registered-client".
 */
function clientSecretBasic(secret: string): oauth.ClientAuth {
	return (_as, client, _body, headers) => {
		const credentials = `${formEncode(client.client_id)}:${formEncode(secret)}`;
		const bytes = new TextEncoder().encode(credentials);
		headers.set('authorization', `Basic ${btoa(String.fromCharCode(...bytes))}`);
	};
}

export function clientAuth(
	registration: ClientRegistration,
	privateKey?: CryptoKey
): oauth.ClientAuth {
	const secret = registration.clientSecret ?? '';
	switch (registration.tokenEndpointAuthMethod) {
		case 'client_secret_basic':
			return clientSecretBasic(secret);
		case 'client_secret_post':
			return oauth.ClientSecretPost(secret);
		case 'private_key_jwt':
			if (!privateKey)
				throw new AuthError('token', 'private_key_jwt needs a private key; none was configured.');
			return oauth.PrivateKeyJwt(privateKey);
		default:
			return oauth.None();
	}
}

export function requestOptions(
	ctx: TokenContext,
	extra?: Record<string, string>
): oauth.TokenEndpointRequestOptions {
	// safeUrl refuses http: except on loopback (or when allowed); oauth4webapi needs to be told.
	const endpoint = safeUrl(ctx.metadata.token_endpoint, 'token_endpoint', ctx.allowHttp);
	return {
		[oauth.customFetch]: ctx.fetch as typeof fetch,
		[oauth.allowInsecureRequests]: endpoint.protocol === 'http:',
		additionalParameters: extra,
		DPoP: ctx.dpop?.handle
	};
}

function toTokenSet(
	result: oauth.TokenEndpointResponse,
	ctx: TokenContext,
	resource: string,
	requested: string[]
): TokenSet {
	return {
		accessToken: result.access_token,
		tokenType: result.token_type,
		refreshToken: result.refresh_token,
		expiresAt:
			typeof result.expires_in === 'number' ? Date.now() + result.expires_in * 1000 : undefined,
		scopes: result.scope ? result.scope.split(' ').filter(Boolean) : requested,
		issuer: ctx.metadata.issuer,
		resource
	};
}

/** Runs `send` and `process`; retries once when the server asks for a (new) DPoP nonce. */
export async function withDpopRetry<T>(
	send: () => Promise<Response>,
	process: (r: Response) => Promise<T>
): Promise<T> {
	try {
		return await process(await send());
	} catch (error) {
		if (!oauth.isDPoPNonceError(error)) throw error;
		return process(await send());
	}
}

export function tokenError(error: unknown, what: string): AuthError {
	if (error instanceof AuthError) return error;
	if (error instanceof oauth.ResponseBodyError) {
		return new AuthError(
			'token',
			`${what} refused: ${error.error}${error.error_description ? ` (${error.error_description})` : ''} [HTTP ${error.status}]`,
			{
				specRule: 'RFC 6749 §5.2',
				cause: error
			}
		);
	}
	return new AuthError(
		'token',
		`${what} failed: ${error instanceof Error ? error.message : String(error)}`,
		{ cause: error }
	);
}

export async function exchangeCode(
	ctx: TokenContext,
	callback: URLSearchParams,
	pending: { redirectUri: string; codeVerifier: string; resource: string; scopes: string[] }
): Promise<TokenSet> {
	const client: oauth.Client = { client_id: ctx.registration.clientId };
	const auth = clientAuth(ctx.registration, ctx.privateKey);
	try {
		const result = await withDpopRetry(
			() =>
				oauth.authorizationCodeGrantRequest(
					ctx.metadata,
					client,
					auth,
					callback,
					pending.redirectUri,
					pending.codeVerifier,
					requestOptions(ctx, { resource: pending.resource })
				),
			(response) => oauth.processAuthorizationCodeResponse(ctx.metadata, client, response)
		);
		return toTokenSet(result, ctx, pending.resource, pending.scopes);
	} catch (error) {
		throw tokenError(error, 'The token request');
	}
}

/** Refresh; keeps the old refresh token when the server does not rotate it (OAuth 2.1 §4.3.1). */
export async function refreshTokens(ctx: TokenContext, tokens: TokenSet): Promise<TokenSet> {
	if (!tokens.refreshToken) throw new AuthError('refresh', 'No refresh token to use.');
	const refreshToken = tokens.refreshToken;
	const client: oauth.Client = { client_id: ctx.registration.clientId };
	const auth = clientAuth(ctx.registration, ctx.privateKey);
	try {
		const result = await withDpopRetry(
			() =>
				oauth.refreshTokenGrantRequest(
					ctx.metadata,
					client,
					auth,
					refreshToken,
					requestOptions(ctx, { resource: tokens.resource })
				),
			(response) => oauth.processRefreshTokenResponse(ctx.metadata, client, response)
		);
		const next = toTokenSet(result, ctx, tokens.resource, tokens.scopes);
		return { ...next, refreshToken: next.refreshToken ?? tokens.refreshToken };
	} catch (error) {
		const failure = tokenError(error, 'The refresh request');
		throw new AuthError('refresh', failure.message, { specRule: failure.specRule, cause: error });
	}
}

/** A grant other than authorization_code (client_credentials, jwt-bearer…). */
export async function genericGrant(
	ctx: TokenContext,
	grantType: string,
	params: Record<string, string>,
	resource: string
): Promise<TokenSet> {
	const client: oauth.Client = { client_id: ctx.registration.clientId };
	const auth = clientAuth(ctx.registration, ctx.privateKey);
	const options = requestOptions(ctx);
	delete options.additionalParameters;
	try {
		const result = await withDpopRetry(
			() =>
				oauth.genericTokenEndpointRequest(
					ctx.metadata,
					client,
					auth,
					grantType,
					{ ...params, resource },
					options
				),
			(response) => oauth.processGenericTokenEndpointResponse(ctx.metadata, client, response)
		);
		return toTokenSet(result, ctx, resource, params.scope ? params.scope.split(' ') : []);
	} catch (error) {
		throw tokenError(error, `The ${grantType} token request`);
	}
}
