/**
 * The auth debugger's flow runner: the same OAuth steps `OAuthClientProvider` runs on a 401, one
 * at a time, so a user can watch (or retry) each — challenge, resource metadata, server metadata,
 * registration, authorization, token, authenticated request, refresh. Each step emits its
 * `AuthEvent`; a failed step stays current, so it can be run again (e.g. with `fetchFor`
 * routing that step through the local proxy after a CORS failure).
 */
import type { FetchLike } from '../transport.js';
import { beginAuthorization, type PendingAuthorization } from './authorize.js';
import { oauthChallenge, type AuthChallenge } from './challenge.js';
import { AuthError, asAuthError } from './errors.js';
import { StepRecorder, type AuthEventSink, type AuthStep } from './events.js';
import { finishCodeFlow, tokenStep, type AuthorizeStep, type Discovery } from './flow.js';
import {
	obtainRegistration,
	type ClientRegistration,
	type RegistrationOptions
} from './registration.js';
import { discoverResourceMetadata, type ResourceDiscovery } from './resource-metadata.js';
import { selectScopes, withOfflineAccess, RULE_SCOPE_SELECTION } from './scopes.js';
import { discoverServerMetadata, type ServerMetadata } from './server-metadata.js';
import { refreshTokens, type TokenSet } from './token.js';
import { canonicalResource } from './urls.js';

export const STEPPER_STEPS = [
	'challenge',
	'resource-metadata',
	'server-metadata',
	'registration',
	'authorization',
	'token',
	'authenticated-request',
	'refresh'
] as const satisfies readonly AuthStep[];
export type StepperStep = (typeof STEPPER_STEPS)[number];

export interface StepperOptions {
	serverUrl: string;
	redirectUri: string;
	authorize: AuthorizeStep;
	/** The fetch for each step (direct, or through the local proxy). */
	fetchFor: (step: StepperStep) => FetchLike;
	onEvent: AuthEventSink;
	registration: Omit<RegistrationOptions, 'fetch' | 'sink' | 'allowHttp'>;
	offlineAccess?: boolean;
	allowHttp?: boolean;
}

/** The request the challenge and authenticated-request steps send: a legacy `initialize`. */
const PROBE_BODY = JSON.stringify({
	jsonrpc: '2.0',
	id: 'auth-debugger',
	method: 'initialize',
	params: {
		protocolVersion: '2025-11-25',
		capabilities: {},
		clientInfo: { name: 'mcp-playground-auth-debugger', version: '0.1.0' }
	}
});

export class AuthStepper {
	readonly #options: StepperOptions;
	readonly #serverUrl: URL;
	#index = 0;
	#challenge?: AuthChallenge;
	#resource?: ResourceDiscovery;
	#server?: ServerMetadata;
	#registration?: ClientRegistration;
	#pending?: { pending: PendingAuthorization; callbackUrl: string };
	#tokens?: TokenSet;
	/** The last step's error, for the UI ("retry through the proxy"). */
	lastError?: AuthError;

	constructor(options: StepperOptions) {
		this.#options = options;
		this.#serverUrl = new URL(options.serverUrl);
	}

	/** The step `step()` runs next; undefined when the flow is complete. */
	get next(): StepperStep | undefined {
		return STEPPER_STEPS[this.#index];
	}

	get tokens(): TokenSet | undefined {
		return this.#tokens;
	}

	/** What a provider needs to take the tokens over (`OAuthClientProvider.adopt`). */
	get session():
		{ discovery: Discovery; registration: ClientRegistration; tokens: TokenSet } | undefined {
		if (!this.#server || !this.#registration || !this.#tokens) return undefined;
		return { discovery: this.#discovery(), registration: this.#registration, tokens: this.#tokens };
	}

	/** Goes back to an earlier step (a spent authorization code means authorizing again). */
	rewindTo(step: StepperStep): void {
		this.#index = Math.min(this.#index, STEPPER_STEPS.indexOf(step));
	}

	/** Runs the current step. True when it succeeded (the runner moved on). */
	async step(): Promise<boolean> {
		const current = this.next;
		if (!current) return false;
		try {
			await this.#run(current, this.#options.fetchFor(current));
			this.lastError = undefined;
			this.#index += 1;
			return true;
		} catch (error) {
			this.lastError = asAuthError(current, error);
			return false;
		}
	}

	/** Runs the remaining steps until one fails. True when the flow completed. */
	async runAll(): Promise<boolean> {
		while (this.next) if (!(await this.step())) return false;
		return true;
	}

	#discovery(): Discovery {
		const server = this.#require(this.#server, 'server-metadata');
		const prm = this.#resource?.metadata;
		return {
			resourceMetadata: prm,
			server,
			resource: prm?.resource ?? canonicalResource(this.#serverUrl)
		};
	}

	#require<T>(value: T | undefined, step: StepperStep): T {
		if (value === undefined) throw new AuthError(step, `Run the "${step}" step first.`);
		return value;
	}

	async #run(step: StepperStep, fetch: FetchLike): Promise<void> {
		const { allowHttp = false, onEvent: sink } = this.#options;
		switch (step) {
			case 'challenge':
				return this.#probe('challenge', fetch);
			case 'resource-metadata':
				this.#resource = await discoverResourceMetadata(
					this.#serverUrl,
					this.#challenge?.resourceMetadataUrl,
					fetch,
					sink,
					allowHttp
				);
				return;
			case 'server-metadata': {
				const prm = this.#resource?.metadata;
				const issuer = prm?.authorization_servers?.[0] ?? this.#serverUrl.origin;
				const legacyFallback = !prm;
				this.#server = await discoverServerMetadata(issuer, {
					fetch,
					sink,
					allowHttp,
					legacyFallback
				});
				return;
			}
			case 'registration': {
				const options = { ...this.#options.registration, fetch, sink, allowHttp };
				this.#registration = await obtainRegistration(options, this.#require(this.#server, step));
				return;
			}
			case 'authorization':
				return this.#authorize(fetch);
			case 'token':
				return this.#exchange(fetch);
			case 'authenticated-request':
				return this.#probe('authenticated-request', fetch);
			case 'refresh':
				return this.#refresh(fetch);
		}
	}

	async #authorize(fetch: FetchLike): Promise<void> {
		const discovery = this.#discovery();
		const registration = this.#require(this.#registration, 'registration');
		const selected = selectScopes(this.#challenge?.scopes ?? [], discovery.resourceMetadata);
		const scopes = withOfflineAccess(
			selected,
			discovery.server,
			this.#options.offlineAccess ?? true
		);
		const step = new StepRecorder('authorization', fetch, this.#options.onEvent);
		step.emit(
			'info',
			scopes.length ? `Requesting scope "${scopes.join(' ')}"` : 'Requesting no scope',
			{
				specRule: RULE_SCOPE_SELECTION
			}
		);
		try {
			const pending = await beginAuthorization(discovery.server, registration, {
				redirectUri: this.#options.redirectUri,
				resource: discovery.resource,
				scopes,
				allowHttp: this.#options.allowHttp
			});
			const context = { pending, discovery, registration, dpopBound: false };
			const callbackUrl = await this.#options.authorize(pending.authorizationUrl, context);
			this.#pending = { pending, callbackUrl };
		} catch (error) {
			const failure = asAuthError('authorization', error);
			step.emit('failure', failure.message, { specRule: failure.specRule });
			throw failure;
		}
	}

	/** Checks the callback (state, iss) — reported as the authorization outcome — and redeems the code. */
	async #exchange(fetch: FetchLike): Promise<void> {
		const { pending, callbackUrl } = this.#require(this.#pending, 'authorization');
		const ctx = {
			metadata: this.#require(this.#server, 'server-metadata'),
			registration: this.#require(this.#registration, 'registration'),
			fetch,
			allowHttp: this.#options.allowHttp
		};
		this.#pending = undefined; // a code is single-use, whatever happens next
		this.#tokens = await finishCodeFlow(
			{ fetch, sink: this.#options.onEvent },
			ctx,
			pending,
			callbackUrl
		);
	}

	async #refresh(fetch: FetchLike): Promise<void> {
		const tokens = this.#require(this.#tokens, 'token');
		if (!tokens.refreshToken) {
			const step = new StepRecorder('refresh', fetch, this.#options.onEvent);
			step.emit(
				'skipped',
				'The authorization server issued no refresh token; nothing to refresh.',
				{
					specRule:
						'MCP Authorization: never assume a refresh token (offline_access only when listed)'
				}
			);
			return;
		}
		const ctx = {
			metadata: this.#require(this.#server, 'server-metadata'),
			registration: this.#require(this.#registration, 'registration'),
			fetch,
			allowHttp: this.#options.allowHttp
		};
		this.#tokens = await tokenStep({ fetch, sink: this.#options.onEvent }, 'refresh', (f) =>
			refreshTokens({ ...ctx, fetch: f }, tokens)
		);
	}

	/** POSTs the probe to the MCP server, without a token (challenge) or with it. */
	async #probe(name: 'challenge' | 'authenticated-request', fetch: FetchLike): Promise<void> {
		const step = new StepRecorder(name, fetch, this.#options.onEvent);
		const headers: Record<string, string> = {
			'Content-Type': 'application/json',
			Accept: 'application/json, text/event-stream'
		};
		const token =
			name === 'authenticated-request' ? this.#require(this.#tokens, 'token') : undefined;
		if (token) headers.Authorization = `Bearer ${token.accessToken}`;
		let response: Response;
		try {
			response = await step.fetch(this.#serverUrl.href, {
				method: 'POST',
				headers,
				body: PROBE_BODY
			});
			await response.body?.cancel();
		} catch (error) {
			const failure = new AuthError(
				name,
				`No readable answer from ${this.#serverUrl.href} (${(error as Error).message}): most likely the MCP server sends no CORS headers for this page.`,
				{ cause: error, corsSuspected: error instanceof TypeError }
			);
			step.emit('failure', failure.message);
			throw failure;
		}
		if (name === 'challenge') return this.#readChallenge(step, response);
		if (response.status === 401 || response.status === 403) {
			const message = `The server still refuses the token (HTTP ${response.status}).`;
			step.emit('failure', message, { specRule: 'RFC 6750 §3.1' });
			throw new AuthError(name, message);
		}
		step.emit('success', `HTTP ${response.status}: the server accepted the access token.`, {
			specRule: 'MCP Authorization: Authorization: Bearer <token> on every request'
		});
	}

	#readChallenge(step: StepRecorder, response: Response): void {
		const header = response.headers.get('www-authenticate');
		this.#challenge = oauthChallenge(header);
		const specRule =
			'RFC 9728 §5.1: WWW-Authenticate resource_metadata; MCP: scope in the challenge';
		if (response.status !== 401 && response.status !== 403) {
			step.emit('info', `HTTP ${response.status}: this server did not ask for authorization.`, {
				specRule
			});
			return;
		}
		const c = this.#challenge;
		step.emit(
			c ? 'success' : 'info',
			c
				? `HTTP ${response.status}: ${c.scheme} challenge${c.scopes.length ? `, scope "${c.scopes.join(' ')}"` : ''}${c.resourceMetadataUrl ? `, resource_metadata ${c.resourceMetadataUrl}` : '; no resource_metadata (falling back to well-known URLs)'}`
				: `HTTP ${response.status} without a readable WWW-Authenticate (the server must list it in Access-Control-Expose-Headers); falling back to well-known URLs`,
			{ specRule, details: c ? { ...c } : undefined }
		);
	}
}
