import { describe, expect, it } from 'vitest';
import type { AuthEvent } from './events.js';
import { OAuthClientProvider } from './provider.js';
import { json, routingFetch, type Route } from './test-fetch.js';

const MCP = 'https://mcp.example.com/mcp';
const PRM = 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp';

/** An authorization server at `issuer` that registers clients and echoes requested scopes. */
function authServer(
	issuer: string,
	seen: { clientIds: string[]; scopes: string[] }
): Record<string, Route> {
	return {
		[`${issuer}/.well-known/oauth-authorization-server`]: () =>
			json({
				issuer,
				authorization_endpoint: `${issuer}/authorize`,
				token_endpoint: `${issuer}/token`,
				registration_endpoint: `${issuer}/register`,
				code_challenge_methods_supported: ['S256'],
				token_endpoint_auth_methods_supported: ['none'],
				authorization_response_iss_parameter_supported: true
			}),
		[`POST ${issuer}/register`]: () =>
			json({ client_id: `client-of-${new URL(issuer).host}` }, 201),
		[`POST ${issuer}/token`]: async (request) => {
			const body = new URLSearchParams(await request.text());
			seen.clientIds.push(body.get('client_id') ?? '');
			return json({
				access_token: `at-${seen.clientIds.length}`,
				token_type: 'Bearer',
				expires_in: 3600
			});
		}
	};
}

/** The authorization step of a user who always consents: redirect back with code, state, iss. */
function consentingUser(seen: { clientIds: string[]; scopes: string[] }) {
	return async (authorizationUrl: string) => {
		const url = new URL(authorizationUrl);
		seen.clientIds.push(url.searchParams.get('client_id') ?? '');
		seen.scopes.push(url.searchParams.get('scope') ?? '');
		const back = new URL(url.searchParams.get('redirect_uri') ?? '');
		back.searchParams.set('code', 'c');
		back.searchParams.set('state', url.searchParams.get('state') ?? '');
		back.searchParams.set('iss', `${url.protocol}//${url.host}`);
		return back.href;
	};
}

function challenge(status: number, header: string): Response {
	return new Response(null, { status, headers: { 'www-authenticate': header } });
}

function setup(issuer = { current: 'https://as1.example.com' }) {
	const seen = { clientIds: [] as string[], scopes: [] as string[] };
	const events: AuthEvent[] = [];
	const fetch = routingFetch({
		[PRM]: () => json({ resource: MCP, authorization_servers: [issuer.current] }),
		...authServer('https://as1.example.com', seen),
		...authServer('https://as2.example.com', seen)
	});
	const provider = new OAuthClientProvider({
		serverUrl: MCP,
		redirectUri: 'https://play.example/oauth/callback',
		authorize: consentingUser(seen),
		fetch,
		onEvent: (e) => events.push(e)
	});
	return { provider, seen, events, issuer };
}

const request = { url: MCP, method: 'POST' };

describe('OAuthClientProvider', () => {
	it('answers a 401 with a full flow and then sends the bearer token', async () => {
		const { provider, events } = setup();
		expect(await provider.headers()).toEqual({});
		expect(
			await provider.handleChallenge(
				challenge(401, `Bearer resource_metadata="${PRM}", scope="read"`),
				request
			)
		).toBe(true);
		expect(await provider.headers()).toEqual({ Authorization: 'Bearer at-2' });
		expect(events.map((e) => e.step)).toEqual([
			'challenge',
			'resource-metadata',
			'server-metadata',
			'authorization',
			'registration',
			'authorization',
			'token'
		]);
	});

	it('steps up with the union of scopes, then stops when the server keeps refusing', async () => {
		const { provider, seen } = setup();
		await provider.handleChallenge(challenge(401, `Bearer scope="read"`), request);
		const stepUp = challenge(
			403,
			`Bearer error="insufficient_scope", scope="write", resource_metadata="${PRM}"`
		);
		expect(await provider.handleChallenge(stepUp, request)).toBe(true);
		expect(seen.scopes).toEqual(['read', 'read write']);
		const again = challenge(
			403,
			`Bearer error="insufficient_scope", scope="write", resource_metadata="${PRM}"`
		);
		expect(await provider.handleChallenge(again, request)).toBe(false);
		expect(seen.scopes).toHaveLength(2);
	});

	it('ignores a 403 that is not about scope', async () => {
		const { provider } = setup();
		expect(
			await provider.handleChallenge(challenge(403, 'Bearer error="invalid_token"'), request)
		).toBe(false);
	});

	it('re-registers with a new authorization server and never shows it the old client_id', async () => {
		const { provider, seen, issuer } = setup();
		await provider.handleChallenge(challenge(401, `Bearer resource_metadata="${PRM}"`), request);
		issuer.current = 'https://as2.example.com';
		await provider.handleChallenge(challenge(401, `Bearer resource_metadata="${PRM}"`), request);
		expect(seen.clientIds).toEqual([
			'client-of-as1.example.com',
			'client-of-as1.example.com',
			'client-of-as2.example.com',
			'client-of-as2.example.com'
		]);
	});

	it('refuses to authorize when the resource metadata names another server', async () => {
		const { provider, seen } = setup();
		const fetch = routingFetch({
			[PRM]: () =>
				json({
					resource: 'https://evil.example.com/mcp',
					authorization_servers: ['https://as1.example.com']
				})
		});
		const evil = new OAuthClientProvider({
			serverUrl: MCP,
			redirectUri: 'https://play.example/cb',
			authorize: consentingUser(seen),
			fetch
		});
		await expect(evil.handleChallenge(challenge(401, 'Bearer'), request)).rejects.toThrow(
			/not this server/
		);
		expect(seen.clientIds).toEqual([]);
		expect(provider.tokens).toBeUndefined();
	});
});
