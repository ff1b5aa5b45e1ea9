import { describe, expect, it } from 'vitest';
import {
	discoverServerMetadata,
	requirePkce,
	serverMetadataCandidates
} from './server-metadata.js';
import { json, routingFetch } from './test-fetch.js';

const doc = (issuer: string, extra: Record<string, unknown> = {}) =>
	json({
		issuer,
		authorization_endpoint: `${issuer}/authorize`,
		token_endpoint: `${issuer}/token`,
		code_challenge_methods_supported: ['S256'],
		...extra
	});

describe('serverMetadataCandidates', () => {
	it('tries RFC 8414 then OIDC for an issuer without a path', () => {
		expect(serverMetadataCandidates(new URL('https://as.example.com'))).toEqual([
			'https://as.example.com/.well-known/oauth-authorization-server',
			'https://as.example.com/.well-known/openid-configuration'
		]);
	});

	it('tries all three forms for an issuer with a path', () => {
		expect(serverMetadataCandidates(new URL('https://as.example.com/tenant1/'))).toEqual([
			'https://as.example.com/.well-known/oauth-authorization-server/tenant1',
			'https://as.example.com/.well-known/openid-configuration/tenant1',
			'https://as.example.com/tenant1/.well-known/openid-configuration'
		]);
	});
});

describe('discoverServerMetadata', () => {
	it('finds OIDC metadata appended to the issuer path (third variant)', async () => {
		const fetch = routingFetch({
			'https://as.example.com/tenant1/.well-known/openid-configuration': () =>
				doc('https://as.example.com/tenant1')
		});
		const metadata = await discoverServerMetadata('https://as.example.com/tenant1', { fetch });
		expect(metadata.token_endpoint).toBe('https://as.example.com/tenant1/token');
		expect(fetch.calls).toHaveLength(3);
	});

	it('finds openid-configuration when oauth-authorization-server is missing', async () => {
		const fetch = routingFetch({
			'https://as.example.com/.well-known/openid-configuration': () => doc('https://as.example.com')
		});
		expect((await discoverServerMetadata('https://as.example.com', { fetch })).issuer).toBe(
			'https://as.example.com'
		);
	});

	it('refuses metadata whose issuer differs, even by a trailing slash', async () => {
		for (const issuer of ['https://attacker.example.com', 'https://as.example.com/']) {
			const fetch = routingFetch({
				'https://as.example.com/.well-known/oauth-authorization-server': () => doc(issuer)
			});
			await expect(discoverServerMetadata('https://as.example.com', { fetch })).rejects.toThrow(
				/Refusing to use its endpoints/
			);
		}
	});

	it('uses 2025-03-26 default endpoints only when asked to', async () => {
		await expect(
			discoverServerMetadata('https://as.example.com', { fetch: routingFetch({}) })
		).rejects.toThrow(/No authorization server metadata/);
		const fallback = await discoverServerMetadata('https://as.example.com', {
			fetch: routingFetch({}),
			legacyFallback: true
		});
		expect(fallback.authorization_endpoint).toBe('https://as.example.com/authorize');
		expect(fallback.source).toBe('fallback');
	});

	it('refuses plain http for a non-loopback issuer', async () => {
		await expect(
			discoverServerMetadata('http://as.example.com', { fetch: routingFetch({}) })
		).rejects.toThrow(/https/);
	});
});

describe('requirePkce', () => {
	it('refuses servers that do not advertise S256', () => {
		expect(() =>
			requirePkce({ issuer: 'https://a', code_challenge_methods_supported: ['plain'] })
		).toThrow(/PKCE S256/);
		expect(() => requirePkce({ issuer: 'https://a' })).toThrow(/PKCE S256/);
		expect(() =>
			requirePkce({ issuer: 'https://a', code_challenge_methods_supported: ['S256'] })
		).not.toThrow();
	});
});

describe('discoverServerMetadata with unreadable answers (CORS)', () => {
	const issuer = 'https://as.example.com';
	const blocked = () => {
		throw new TypeError('Failed to fetch');
	};

	it('goes on past a 404 sent without CORS headers (oidc-provider) to openid-configuration', async () => {
		const fetch = routingFetch({
			[`${issuer}/.well-known/oauth-authorization-server`]: blocked,
			[`${issuer}/.well-known/openid-configuration`]: () => doc(issuer)
		});
		const metadata = await discoverServerMetadata(issuer, { fetch });
		expect(metadata.issuer).toBe(issuer);
	});

	it('reports the first blocked location as CORS when no location answers readably', async () => {
		const fetch = routingFetch({
			[`${issuer}/.well-known/oauth-authorization-server`]: blocked,
			[`${issuer}/.well-known/openid-configuration`]: blocked
		});
		const failure = discoverServerMetadata(issuer, { fetch, legacyFallback: true });
		await expect(failure).rejects.toMatchObject({
			step: 'server-metadata',
			corsSuspected: true,
			message: expect.stringContaining('/.well-known/oauth-authorization-server')
		});
	});
});
