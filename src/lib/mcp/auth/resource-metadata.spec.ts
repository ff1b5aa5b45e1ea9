import { describe, expect, it } from 'vitest';
import type { AuthEvent } from './events.js';
import { discoverResourceMetadata, resourceMetadataCandidates } from './resource-metadata.js';
import { json, routingFetch } from './test-fetch.js';

const server = new URL('https://mcp.example.com/tenant/mcp');
const prm = (resource: string) =>
	json({ resource, authorization_servers: ['https://as.example.com'] });

describe('resourceMetadataCandidates', () => {
	it('orders header URL, path-inserted, root', () => {
		expect(resourceMetadataCandidates(server, 'https://mcp.example.com/custom.json')).toEqual([
			'https://mcp.example.com/custom.json',
			'https://mcp.example.com/.well-known/oauth-protected-resource/tenant/mcp',
			'https://mcp.example.com/.well-known/oauth-protected-resource'
		]);
		expect(resourceMetadataCandidates(new URL('https://h/'))).toEqual([
			'https://h/.well-known/oauth-protected-resource'
		]);
	});
});

describe('discoverResourceMetadata', () => {
	it('uses the URL from WWW-Authenticate first', async () => {
		const fetch = routingFetch({ 'https://mcp.example.com/custom.json': () => prm(server.href) });
		const found = await discoverResourceMetadata(
			server,
			'https://mcp.example.com/custom.json',
			fetch
		);
		expect(found.url).toBe('https://mcp.example.com/custom.json');
		expect(fetch.calls).toHaveLength(1);
	});

	it('falls back to the path-inserted URL, then the root', async () => {
		const fetch = routingFetch({
			'https://mcp.example.com/.well-known/oauth-protected-resource': () =>
				prm('https://mcp.example.com')
		});
		const events: AuthEvent[] = [];
		const found = await discoverResourceMetadata(server, undefined, fetch, (e) => events.push(e));
		expect(fetch.calls.map((r) => r.url)).toEqual([
			'https://mcp.example.com/.well-known/oauth-protected-resource/tenant/mcp',
			'https://mcp.example.com/.well-known/oauth-protected-resource'
		]);
		expect(found.metadata?.resource).toBe('https://mcp.example.com');
		expect(events[0]?.outcome).toBe('success');
		expect(events[0]?.exchanges).toHaveLength(2);
	});

	it('refuses a document whose resource is another server', async () => {
		const fetch = routingFetch({
			'https://mcp.example.com/.well-known/oauth-protected-resource/tenant/mcp': () =>
				prm('https://evil.example.com/tenant/mcp')
		});
		await expect(discoverResourceMetadata(server, undefined, fetch)).rejects.toThrow(
			/not this server/
		);
	});

	it('refuses a sibling path on the same origin', async () => {
		const fetch = routingFetch({
			'https://mcp.example.com/.well-known/oauth-protected-resource/tenant/mcp': () =>
				prm('https://mcp.example.com/other')
		});
		await expect(discoverResourceMetadata(server, undefined, fetch)).rejects.toThrow(
			/not this server/
		);
	});

	it('reports no metadata (2025-03-26 server) when every location is 404', async () => {
		expect(await discoverResourceMetadata(server, undefined, routingFetch({}))).toEqual({});
	});

	it('refuses a javascript: resource_metadata URL without fetching it', async () => {
		const fetch = routingFetch({});
		await expect(discoverResourceMetadata(server, 'javascript:alert(1)', fetch)).rejects.toThrow(
			/https/
		);
		expect(fetch.calls).toHaveLength(0);
	});
});
