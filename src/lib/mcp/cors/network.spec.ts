import { describe, expect, it } from 'vitest';
import { addressSpace, networkProblems } from './network.js';

describe('addressSpace', () => {
	it.each([
		['http://127.0.0.1:1/', 'loopback'],
		['http://localhost/', 'loopback'],
		['http://app.localhost/', 'loopback'],
		['http://[::1]:8080/', 'loopback'],
		['http://10.1.2.3/', 'private'],
		['http://172.16.0.1/', 'private'],
		['http://172.32.0.1/', 'public'],
		['http://192.168.1.1/', 'private'],
		['http://169.254.169.254/', 'private'],
		['http://[fd00::1]/', 'private'],
		['http://[::ffff:10.0.0.1]/', 'private'],
		['http://printer.local/', 'private'],
		['https://mcp.example.com/', 'public'],
		['http://8.8.8.8/', 'public']
	])('%s is %s', (url, space) => {
		expect(addressSpace(new URL(url))).toBe(space);
	});
});

describe('networkProblems', () => {
	it('nothing for a loopback page reaching loopback', () => {
		expect(networkProblems('http://127.0.0.1:6280', 'http://localhost:3000/mcp')).toEqual([]);
	});
	it('private page to loopback is private-network access', () => {
		expect(
			networkProblems('http://192.168.1.5', 'http://127.0.0.1:3000/mcp').map((p) => p.id)
		).toEqual(['private-network']);
	});
	it('public to public over https is fine', () => {
		expect(networkProblems('https://a.example', 'https://b.example/mcp')).toEqual([]);
	});
});
