import { describe, expect, it } from 'vitest';
import { frameAncestors, mergeCsp, baseDirectives, parseCsp, withSecurityHeaders } from './headers';

const kitHeader = "script-src 'self' 'nonce-abc123'; style-src 'self' 'unsafe-inline'";

describe('security headers', () => {
	it('frames /embed from anywhere by default, everything else only from itself', () => {
		expect(frameAncestors('/embed', {})).toEqual(['*']);
		expect(frameAncestors('/', {})).toEqual(["'self'"]);
		expect(frameAncestors('/learn/transports', { PLAYGROUND_FRAME_ANCESTORS: '*' })).toEqual([
			"'self'"
		]);
		expect(
			frameAncestors('/embed', {
				PLAYGROUND_FRAME_ANCESTORS: 'https://docs.example, https://b.example'
			})
		).toEqual(["'self'", 'https://docs.example', 'https://b.example']);
	});

	it("keeps SvelteKit's nonce and builds a strict policy", () => {
		const csp = parseCsp(mergeCsp(kitHeader, baseDirectives('/embed', {})));
		expect(csp.get('script-src')).toEqual(["'self'", "'nonce-abc123'"]);
		expect(csp.get('connect-src')).toEqual(["'self'", 'https:', 'http:']);
		expect(csp.get('object-src')).toEqual(["'none'"]);
		expect(csp.get('base-uri')).toEqual(["'none'"]);
		expect(csp.get('frame-ancestors')).toEqual(['*']);
		const narrowed = parseCsp(
			mergeCsp(kitHeader, baseDirectives('/', { PLAYGROUND_CONNECT_SRC: 'https://mcp.example' }))
		);
		expect(narrowed.get('connect-src')).toEqual(["'self'", 'https://mcp.example']);
	});

	it('drops unsafe-inline from style-src when a style nonce is present (browsers would ignore it)', () => {
		const csp = parseCsp(mergeCsp("style-src 'self' 'nonce-x'", baseDirectives('/', {})));
		expect(csp.get('style-src')).toEqual(["'self'", "'nonce-x'"]);
	});

	it('sets CSP only on HTML, nosniff and Referrer-Policy everywhere, also on immutable responses', () => {
		const page = withSecurityHeaders(
			new Response('<p>', {
				headers: { 'content-type': 'text/html', 'content-security-policy': kitHeader }
			}),
			'/',
			{}
		);
		expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
		expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
		const immutable = Response.json({});
		const json = withSecurityHeaders(immutable, '/api/x', {});
		expect(json.headers.get('x-content-type-options')).toBe('nosniff');
		expect(json.headers.get('referrer-policy')).toBe('no-referrer');
		expect(json.headers.get('content-security-policy')).toBeNull();
	});
});
