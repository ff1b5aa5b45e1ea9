/**
 * The full-page redirect fallback for the authorization step (when a popup is blocked). Before
 * leaving, the page writes the whole pending flow to sessionStorage — PKCE verifier, `state`, the
 * expected issuer, the server metadata, the registration and the `resource` — because nothing
 * else survives the navigation; the callback route stores the URL it was loaded with; the page,
 * loaded again, takes both (once) and finishes the flow with `OAuthClientProvider.completeRedirect`.
 *
 * sessionStorage is per tab and per origin, so another tab or site cannot read the verifier.
 * Tokens are never written here and never put in a URL: only the one-time code passes through the
 * callback URL, and it is useless without the verifier.
 */
import { AuthError } from './errors.js';
import type { AuthorizeContext, AuthorizeStep, Discovery } from './flow.js';
import type { PendingAuthorization } from './authorize.js';
import { PopupBlockedError } from './popup.js';
import type { ClientRegistration } from './registration.js';
import { safeUrl } from './urls.js';

export type SessionStorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

const PENDING_PREFIX = 'mcp-playground:oauth-pending:';
/** Where /oauth/callback leaves the URL it was loaded with, for the page to pick up. */
export const CALLBACK_STORAGE_KEY = 'mcp-playground:oauth-callback';
/** A pending flow older than this is dropped: the user abandoned it. */
export const REDIRECT_MAX_AGE_MS = 15 * 60_000;

export interface RedirectFlow {
	version: 1;
	/** The MCP server the flow authorizes. */
	serverUrl: string;
	pending: PendingAuthorization;
	discovery: Discovery;
	registration: ClientRegistration;
	/** The playground page to come back to (same origin). */
	returnTo: string;
	/** Opaque, JSON-safe data for the UI to resume with (e.g. the connection settings). */
	resume?: unknown;
	createdAt: number;
}

export function saveRedirectFlow(storage: SessionStorageLike, flow: RedirectFlow): void {
	storage.setItem(PENDING_PREFIX + flow.pending.state, JSON.stringify(flow));
}

/** True when this tab is waiting for the answer to a redirect it started (used by the callback page). */
export function hasPendingRedirect(storage: SessionStorageLike, callbackUrl: string): boolean {
	const state = new URL(callbackUrl).searchParams.get('state');
	return state !== null && storage.getItem(PENDING_PREFIX + state) !== null;
}

/**
 * Where the callback page sends this tab back to after a full-page redirect: the `returnTo` of
 * the pending flow its `state` names, if it is a path on this origin (never an open redirect).
 */
export function redirectReturnPath(
	storage: SessionStorageLike,
	callbackUrl: string
): string | undefined {
	const state = new URL(callbackUrl).searchParams.get('state');
	const flow = state === null ? undefined : parseFlow(storage.getItem(PENDING_PREFIX + state));
	const path = flow?.returnTo;
	return path?.startsWith('/') && !path.startsWith('//') ? path : undefined;
}

function parseFlow(raw: string | null): RedirectFlow | undefined {
	if (!raw) return undefined;
	try {
		const flow = JSON.parse(raw) as RedirectFlow;
		return flow?.version === 1 && typeof flow.pending?.codeVerifier === 'string' ? flow : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Takes (reads and removes) the callback URL and the pending flow whose `state` it carries. Both
 * are single-use: a reload cannot replay the code. Undefined when there is nothing to resume, the
 * state matches no flow of this tab, or the flow is too old.
 */
export function takeRedirectResult(
	storage: SessionStorageLike,
	now = Date.now()
): { flow: RedirectFlow; callbackUrl: string } | undefined {
	const callbackUrl = storage.getItem(CALLBACK_STORAGE_KEY);
	if (!callbackUrl) return undefined;
	storage.removeItem(CALLBACK_STORAGE_KEY);
	let state: string | null;
	try {
		state = new URL(callbackUrl).searchParams.get('state');
	} catch {
		return undefined;
	}
	if (state === null) return undefined;
	const flow = parseFlow(storage.getItem(PENDING_PREFIX + state));
	storage.removeItem(PENDING_PREFIX + state);
	if (!flow || now - flow.createdAt > REDIRECT_MAX_AGE_MS) return undefined;
	return { flow, callbackUrl };
}

export interface RedirectOptions {
	storage: SessionStorageLike;
	/** Leaves the page (`url => location.assign(url)`). */
	navigate: (url: string) => void;
	serverUrl: string;
	returnTo: string;
	resume?: () => unknown;
	now?: () => number;
}

/** An `authorize` step that persists the flow and navigates the whole page to the server. */
export function redirectAuthorizer(options: RedirectOptions): AuthorizeStep {
	return async (authorizationUrl: string, context?: AuthorizeContext) => {
		const url = safeUrl(authorizationUrl, 'Authorization URL');
		if (!context) {
			throw new AuthError('authorization', 'A full-page redirect needs the pending flow to keep.');
		}
		if (context.dpopBound) {
			throw new AuthError(
				'authorization',
				'This authorization server binds tokens with DPoP; the key cannot leave the page, so the flow cannot survive a full-page redirect. Allow popups for this page and try again.'
			);
		}
		saveRedirectFlow(options.storage, {
			version: 1,
			serverUrl: options.serverUrl,
			pending: context.pending,
			discovery: context.discovery,
			registration: context.registration,
			returnTo: options.returnTo,
			resume: options.resume?.(),
			createdAt: options.now?.() ?? Date.now()
		});
		options.navigate(url.href);
		// The page is going away; the flow finishes when it loads again.
		return new Promise<string>(() => undefined);
	};
}

/** The popup first; the full-page redirect only when the browser blocked the popup. */
export function popupWithRedirectFallback(
	popup: AuthorizeStep,
	redirect: AuthorizeStep
): AuthorizeStep {
	return async (authorizationUrl, context) => {
		try {
			return await popup(authorizationUrl, context);
		} catch (error) {
			if (error instanceof PopupBlockedError) return redirect(authorizationUrl, context);
			throw error;
		}
	};
}
