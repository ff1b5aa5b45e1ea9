/**
 * One full authorization run, step by step: resource metadata → server metadata → registration →
 * (authorization → token | non-interactive grant). Each step emits its `AuthEvent`. Used by
 * `OAuthClientProvider` on a 401/403 and by the debugger's "run all".
 */
import {
	beginAuthorization,
	finishAuthorization,
	RULE_ISS,
	type PendingAuthorization
} from './authorize.js';
import { AuthError, asAuthError } from './errors.js';
import type { AuthEventSink } from './events.js';
import { StepRecorder } from './events.js';
import type { DpopSigner } from './dpop.js';
import type { Grant } from './grants.js';
import { runGrant } from './grants.js';
import type { RegistrationOptions, ClientRegistration } from './registration.js';
import { obtainRegistration } from './registration.js';
import type { ProtectedResourceMetadata } from './resource-metadata.js';
import { discoverResourceMetadata } from './resource-metadata.js';
import type { ServerMetadata } from './server-metadata.js';
import { discoverServerMetadata } from './server-metadata.js';
import type { TokenContext, TokenSet } from './token.js';
import { exchangeCode } from './token.js';
import { canonicalResource } from './urls.js';
import type { FetchLike } from '../transport.js';

export interface Discovery {
	resourceMetadata?: ProtectedResourceMetadata;
	server: ServerMetadata;
	/** The `resource` value to send: exactly as the metadata published it. */
	resource: string;
}

export interface FlowEnvironment {
	serverUrl: URL;
	fetch: FetchLike;
	sink?: AuthEventSink;
	allowHttp: boolean;
	legacyFallback: boolean;
}

export async function discover(
	env: FlowEnvironment,
	resourceMetadataUrl?: string
): Promise<Discovery> {
	const found = await discoverResourceMetadata(
		env.serverUrl,
		resourceMetadataUrl,
		env.fetch,
		env.sink,
		env.allowHttp
	);
	const prm = found.metadata;
	if (prm && !prm.authorization_servers?.[0]) {
		throw new AuthError(
			'resource-metadata',
			`The protected resource metadata at ${found.url} lists no authorization_servers, so there is nowhere to get a token.`,
			{
				specRule: 'RFC 9728 §2 / MCP: resource metadata MUST include authorization_servers'
			}
		);
	}
	// No metadata at all: a 2025-03-26 server, whose origin is its authorization server.
	const issuer = prm?.authorization_servers?.[0] ?? env.serverUrl.origin;
	const server = await discoverServerMetadata(issuer, {
		fetch: env.fetch,
		sink: env.sink,
		allowHttp: env.allowHttp,
		legacyFallback: !prm && env.legacyFallback
	});
	return {
		resourceMetadata: prm,
		server,
		resource: prm?.resource ?? canonicalResource(env.serverUrl)
	};
}

/**
 * What an `authorize` step may need beyond the URL: a full-page redirect must persist the whole
 * pending flow (verifier, state, issuer, metadata, registration) to finish it after the page
 * comes back. `dpopBound` flows cannot leave the page (their key stays in memory).
 */
export interface AuthorizeContext {
	pending: PendingAuthorization;
	discovery: Discovery;
	registration: ClientRegistration;
	dpopBound: boolean;
}

/** Opens the authorization URL and resolves with the callback URL (popup, redirect, scripted). */
export type AuthorizeStep = (
	authorizationUrl: string,
	context?: AuthorizeContext
) => Promise<string>;

export interface AcquireOptions {
	registration: Omit<RegistrationOptions, 'fetch' | 'sink' | 'allowHttp'>;
	grant: Grant;
	redirectUri: string;
	authorize?: AuthorizeStep;
	dpop?: DpopSigner;
	privateKey?: CryptoKey;
}

async function authorizationCode(
	env: FlowEnvironment,
	found: Discovery,
	ctx: TokenContext,
	scopes: string[],
	options: AcquireOptions
): Promise<TokenSet> {
	const step = new StepRecorder('authorization', env.fetch, env.sink);
	let callback: URLSearchParams;
	let pending: PendingAuthorization;
	try {
		if (!options.authorize)
			throw new AuthError(
				'authorization',
				'This client cannot open an authorization page (no authorize step configured).'
			);
		pending = await beginAuthorization(found.server, ctx.registration, {
			redirectUri: options.redirectUri,
			resource: found.resource,
			scopes,
			allowHttp: env.allowHttp,
			dpopJkt: await ctx.dpop?.handle.calculateThumbprint()
		});
		const callbackUrl = await options.authorize(pending.authorizationUrl, {
			pending,
			discovery: found,
			registration: ctx.registration,
			dpopBound: Boolean(ctx.dpop)
		});
		callback = checkCallback(step, found.server, pending, callbackUrl);
	} catch (error) {
		throw failStep(step, error);
	}
	const done = pending;
	return tokenStep(env, 'token', (fetch) => exchangeCode({ ...ctx, fetch }, callback, done));
}

function failStep(step: StepRecorder, error: unknown): AuthError {
	if (error instanceof AuthError && error.step !== step.step) return error; // already reported
	const failure = asAuthError(step.step, error);
	step.emit('failure', failure.message, { specRule: failure.specRule });
	return failure;
}

/** The callback's checks (state, iss, error) as the `authorization` step's outcome. */
function checkCallback(
	step: StepRecorder,
	server: ServerMetadata,
	pending: PendingAuthorization,
	callbackUrl: string
): URLSearchParams {
	const callback = finishAuthorization(server, pending, callbackUrl);
	step.emit('success', `Authorization granted by ${server.issuer}`, {
		specRule: `PKCE S256, state and resource sent; ${RULE_ISS}`,
		details: {
			authorizationUrl: pending.authorizationUrl.replace(/([?&]code_challenge=)[^&]+/, '$1…'),
			scopes: pending.scopes
		}
	});
	return callback;
}

/**
 * The second half of an authorization-code flow that was started elsewhere (before a full-page
 * redirect, or by the debugger's step runner): check the callback, then exchange the code.
 */
export async function finishCodeFlow(
	env: Pick<FlowEnvironment, 'fetch' | 'sink'>,
	ctx: TokenContext,
	pending: PendingAuthorization,
	callbackUrl: string
): Promise<TokenSet> {
	const step = new StepRecorder('authorization', env.fetch, env.sink);
	let callback: URLSearchParams;
	try {
		callback = checkCallback(step, ctx.metadata, pending, callbackUrl);
	} catch (error) {
		throw failStep(step, error);
	}
	return tokenStep(env, 'token', (fetch) => exchangeCode({ ...ctx, fetch }, callback, pending));
}

/** Runs a token-endpoint call as one observable step (`token` or `refresh`). */
export async function tokenStep(
	env: Pick<FlowEnvironment, 'fetch' | 'sink'>,
	name: 'token' | 'refresh',
	run: (fetch: FetchLike) => Promise<TokenSet>
): Promise<TokenSet> {
	const step = new StepRecorder(name, env.fetch, env.sink);
	try {
		const tokens = await run(step.fetch);
		step.emit(
			'success',
			`Got a ${tokens.tokenType} access token${tokens.refreshToken ? ' and a refresh token' : ''} for ${tokens.resource}`,
			{
				specRule:
					'RFC 8707: resource in the token request; the token endpoint auth method the server advertises',
				details: { scopes: tokens.scopes, expiresAt: tokens.expiresAt, tokenType: tokens.tokenType }
			}
		);
		return tokens;
	} catch (error) {
		const failure = asAuthError(name, error);
		step.emit('failure', failure.message, { specRule: failure.specRule });
		throw failure;
	}
}

export async function acquire(
	env: FlowEnvironment,
	found: Discovery,
	scopes: string[],
	options: AcquireOptions
): Promise<{ tokens: TokenSet; registration: ClientRegistration }> {
	const registration = await obtainRegistration(
		{ ...options.registration, fetch: env.fetch, sink: env.sink, allowHttp: env.allowHttp },
		found.server
	);
	const ctx: TokenContext = {
		metadata: found.server,
		registration,
		fetch: env.fetch,
		allowHttp: env.allowHttp,
		dpop: options.dpop,
		privateKey: options.privateKey
	};
	const grant = options.grant;
	const tokens =
		grant.type === 'authorization_code'
			? await authorizationCode(env, found, ctx, scopes, options)
			: await tokenStep(env, 'token', (fetch) =>
					runGrant({ ...ctx, fetch }, grant, found.resource)
				);
	return { tokens, registration };
}
