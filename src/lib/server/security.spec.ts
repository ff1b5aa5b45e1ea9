import { describe, expect, it } from 'vitest';
import { loadConfig, MIN_TOKEN_LENGTH } from './config';
import {
	checkApiRequest,
	isAllowedHost,
	isApiPath,
	isOwnOrigin,
	refusalResponse,
	tokensEqual
} from './security';

const TOKEN = 'secret-token-0123456789abcdef';
const config = { ...loadConfig({ PORT: '4319', PLAYGROUND_TOKEN: TOKEN }) };
const hosted = { ...config, mode: 'hosted' as const };

function input(headers: Record<string, string>, method = 'POST', localPort?: number) {
	return { method, headers: new Headers(headers), localPort };
}

const good = {
	host: '127.0.0.1:4319',
	origin: 'http://127.0.0.1:4319',
	'x-playground-token': TOKEN,
	'content-type': 'application/json'
};

describe('isAllowedHost', () => {
	it('accepts the loopback names with the right port', () => {
		for (const host of ['127.0.0.1:4319', 'localhost:4319', 'LOCALHOST:4319', '[::1]:4319']) {
			expect(isAllowedHost(host, 4319, config.allowedHosts)).toBe(true);
		}
	});
	it('refuses other names, other ports, a missing port and junk (DNS rebinding)', () => {
		for (const host of [
			'evil.example:4319',
			'127.0.0.1:80',
			'127.0.0.1',
			'localhost',
			'127.0.0.1.evil.example:4319',
			'localhost.:4319',
			'127.0.0.2:4319',
			'[::2]:4319',
			'127.0.0.1:4319@evil',
			''
		]) {
			expect(isAllowedHost(host, 4319, config.allowedHosts), host).toBe(false);
		}
		expect(isAllowedHost(null, 4319, config.allowedHosts)).toBe(false);
	});
});

describe('isOwnOrigin', () => {
	it('requires exactly http://<host>', () => {
		expect(isOwnOrigin('http://127.0.0.1:4319', '127.0.0.1:4319')).toBe(true);
		expect(isOwnOrigin('http://localhost:4319', '127.0.0.1:4319')).toBe(false);
		expect(isOwnOrigin('https://127.0.0.1:4319', '127.0.0.1:4319')).toBe(false);
		expect(isOwnOrigin('null', '127.0.0.1:4319')).toBe(false);
		expect(isOwnOrigin('http://evil.example', '127.0.0.1:4319')).toBe(false);
	});
});

describe('tokensEqual', () => {
	it('compares whole tokens', () => {
		expect(tokensEqual('secret-token', 'secret-token')).toBe(true);
		expect(tokensEqual('secret-toke', 'secret-token')).toBe(false);
		expect(tokensEqual('secret-tokenX', 'secret-token')).toBe(false);
		expect(tokensEqual('', 'secret-token')).toBe(false);
		expect(tokensEqual(null, 'secret-token')).toBe(false);
		expect(tokensEqual('', '')).toBe(false);
	});
});

describe('isApiPath', () => {
	it('covers /api and everything under it, however it is spelled', () => {
		for (const p of [
			'/api',
			'/api/',
			'/api/relay',
			'/%61pi/relay',
			'/API/relay',
			'//api/relay',
			'/%zz'
		]) {
			expect(isApiPath(p), p).toBe(true);
		}
		for (const p of ['/', '/apix', '/embed', '/oauth/callback'])
			expect(isApiPath(p), p).toBe(false);
	});
});

describe('checkApiRequest', () => {
	it('lets a well-formed request from the page through', () => {
		expect(checkApiRequest(input(good), config)).toBeNull();
		const { origin: _origin, ...noOrigin } = good;
		expect(checkApiRequest(input(noOrigin), config)).toBeNull();
	});
	it('answers 404 for everything in hosted mode, before any other check', () => {
		expect(checkApiRequest(input(good), hosted)?.status).toBe(404);
		expect(checkApiRequest(input({}), hosted)?.status).toBe(404);
	});
	it('checks Host before Origin before the token', () => {
		const all = { ...good, host: 'evil.example:4319', origin: 'http://evil.example' };
		expect(checkApiRequest(input({ ...all, 'x-playground-token': 'no' }), config)?.error).toMatch(
			/Host/
		);
		const badOrigin = { ...good, origin: 'http://evil.example', 'x-playground-token': 'no' };
		expect(checkApiRequest(input(badOrigin), config)?.error).toMatch(/Origin/);
	});
	it('uses the port the connection arrived on when known', () => {
		expect(checkApiRequest(input(good, 'POST', 5000), config)?.status).toBe(403);
		const h = { ...good, host: '127.0.0.1:5000', origin: 'http://127.0.0.1:5000' };
		expect(checkApiRequest(input(h, 'POST', 5000), config)).toBeNull();
	});
	it('accepts an IPv6 loopback Host and Origin only in brackets with the port (--host ::1)', () => {
		const v6 = { ...good, host: '[::1]:4319', origin: 'http://[::1]:4319' };
		expect(checkApiRequest(input(v6), config)).toBeNull();
		expect(checkApiRequest(input({ ...v6, origin: 'http://[::2]:4319' }), config)?.error).toMatch(
			/Origin/
		);
		for (const host of ['::1:4319', '[::1]', '[::1]:4320', '[0:0:0:0:0:0:0:1]:4319']) {
			const refusal = checkApiRequest(input({ ...v6, host }), config);
			expect(refusal?.status, host).toBe(403);
			expect(refusal?.error, host).toMatch(/Host/);
		}
	});
	it('accepts a non-loopback IPv6 --host in brackets, however the launcher spelled it', () => {
		const lan = loadConfig({
			PORT: '4319',
			PLAYGROUND_TOKEN: TOKEN,
			PLAYGROUND_ALLOWED_HOSTS: '2001:DB8::5, [fd00::7],mybox.local'
		});
		expect(lan.allowedHosts).toEqual([
			'127.0.0.1',
			'localhost',
			'[::1]',
			'[2001:db8::5]',
			'[fd00::7]',
			'mybox.local'
		]);
		const v6 = { ...good, host: '[2001:db8::5]:4319', origin: 'http://[2001:db8::5]:4319' };
		expect(checkApiRequest(input(v6), lan)).toBeNull();
		expect(checkApiRequest(input({ ...v6, host: '2001:db8::5:4319' }), lan)?.status).toBe(403);
	});
	it('refuses a missing or wrong token with 401', () => {
		const { 'x-playground-token': _t, ...noToken } = good;
		expect(checkApiRequest(input(noToken), config)?.status).toBe(401);
		expect(checkApiRequest(input({ ...good, 'x-playground-token': 'wrong' }), config)?.status).toBe(
			401
		);
	});
	it('refuses cross-site fetch metadata even without Origin', () => {
		const { origin: _o, ...noOrigin } = good;
		const h = { ...noOrigin, 'sec-fetch-site': 'cross-site' };
		expect(checkApiRequest(input(h), config)?.status).toBe(403);
	});
	it('refuses non-JSON bodies (form posts, text/plain) with 415', () => {
		for (const type of [
			'application/x-www-form-urlencoded',
			'text/plain',
			'multipart/form-data; boundary=x'
		]) {
			expect(checkApiRequest(input({ ...good, 'content-type': type }), config)?.status).toBe(415);
		}
		expect(
			checkApiRequest(input({ ...good, 'content-type': 'application/json; charset=utf-8' }), config)
		).toBeNull();
		const { 'content-type': _c, ...get } = good;
		expect(checkApiRequest(input(get, 'GET'), config)).toBeNull();
	});
});

describe('refusalResponse', () => {
	it('never carries CORS headers', () => {
		const response = refusalResponse({ status: 403, error: 'no' });
		expect([...response.headers.keys()].some((k) => k.startsWith('access-control'))).toBe(false);
	});
});

describe('loadConfig', () => {
	it('generates a 256-bit token when none is given and reads the mode', () => {
		const a = loadConfig({});
		expect(Buffer.from(a.token, 'base64url').length).toBe(32);
		expect(loadConfig({}).token).not.toBe(a.token);
		expect(a.mode).toBe('local');
		expect(loadConfig({ PLAYGROUND_MODE: 'hosted' }).mode).toBe('hosted');
	});
	it('uses a fixed PLAYGROUND_TOKEN of 22 characters or more', () => {
		const fixed = 'a'.repeat(MIN_TOKEN_LENGTH);
		expect(MIN_TOKEN_LENGTH).toBe(22);
		expect(loadConfig({ PLAYGROUND_TOKEN: fixed }).token).toBe(fixed);
		expect(loadConfig({ PLAYGROUND_TOKEN: TOKEN }).token).toBe(TOKEN);
	});
	it('refuses a shorter PLAYGROUND_TOKEN, saying how long it is and what to do instead', () => {
		for (const short of ['x', 'secret-token', 'a'.repeat(MIN_TOKEN_LENGTH - 1)]) {
			expect(() => loadConfig({ PLAYGROUND_TOKEN: short }), short).toThrow(
				`PLAYGROUND_TOKEN is ${short.length} characters long; it must be at least 22`
			);
		}
		expect(() => loadConfig({ PLAYGROUND_TOKEN: 'short' })).toThrow(
			/Unset PLAYGROUND_TOKEN to get a fresh random token every start, or set it to a long random value/
		);
		// An empty variable is the same as none: a fresh token.
		expect(loadConfig({ PLAYGROUND_TOKEN: '' }).token.length).toBeGreaterThan(40);
	});
	it('does not refuse a short token in hosted mode, which has no /api for it to guard', () => {
		expect(loadConfig({ PLAYGROUND_MODE: 'hosted', PLAYGROUND_TOKEN: 'short' }).mode).toBe(
			'hosted'
		);
	});
});
