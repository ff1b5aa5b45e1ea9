import { describe, expect, it } from 'vitest';
import { parseHeaders, parseOrigin, parseTargetUrl, TargetError } from './target.js';
import { parseProbeInput } from './probe.js';
import { parseProxyInput } from './proxy.js';

describe('targets the probe and the proxy accept', () => {
	it.each([
		'file:///etc/passwd',
		'javascript:alert(1)',
		'data:text/plain,hi',
		'ftp://example.com/x',
		'ws://127.0.0.1:1/',
		'/relative/path',
		'example.com/mcp',
		'',
		'http://user:pw@example.com/'
	])('refuses %s', (url) => {
		expect(() => parseTargetUrl(url)).toThrow(TargetError);
		expect(() => parseProbeInput({ url, origin: 'http://127.0.0.1:1' })).toThrow(TargetError);
		expect(() => parseProxyInput({ url })).toThrow(TargetError);
	});
	it('refuses a non-string url', () => {
		expect(() => parseProxyInput({ url: 42 })).toThrow(/absolute http\(s\) URL/);
	});
	it('accepts http and https', () => {
		expect(parseTargetUrl('https://example.com/mcp').href).toBe('https://example.com/mcp');
		expect(
			parseProbeInput({ url: 'http://127.0.0.1:9/mcp', origin: 'http://127.0.0.1:6280' }).era
		).toBe('auto');
	});
	it('wants a bare origin', () => {
		expect(() => parseOrigin('http://127.0.0.1:6280/')).toThrow(/bare origin/);
		expect(parseOrigin('http://127.0.0.1:6280')).toBe('http://127.0.0.1:6280');
	});
	it('refuses header injection and drops hop-by-hop headers', () => {
		expect(() => parseHeaders({ 'X-A': 'a\r\nX-B: b' })).toThrow(/single-line/);
		expect(() => parseHeaders({ 'Bad Name': 'x' })).toThrow(/not a valid header name/);
		expect(
			parseHeaders({ Host: 'evil', 'Content-Length': '5', Authorization: 'Bearer t' })
		).toEqual({ Authorization: 'Bearer t' });
	});
	it('the proxy never forwards Origin or cookies', () => {
		expect(
			parseProxyInput({
				url: 'http://a.example/',
				headers: { Origin: 'http://x', Cookie: 'a=b', Accept: '*/*' }
			}).headers
		).toEqual({ Accept: '*/*' });
	});
});
