import { describe, expect, it } from 'vitest';
import { beginAuthorization, finishAuthorization } from './authorize.js';
import type { ClientRegistration } from './registration.js';
import type { ServerMetadata } from './server-metadata.js';

const server: ServerMetadata = {
	issuer: 'https://as.example.com',
	authorization_endpoint: 'https://as.example.com/authorize',
	token_endpoint: 'https://as.example.com/token',
	code_challenge_methods_supported: ['S256'],
	authorization_response_iss_parameter_supported: true
};
const registration: ClientRegistration = {
	issuer: server.issuer,
	clientId: 'c1',
	tokenEndpointAuthMethod: 'none',
	method: 'dynamic'
};
const request = {
	redirectUri: 'https://play.example/oauth/callback',
	resource: 'https://mcp.example.com/mcp',
	scopes: ['a', 'b']
};

async function callback(params: Record<string, string>, metadata = server) {
	const pending = await beginAuthorization(metadata, registration, request);
	const url = new URL(request.redirectUri);
	for (const [k, v] of Object.entries({ code: 'x', state: pending.state, ...params }))
		url.searchParams.set(k, v);
	return () => finishAuthorization(metadata, pending, url.href);
}

describe('beginAuthorization', () => {
	it('sends PKCE S256, state, resource exactly as published, and the scopes', async () => {
		const pending = await beginAuthorization(server, registration, {
			...request,
			resource: 'https://mcp.example.com'
		});
		const params = new URL(pending.authorizationUrl).searchParams;
		expect(params.get('code_challenge_method')).toBe('S256');
		expect(params.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(params.get('state')).toBe(pending.state);
		expect(params.get('resource')).toBe('https://mcp.example.com');
		expect(params.get('scope')).toBe('a b');
	});

	it('omits scope when none was selected', async () => {
		const pending = await beginAuthorization(server, registration, { ...request, scopes: [] });
		expect(new URL(pending.authorizationUrl).searchParams.has('scope')).toBe(false);
	});

	it('refuses a javascript: authorization endpoint', async () => {
		const evil = { ...server, authorization_endpoint: 'javascript:alert(document.cookie)' };
		await expect(beginAuthorization(evil, registration, request)).rejects.toThrow(/https/);
	});

	it('refuses a server without PKCE S256', async () => {
		await expect(
			beginAuthorization(
				{ ...server, code_challenge_methods_supported: ['plain'] },
				registration,
				request
			)
		).rejects.toThrow(/PKCE/);
	});
});

describe('finishAuthorization', () => {
	it('accepts the exact issuer', async () => {
		expect((await callback({ iss: server.issuer }))().get('code')).toBe('x');
	});

	it('rejects a wrong iss, and one that only matches after normalisation', async () => {
		await expect(callback({ iss: 'https://evil.example.com' }).then((f) => f())).rejects.toThrow(
			/mix-up/
		);
		await expect(callback({ iss: 'https://as.example.com/' }).then((f) => f())).rejects.toThrow(
			/mix-up/
		);
	});

	it('rejects a missing iss when the server advertises it, accepts it when not advertised', async () => {
		await expect(callback({}).then((f) => f())).rejects.toThrow(/no "iss"/);
		const quiet = { ...server, authorization_response_iss_parameter_supported: undefined };
		expect((await callback({}, quiet))().get('code')).toBe('x');
		await expect(
			callback({ iss: 'https://evil.example.com' }, quiet).then((f) => f())
		).rejects.toThrow(/mix-up/);
	});

	it('rejects a wrong state and reports an error response', async () => {
		await expect(
			callback({ iss: server.issuer, state: 'forged' }).then((f) => f())
		).rejects.toThrow(/state/);
		await expect(
			callback({ iss: server.issuer, error: 'access_denied' }).then((f) => f())
		).rejects.toThrow(/refused: access_denied/);
	});
});
