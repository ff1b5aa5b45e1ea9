/**
 * Authentication for the playground page: the user's choice (none / bearer token / OAuth), one
 * `OAuthClientProvider` per server (popup first, full-page redirect when the popup is blocked),
 * the auth debugger's rows and its step-by-step runner, and "retry through the local proxy" for
 * endpoints whose CORS is missing. Tokens live in memory, or in sessionStorage when the user
 * chooses so — never in localStorage, never in a URL.
 */
import type { AuthProvider, FetchLike } from '$lib/mcp/transport';
import {
	AuthStepper,
	BearerTokenProvider,
	MemoryRegistrationStore,
	MemoryTokenStore,
	OAuthClientProvider,
	WebStorageTokenStore,
	canonicalResource,
	clientMetadataUrlFor,
	playgroundClientMetadata,
	popupAuthorizer,
	popupWithRedirectFallback,
	redirectAuthorizer,
	takeRedirectResult,
	type AuthEvent,
	type AuthorizeStep,
	type PreRegisteredClient,
	type StepperStep,
	type TokenStore
} from '$lib/mcp/auth';
import { createProxyFetch } from '$lib/mcp/cors/proxy-fetch';

export type AuthMode = 'none' | 'bearer' | 'oauth';
export type TokenPersistence = 'memory' | 'session';
/** What CORS did to a step: readable answers, blocked (no answer), sent through the proxy. */
export type CorsStatus = 'ok' | 'blocked' | 'proxied' | 'none';

export interface AuthRow {
	id: number;
	event: AuthEvent;
	/** The connection's provider, or the debugger's step runner. */
	source: 'connection' | 'debugger';
	cors: CorsStatus;
	/** The endpoint a proxy retry would route (the first exchange without an answer). */
	blockedUrl?: string;
}

export interface AuthEnvironment {
	/** The playground's own origin (redirect URI, client metadata). */
	origin: string;
	/** The local-mode token for /api/proxy; null in hosted mode. */
	proxyToken: () => string | null;
	storage?: Storage;
	/** Leaves the page for a full-page redirect. */
	navigate?: (url: string) => void;
	/** Where to come back to after a full-page redirect. */
	returnTo?: () => string;
	/** Overrides the popup-with-redirect-fallback authorize step (tests). */
	authorize?: AuthorizeStep;
}

const MAX_ROWS = 300;

/** `origin + pathname`: the key proxy routes are stored under (queries differ per request). */
function endpointOf(url: string): string {
	const parsed = new URL(url);
	return parsed.origin + parsed.pathname;
}

function serverKey(serverUrl: string): string {
	return canonicalResource(new URL(serverUrl));
}

export class AuthState {
	mode = $state<AuthMode>('none');
	bearerToken = $state('');
	/**
	 * A client registered by hand with the authorization server (MCP Authorization §Client
	 * Registration: pre-registered credentials come first). Kept in memory only, never saved.
	 */
	clientId = $state('');
	clientSecret = $state('');
	tokenPersistence = $state<TokenPersistence>('memory');
	rows = $state.raw<AuthRow[]>([]);
	/** Endpoints (origin + path) sent through the local proxy instead of directly. */
	proxied = $state.raw<string[]>([]);
	/** The debugger runner's next step; undefined when idle or complete. */
	next = $state<StepperStep | undefined>(undefined);
	running = $state(false);
	debuggerServer = $state<string | undefined>(undefined);
	readonly #env: AuthEnvironment;
	#registrations = new MemoryRegistrationStore();
	// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a cache, not rendered
	readonly #providers = new Map<string, OAuthClientProvider>();
	#stepper?: AuthStepper;
	#rowId = 0;

	constructor(env: AuthEnvironment) {
		this.#env = env;
	}

	get canProxy(): boolean {
		return this.#env.proxyToken() !== null;
	}

	get redirectUri(): string {
		return playgroundClientMetadata(this.#env.origin).redirect_uris[0] ?? '';
	}

	/** The fetch every auth request uses: direct, or through /api/proxy for routed endpoints. */
	readonly fetch: FetchLike = (input, init) => {
		const url = input instanceof Request ? input.url : String(input);
		const token = this.#env.proxyToken();
		if (token && this.proxied.includes(endpointOf(url))) {
			return createProxyFetch({ token })(input, init);
		}
		return globalThis.fetch(input, init);
	};

	/** The `authProvider` for a connection, per the chosen mode (undefined: none). */
	providerFor(serverUrl: string, resume?: () => unknown): AuthProvider | undefined {
		if (this.mode === 'bearer') {
			const token = this.bearerToken.trim();
			return token ? new BearerTokenProvider(token) : undefined;
		}
		return this.mode === 'oauth' ? this.oauthProvider(serverUrl, resume) : undefined;
	}

	/** The hand-registered client, when the user entered a client ID. */
	#preRegistered(): PreRegisteredClient[] | undefined {
		const clientId = this.clientId.trim();
		if (!clientId) return undefined;
		const clientSecret = this.clientSecret.trim() || undefined;
		return [{ clientId, clientSecret }];
	}

	/**
	 * Sets (or clears) the hand-registered client. Registrations are keyed by issuer, so one made
	 * earlier (DCR, CIMD) would win over the new client ID: start over with fresh providers.
	 */
	setClient(clientId: string, clientSecret = ''): void {
		if (clientId === this.clientId && clientSecret === this.clientSecret) return;
		this.clientId = clientId;
		this.clientSecret = clientSecret;
		for (const provider of this.#providers.values()) provider.signOut();
		this.#providers.clear();
		this.#registrations = new MemoryRegistrationStore();
	}

	/** One provider per server for the page's life, so its tokens and session are reused. */
	oauthProvider(serverUrl: string, resume?: () => unknown): OAuthClientProvider {
		const key = serverKey(serverUrl);
		let provider = this.#providers.get(key);
		if (!provider) {
			provider = new OAuthClientProvider({
				serverUrl,
				redirectUri: this.redirectUri,
				authorize: this.#authorizer(serverUrl, resume),
				fetch: this.fetch,
				clientMetadata: playgroundClientMetadata(this.#env.origin),
				clientMetadataUrl: clientMetadataUrlFor(this.#env.origin),
				registrations: this.#registrations,
				preRegistered: this.#preRegistered(),
				tokens: this.#tokenStore(),
				onEvent: (event) => this.#add(event, 'connection')
			});
			this.#providers.set(key, provider);
		}
		return provider;
	}

	#authorizer(serverUrl: string, resume?: () => unknown): AuthorizeStep {
		if (this.#env.authorize) return this.#env.authorize;
		const popup = popupAuthorizer({ origin: this.#env.origin });
		const storage = this.#env.storage;
		if (!storage || !this.#env.navigate) return popup;
		const redirect = redirectAuthorizer({
			storage,
			navigate: this.#env.navigate,
			serverUrl,
			returnTo: this.#env.returnTo?.() ?? '/',
			resume
		});
		return popupWithRedirectFallback(popup, redirect);
	}

	#tokenStore(): TokenStore {
		const storage = this.#env.storage;
		return this.tokenPersistence === 'session' && storage
			? new WebStorageTokenStore(storage)
			: new MemoryTokenStore();
	}

	/** Changing where tokens live starts over with fresh providers (old tokens are dropped). */
	setTokenPersistence(persistence: TokenPersistence): void {
		for (const provider of this.#providers.values()) provider.signOut();
		this.#providers.clear();
		this.tokenPersistence = persistence;
	}

	signOut(serverUrl: string): void {
		this.#providers.get(serverKey(serverUrl))?.signOut();
	}

	/**
	 * After a full-page redirect: finishes the flow this tab started and returns what the page
	 * asked to resume with (its connection settings), or undefined when there is nothing to resume.
	 */
	async resumeRedirect(): Promise<{ serverUrl: string; resume: unknown } | undefined> {
		const storage = this.#env.storage;
		const result = storage ? takeRedirectResult(storage) : undefined;
		if (!result) return undefined;
		this.mode = 'oauth';
		await this.oauthProvider(result.flow.serverUrl).completeRedirect(
			result.flow,
			result.callbackUrl
		);
		return { serverUrl: result.flow.serverUrl, resume: result.flow.resume };
	}

	#add(event: AuthEvent, source: AuthRow['source']): void {
		const blocked = event.exchanges.find((e) => e.networkError !== undefined && !e.response);
		const allProxied =
			event.exchanges.length > 0 &&
			event.exchanges.every((e) => this.proxied.includes(endpointOf(e.request.url)));
		const cors: CorsStatus = blocked
			? 'blocked'
			: allProxied
				? 'proxied'
				: event.exchanges.length
					? 'ok'
					: 'none';
		const row = { id: ++this.#rowId, event, source, cors, blockedUrl: blocked?.request.url };
		this.rows = [...this.rows, row].slice(-MAX_ROWS);
	}

	clear(): void {
		this.rows = [];
	}

	// ——— the debugger's step runner ———

	/** Starts a fresh step-by-step run against `serverUrl` (registrations are reused by issuer). */
	startDebugger(serverUrl: string): void {
		this.debuggerServer = serverUrl;
		this.rows = this.rows.filter((row) => row.source !== 'debugger');
		this.#stepper = new AuthStepper({
			serverUrl,
			redirectUri: this.redirectUri,
			authorize: this.#env.authorize ?? popupAuthorizer({ origin: this.#env.origin }),
			fetchFor: () => this.fetch,
			onEvent: (event) => this.#add(event, 'debugger'),
			registration: {
				store: this.#registrations,
				clientMetadata: playgroundClientMetadata(this.#env.origin),
				clientMetadataUrl: clientMetadataUrlFor(this.#env.origin),
				preRegistered: this.#preRegistered()
			}
		});
		this.next = this.#stepper.next;
	}

	async step(): Promise<boolean> {
		return this.#drive((stepper) => stepper.step());
	}

	async runAll(): Promise<boolean> {
		return this.#drive((stepper) => stepper.runAll());
	}

	async #drive(run: (stepper: AuthStepper) => Promise<boolean>): Promise<boolean> {
		const stepper = this.#stepper;
		if (!stepper || this.running) return false;
		this.running = true;
		try {
			const ok = await run(stepper);
			const session = stepper.session;
			// Tokens the debugger obtained serve the next connection to that server too.
			if (session && this.debuggerServer) {
				this.oauthProvider(this.debuggerServer).adopt(
					session.discovery,
					session.registration,
					session.tokens
				);
			}
			return ok;
		} finally {
			this.next = stepper.next;
			this.running = false;
		}
	}

	/**
	 * Routes the endpoint a row could not read through the local proxy. For the debugger's rows
	 * the step runs again at once; a token request that CORS blocked was still *sent* (a form POST
	 * needs no preflight), so its code is probably spent: the runner authorizes again first. For
	 * connection rows the caller reconnects.
	 */
	async retryThroughProxy(row: AuthRow): Promise<boolean> {
		if (!row.blockedUrl || !this.canProxy) return false;
		const endpoint = endpointOf(row.blockedUrl);
		if (!this.proxied.includes(endpoint)) this.proxied = [...this.proxied, endpoint];
		if (row.source !== 'debugger' || !this.#stepper) return true;
		const step = row.event.step as StepperStep;
		this.#stepper.rewindTo(step === 'token' ? 'authorization' : step);
		this.next = this.#stepper.next;
		return this.runAll();
	}
}
