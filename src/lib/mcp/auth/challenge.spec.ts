import { describe, expect, it } from 'vitest';
import { oauthChallenge, parseWwwAuthenticate } from './challenge.js';

describe('parseWwwAuthenticate', () => {
	it('reads quoted values containing commas, equals signs and escapes', () => {
		const [c] = parseWwwAuthenticate(
			'Bearer resource_metadata="https://h/.well-known/oauth-protected-resource/mcp?a=1,b=2", scope="a b", error_description="say \\"no\\""'
		);
		expect(c?.scheme).toBe('bearer');
		expect(c?.params.resource_metadata).toBe(
			'https://h/.well-known/oauth-protected-resource/mcp?a=1,b=2'
		);
		expect(c?.params.scope).toBe('a b');
		expect(c?.params.error_description).toBe('say "no"');
	});

	it('splits several challenges in one header, with token68 and unquoted tokens', () => {
		const all = parseWwwAuthenticate(
			'Basic dXNlcjpwYXNz==, DPoP algs="ES256 PS256", Bearer realm=mcp, error=invalid_token'
		);
		expect(all.map((c) => c.scheme)).toEqual(['basic', 'dpop', 'bearer']);
		expect(all[0]?.token68).toBe('dXNlcjpwYXNz==');
		expect(all[1]?.params.algs).toBe('ES256 PS256');
		expect(all[2]?.params).toEqual({ realm: 'mcp', error: 'invalid_token' });
	});

	it('is case-insensitive for schemes and parameter names and survives garbage', () => {
		expect(parseWwwAuthenticate('BEARER Scope="x"')[0]?.params.scope).toBe('x');
		expect(parseWwwAuthenticate('Bearer scope="unterminated')[0]?.params.scope).toBe(
			'unterminated'
		);
		expect(parseWwwAuthenticate('')).toEqual([]);
		expect(parseWwwAuthenticate(null)).toEqual([]);
	});
});

describe('oauthChallenge', () => {
	it('extracts resource_metadata, scopes and error from a Bearer challenge', () => {
		expect(
			oauthChallenge(
				'Bearer error="insufficient_scope", scope="mcp:write mcp:read", resource_metadata="https://h/prm"'
			)
		).toEqual({
			scheme: 'bearer',
			resourceMetadataUrl: 'https://h/prm',
			scopes: ['mcp:write', 'mcp:read'],
			error: 'insufficient_scope',
			errorDescription: undefined
		});
	});

	it('understands the DPoP scheme and ignores unrelated schemes', () => {
		expect(
			oauthChallenge('DPoP error="use_dpop_nonce", resource_metadata="https://h/prm"')?.scheme
		).toBe('dpop');
		expect(oauthChallenge('Basic realm="x"')).toBeUndefined();
	});
});
