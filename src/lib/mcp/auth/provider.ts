/**
 * `OAuthClientProvider`: the OAuth 2.1 client as an `AuthProvider` for the HTTP transports. On a
 * 401 it discovers, registers, authorizes and gets a token; on a 403 `insufficient_scope` it steps
 * up with the union of scopes (bounded); on a DPoP `use_dpop_nonce` it retries with the nonce.
 * It refreshes expired tokens, and when the resource's authorization server changes it drops the
 * old tokens and registers anew (registrations are keyed by issuer).
 */
import type { AuthProvider, FetchLike } from '../transport.js';
import { oauthChallenge, type AuthChallenge } from './challenge.js';
import { DpopSigner } from './dpop.js';
import type { AuthEventSink } from './events.js';
import { AuthError } from './errors.js';
import {
	acquire,
	discover,
	finishCodeFlow,
	tokenStep,
	type AuthorizeStep,
	type Discovery,
	type FlowEnvironment
} from './flow.js';
import type { Grant } from './grants.js';
import {
	MemoryRegistrationStore,
	type ClientMetadata,
	type ClientRegistration,
	type PreRegisteredClient,
	type RegistrationStore
} from './registration.js';
import {
	isSubset,
	RULE_SCOPE_SELECTION,
	RULE_STEP_UP,
	selectScopes,
	union,
	withOfflineAccess
} from './scopes.js';
import type { RedirectFlow } from './redirect.js';
import { refreshTokens, type TokenSet } from './token.js';
import { MemoryTokenStore, type TokenStore } from './token-store.js';
import { canonicalResource } from './urls.js';

export interface OAuthClientOptions {
	/** The MCP server endpoint this provider authorizes. */
	serverUrl: string;
	/** Where the authorization server sends the browser back (`<origin>/oauth/callback`). */
	redirectUri: string;
	/** Opens the authorization URL (popup / redirect / manual fetch) and resolves with the callback URL. */
	authorize?: AuthorizeStep;
	fetch?: FetchLike;
	clientMetadata?: Partial<ClientMetadata>;
	/** HTTPS URL of this client's Client ID Metadata Document, used when the server supports CIMD. */
	clientMetadataUrl?: string;
	preRegistered?: PreRegisteredClient[];
	askUser?: (issuer: string) => Promise<PreRegisteredClient | undefined>;
	grant?: Grant;
	/** For `private_key_jwt` clients. */
	clientPrivateKey?: CryptoKey;
	/** `auto`: DPoP when the server advertises ES256 in dpop_signing_alg_values_supported or challenges with DPoP. */
	dpop?: 'auto' | 'always' | 'never';
	/** Ask for `offline_access` (a refresh token) when the server lists it. Default true. */
	offlineAccess?: boolean;
	registrations?: RegistrationStore;
	tokens?: TokenStore;
	onEvent?: AuthEventSink;
	/** Allow `http:` to non-loopback hosts (never for production servers). */
	allowHttp?: boolean;
	/** Step-ups (403 insufficient_scope re-authorizations) allowed before giving up. Default 2. */
	maxStepUps?: number;
}

const REFRESH_MARGIN_MS = 30_000;

export class OAuthClientProvider implements AuthProvider {
	readonly #options: OAuthClientOptions;
	readonly #env: FlowEnvironment;
	readonly #resourceKey: string;
	readonly #registrations: RegistrationStore;
	readonly #tokens: TokenStore;
	#session?: { found: Discovery; registration: ClientRegistration };
	#dpop?: DpopSigner;
	#inflight?: Promise<boolean>;
	#stepUps = 0;
	readonly #triedScopeSets = new Set<string>();

	constructor(options: OAuthClientOptions) {
		this.#options = options;
		const serverUrl = new URL(options.serverUrl);
		this.#resourceKey = canonicalResource(serverUrl);
		this.#env = {
			serverUrl,
			fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
			sink: options.onEvent,
			allowHttp: options.allowHttp ?? false,
			legacyFallback: true
		};
		this.#registrations = options.registrations ?? new MemoryRegistrationStore();
		this.#tokens = options.tokens ?? new MemoryTokenStore();
	}

	/** The current tokens (for the debugger; never log them). */
	get tokens(): TokenSet | undefined {
		return this.#tokens.get(this.#resourceKey);
	}

	async headers(request?: { url: string; method: string }): Promise<Record<string, string>> {
		let tokens = this.tokens;
		if (!tokens) return {};
		if (
			tokens.expiresAt !== undefined &&
			tokens.expiresAt - REFRESH_MARGIN_MS < Date.now() &&
			tokens.refreshToken
		) {
			tokens = (await this.#refresh(tokens)) ?? tokens;
		}
		if (tokens.tokenType === 'dpop' && this.#dpop) {
			const url = request?.url ?? this.#env.serverUrl.href;
			const proof = await this.#dpop.proof(request?.method ?? 'POST', url, tokens.accessToken);
			return { Authorization: `DPoP ${tokens.accessToken}`, DPoP: proof };
		}
		return { Authorization: `Bearer ${tokens.accessToken}` };
	}

	handleChallenge(response: Response, request: { url: string; method: string }): Promise<boolean> {
		this.#inflight ??= this.#handle(response, request).finally(() => (this.#inflight = undefined));
		return this.#inflight;
	}

	/**
	 * Takes over tokens obtained elsewhere for this server (the debugger's step runner, a finished
	 * redirect), with what is needed to refresh them.
	 */
	adopt(found: Discovery, registration: ClientRegistration, tokens: TokenSet): void {
		this.#registrations.set(registration);
		this.#tokens.set(this.#resourceKey, tokens);
		this.#session = { found, registration };
	}

	/** Finishes a flow that left the page by a full-page redirect (see redirect.ts). */
	async completeRedirect(flow: RedirectFlow, callbackUrl: string): Promise<TokenSet> {
		if (canonicalResource(new URL(flow.serverUrl)) !== this.#resourceKey) {
			throw new AuthError(
				'authorization',
				`This authorization answer belongs to ${flow.serverUrl}, not ${this.#options.serverUrl}.`
			);
		}
		const { discovery, registration } = flow;
		const ctx = {
			metadata: discovery.server,
			registration,
			fetch: this.#env.fetch,
			allowHttp: this.#env.allowHttp,
			privateKey: this.#options.clientPrivateKey
		};
		const tokens = await finishCodeFlow(this.#env, ctx, flow.pending, callbackUrl);
		this.adopt(discovery, registration, tokens);
		return tokens;
	}

	/** Forgets tokens (not registrations) for this server. */
	signOut(): void {
		this.#tokens.delete(this.#resourceKey);
		this.#session = undefined;
	}

	async #handle(response: Response, request: { url: string; method: string }): Promise<boolean> {
		const challenge = oauthChallenge(response.headers.get('www-authenticate'));
		this.#emitChallenge(response, challenge);
		if (challenge?.error === 'use_dpop_nonce' && this.#dpop) {
			// RFC 9449 §9: retry with the nonce — but only if it is a new one, or we would loop.
			return this.#dpop.rememberNonce(request.url, response);
		}
		if (response.status === 403) {
			if (challenge?.error !== 'insufficient_scope') return false;
			const scopes = this.#stepUpScopes(challenge);
			if (!scopes) return false;
			return this.#authorize(challenge, scopes);
		}
		const sentToken = this.tokens;
		if (sentToken?.refreshToken) {
			const found = await discover(this.#env, challenge?.resourceMetadataUrl);
			if (found.server.issuer === sentToken.issuer && (await this.#refresh(sentToken, found)))
				return true;
			return this.#authorize(challenge, undefined, found);
		}
		return this.#authorize(challenge);
	}

	#emitChallenge(response: Response, challenge: AuthChallenge | undefined): void {
		const headers: Record<string, string> = {};
		response.headers.forEach((value, key) => (headers[key] = value));
		this.#env.sink?.({
			step: 'challenge',
			outcome: challenge ? 'success' : 'info',
			message: challenge
				? `HTTP ${response.status}: ${challenge.scheme} challenge${challenge.error ? ` (${challenge.error})` : ''}${challenge.scopes.length ? `, scope "${challenge.scopes.join(' ')}"` : ''}${challenge.resourceMetadataUrl ? '' : '; no resource_metadata (falling back to well-known URLs)'}`
				: `HTTP ${response.status} without a readable WWW-Authenticate challenge (in a browser the server must list it in Access-Control-Expose-Headers); falling back to well-known URLs`,
			specRule: 'RFC 9728 §5.1: WWW-Authenticate resource_metadata; MCP: scope in the challenge',
			exchanges: [
				{
					request: { method: 'POST', url: response.url || this.#env.serverUrl.href, headers: {} },
					response: { status: response.status, headers }
				}
			],
			details: challenge ? { ...challenge } : undefined,
			time: Date.now()
		});
	}

	/** The union for a step-up, or undefined when the limit is reached or nothing new is asked. */
	#stepUpScopes(challenge: AuthChallenge): string[] | undefined {
		const previous = this.tokens?.scopes ?? [];
		const scopes = union(previous, challenge.scopes);
		const key = [...scopes].sort().join(' ');
		const repeated =
			this.#triedScopeSets.has(key) || (isSubset(scopes, previous) && this.#stepUps > 0);
		if (repeated || this.#stepUps >= (this.#options.maxStepUps ?? 2)) {
			this.#env.sink?.({
				step: 'challenge',
				outcome: 'failure',
				message: `Still insufficient_scope after re-authorizing with "${scopes.join(' ')}"; giving up instead of looping. The account may lack these scopes.`,
				specRule: RULE_STEP_UP,
				exchanges: [],
				time: Date.now()
			});
			return undefined;
		}
		this.#stepUps += 1;
		this.#triedScopeSets.add(key);
		return scopes;
	}

	async #authorize(
		challenge: AuthChallenge | undefined,
		stepUpScopes?: string[],
		known?: Discovery
	): Promise<boolean> {
		const found = known ?? (await discover(this.#env, challenge?.resourceMetadataUrl));
		const previous = this.tokens;
		if (previous && previous.issuer !== found.server.issuer) this.#tokens.delete(this.#resourceKey);
		const selected = stepUpScopes ?? selectScopes(challenge?.scopes ?? [], found.resourceMetadata);
		const scopes = withOfflineAccess(selected, found.server, this.#options.offlineAccess ?? true);
		this.#env.sink?.({
			step: 'authorization',
			outcome: 'info',
			message: scopes.length
				? `Requesting scope "${scopes.join(' ')}"`
				: 'Requesting no scope (none challenged or advertised)',
			specRule: stepUpScopes ? RULE_STEP_UP : RULE_SCOPE_SELECTION,
			exchanges: [],
			time: Date.now()
		});
		const { tokens, registration } = await acquire(this.#env, found, scopes, {
			registration: this.#registrationOptions(),
			grant: this.#options.grant ?? { type: 'authorization_code' },
			redirectUri: this.#options.redirectUri,
			authorize: this.#options.authorize,
			dpop: await this.#dpopFor(found, challenge),
			privateKey: this.#options.clientPrivateKey
		});
		if (!stepUpScopes) this.#stepUps = 0;
		this.#tokens.set(this.#resourceKey, tokens);
		this.#session = { found, registration };
		return true;
	}

	#registrationOptions() {
		const { clientMetadata, redirectUri } = this.#options;
		return {
			store: this.#registrations,
			clientMetadata: {
				client_name: 'MCP Playground',
				redirect_uris: [redirectUri],
				...clientMetadata
			},
			preRegistered: this.#options.preRegistered,
			clientMetadataUrl: this.#options.clientMetadataUrl,
			askUser: this.#options.askUser
		};
	}

	async #dpopFor(
		found: Discovery,
		challenge: AuthChallenge | undefined
	): Promise<DpopSigner | undefined> {
		const mode = this.#options.dpop ?? 'auto';
		const advertised = found.server.dpop_signing_alg_values_supported?.includes('ES256') ?? false;
		if (mode === 'never' || (mode === 'auto' && !advertised && challenge?.scheme !== 'dpop'))
			return undefined;
		this.#dpop ??= await DpopSigner.create();
		return this.#dpop;
	}

	async #refresh(tokens: TokenSet, found?: Discovery): Promise<TokenSet | undefined> {
		const session = this.#session;
		if (!session || session.found.server.issuer !== tokens.issuer) return undefined;
		const server = found?.server ?? session.found.server;
		try {
			const next = await tokenStep(this.#env, 'refresh', (fetch) =>
				refreshTokens(
					{
						metadata: server,
						registration: session.registration,
						fetch,
						allowHttp: this.#env.allowHttp,
						dpop: this.#dpop,
						privateKey: this.#options.clientPrivateKey
					},
					tokens
				)
			);
			this.#tokens.set(this.#resourceKey, next);
			return next;
		} catch {
			this.#tokens.delete(this.#resourceKey); // a refused refresh token is dead; start over
			return undefined;
		}
	}
}
