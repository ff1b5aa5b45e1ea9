import * as oauth from 'oauth4webapi';
import { describe, expect, it, vi } from 'vitest';
import type { AuthorizeContext } from './flow.js';
import { PopupBlockedError } from './popup.js';
import { OAuthClientProvider } from './provider.js';
import {
	CALLBACK_STORAGE_KEY,
	hasPendingRedirect,
	redirectReturnPath,
	popupWithRedirectFallback,
	redirectAuthorizer,
	REDIRECT_MAX_AGE_MS,
	takeRedirectResult,
	type RedirectFlow
} from './redirect.js';
import { json, routingFetch } from './test-fetch.js';

const MCP = 'https://mcp.example.com/mcp';
const ISSUER = 'https://as.example.com';
const REDIRECT_URI = 'https://playground.example/oauth/callback';

class MemoryStorage {
	readonly items = new Map<string, string>();
	getItem(key: string) {
		return this.items.get(key) ?? null;
	}
	setItem(key: string, value: string) {
		this.items.set(key, value);
	}
	removeItem(key: string) {
		this.items.delete(key);
	}
}

function server() {
	const tokenRequests: URLSearchParams[] = [];
	const fetch = routingFetch({
		[MCP]: () =>
			new Response(null, {
				status: 401,
				headers: { 'www-authenticate': 'Bearer scope="read"' }
			}),
		'https://mcp.example.com/.well-known/oauth-protected-resource/mcp': () =>
			json({ resource: MCP, authorization_servers: [ISSUER] }),
		[`${ISSUER}/.well-known/oauth-authorization-server`]: () =>
			json({
				issuer: ISSUER,
				authorization_endpoint: `${ISSUER}/authorize`,
				token_endpoint: `${ISSUER}/token`,
				registration_endpoint: `${ISSUER}/register`,
				code_challenge_methods_supported: ['S256'],
				token_endpoint_auth_methods_supported: ['none'],
				authorization_response_iss_parameter_supported: true
			}),
		[`POST ${ISSUER}/register`]: () => json({ client_id: 'dcr-client' }, 201),
		[`POST ${ISSUER}/token`]: async (request) => {
			tokenRequests.push(new URLSearchParams(await request.text()));
			return json({ access_token: 'secret-access-token', token_type: 'Bearer', expires_in: 3600 });
		}
	});
	return { fetch, tokenRequests };
}

/** Page 1: a 401 leads to the redirect; returns what the page left in sessionStorage. */
async function leaveForAuthorization(storage: MemoryStorage, now = () => Date.now()) {
	const { fetch } = server();
	const navigate = vi.fn<(url: string) => void>();
	const provider = new OAuthClientProvider({
		serverUrl: MCP,
		redirectUri: REDIRECT_URI,
		fetch,
		authorize: redirectAuthorizer({
			storage,
			navigate,
			serverUrl: MCP,
			returnTo: '/?server=x',
			resume: () => ({ transport: 'streamable-http' }),
			now
		})
	});
	void provider.handleChallenge(await fetch(MCP), { url: MCP, method: 'POST' });
	await vi.waitFor(() => expect(navigate).toHaveBeenCalledOnce());
	const authorizationUrl = new URL(navigate.mock.calls[0]?.[0] ?? '');
	return { authorizationUrl, state: authorizationUrl.searchParams.get('state') ?? '' };
}

function callback(state: string, extra: Record<string, string> = {}) {
	const url = new URL(REDIRECT_URI);
	url.search = new URLSearchParams({ code: 'the-code', state, iss: ISSUER, ...extra }).toString();
	return url.href;
}

describe('full-page redirect fallback', () => {
	it('keeps verifier, state, issuer, registration and resource across the redirect, then finishes on a fresh page', async () => {
		const storage = new MemoryStorage();
		const { authorizationUrl, state } = await leaveForAuthorization(storage);
		expect(authorizationUrl.origin + authorizationUrl.pathname).toBe(`${ISSUER}/authorize`);
		expect(hasPendingRedirect(storage, callback(state))).toBe(true);

		// /oauth/callback stores the URL it was loaded with; the page loads again.
		storage.setItem(CALLBACK_STORAGE_KEY, callback(state));
		const result = takeRedirectResult(storage);
		expect(result).toBeDefined();
		const flow = result?.flow as RedirectFlow;
		expect(flow.pending.issuer).toBe(ISSUER);
		expect(flow.pending.state).toBe(state);
		expect(flow.pending.resource).toBe(MCP);
		expect(flow.registration.clientId).toBe('dcr-client');
		expect(flow.returnTo).toBe('/?server=x');
		expect(flow.resume).toEqual({ transport: 'streamable-http' });
		expect(await oauth.calculatePKCECodeChallenge(flow.pending.codeVerifier)).toBe(
			authorizationUrl.searchParams.get('code_challenge')
		);

		const fresh = server();
		const provider = new OAuthClientProvider({
			serverUrl: MCP,
			redirectUri: REDIRECT_URI,
			fetch: fresh.fetch
		});
		await provider.completeRedirect(flow, result?.callbackUrl ?? '');
		const sent = fresh.tokenRequests[0];
		expect(sent?.get('code_verifier')).toBe(flow.pending.codeVerifier);
		expect(sent?.get('resource')).toBe(MCP);
		expect(sent?.get('redirect_uri')).toBe(REDIRECT_URI);
		expect(await provider.headers()).toEqual({ Authorization: 'Bearer secret-access-token' });

		// Single use, and no token ever written to storage.
		expect(takeRedirectResult(storage)).toBeUndefined();
		expect(storage.items.size).toBe(0);
	});

	it('refuses a callback whose iss is not the issuer the flow started with', async () => {
		const storage = new MemoryStorage();
		const { state } = await leaveForAuthorization(storage);
		storage.setItem(CALLBACK_STORAGE_KEY, callback(state, { iss: 'https://evil.example' }));
		const result = takeRedirectResult(storage);
		const provider = new OAuthClientProvider({
			serverUrl: MCP,
			redirectUri: REDIRECT_URI,
			fetch: server().fetch
		});
		await expect(provider.completeRedirect(result!.flow, result!.callbackUrl)).rejects.toThrow(
			/mix-up/
		);
	});

	it('refuses to finish a flow for another server', async () => {
		const storage = new MemoryStorage();
		const { state } = await leaveForAuthorization(storage);
		storage.setItem(CALLBACK_STORAGE_KEY, callback(state));
		const result = takeRedirectResult(storage);
		const other = new OAuthClientProvider({
			serverUrl: 'https://other.example.com/mcp',
			redirectUri: REDIRECT_URI
		});
		await expect(other.completeRedirect(result!.flow, result!.callbackUrl)).rejects.toThrow(
			/belongs to https:\/\/mcp\.example\.com\/mcp/
		);
	});

	it('ignores a callback with an unknown state and drops flows that are too old', async () => {
		const storage = new MemoryStorage();
		const { state } = await leaveForAuthorization(storage);
		storage.setItem(CALLBACK_STORAGE_KEY, callback('someone-elses-state'));
		expect(takeRedirectResult(storage)).toBeUndefined();
		storage.setItem(CALLBACK_STORAGE_KEY, callback(state));
		expect(takeRedirectResult(storage, Date.now() + REDIRECT_MAX_AGE_MS + 1)).toBeUndefined();
		expect(storage.items.size).toBe(0);
	});

	it('refuses DPoP-bound flows and javascript: URLs', async () => {
		const storage = new MemoryStorage();
		const navigate = vi.fn();
		const redirect = redirectAuthorizer({ storage, navigate, serverUrl: MCP, returnTo: '/' });
		const context = { dpopBound: true } as AuthorizeContext;
		await expect(redirect(`${ISSUER}/authorize?state=s`, context)).rejects.toThrow(/DPoP/);
		await expect(redirect('javascript:alert(1)', context)).rejects.toThrow();
		expect(navigate).not.toHaveBeenCalled();
		expect(storage.items.size).toBe(0);
	});

	it('falls back to the redirect only when the popup is blocked', async () => {
		const redirect = vi.fn(async () => 'redirected');
		const blocked = popupWithRedirectFallback(async () => {
			throw new PopupBlockedError();
		}, redirect);
		await expect(blocked('https://as/authorize')).resolves.toBe('redirected');
		const failing = popupWithRedirectFallback(async () => {
			throw new Error('user closed it');
		}, redirect);
		await expect(failing('https://as/authorize')).rejects.toThrow('user closed it');
		expect(redirect).toHaveBeenCalledOnce();
	});
});

describe('redirectReturnPath (the callback page)', () => {
	it('returns the pending flow’s same-origin path only', async () => {
		const storage = new MemoryStorage();
		const { state } = await leaveForAuthorization(storage);
		expect(redirectReturnPath(storage, callback(state))).toBe('/?server=x');
		expect(redirectReturnPath(storage, callback('unknown'))).toBeUndefined();
		const key = [...storage.items.keys()][0] ?? '';
		const flow = JSON.parse(storage.items.get(key) ?? '{}');
		storage.setItem(key, JSON.stringify({ ...flow, returnTo: '//evil.example/x' }));
		expect(redirectReturnPath(storage, callback(state))).toBeUndefined();
	});
});
