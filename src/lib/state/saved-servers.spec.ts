import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SavedServers, type SavedServer } from './saved-servers.svelte';
import { emptyConfig, type ServerConfig } from './server-config';
import { memoryStorage } from './memory-storage.test-util';

const SAVED_KEY = 'mcp-playground:saved-servers';
const RECENT_KEY = 'mcp-playground:recent-servers';

let storage: ReturnType<typeof memoryStorage>;
beforeEach(() => {
	storage = memoryStorage();
	vi.stubGlobal('localStorage', storage);
});
afterEach(() => vi.unstubAllGlobals());

/** A config holding every kind of secret: bearer token, header values, stdio env values. */
function withSecrets(): ServerConfig {
	return {
		...emptyConfig(),
		url: 'https://mcp.example.com/mcp',
		transport: 'streamable-http',
		headers: [
			{ name: 'X-Api-Key', value: 'header-SECRET-1' },
			{ name: 'X-Tenant', value: 'tenant-SECRET-2' }
		],
		bearerToken: 'token-SECRET-3',
		stdio: {
			command: 'node',
			args: 'server.js',
			env: [{ name: 'API_KEY', value: 'env-SECRET-4' }],
			cwd: ''
		}
	};
}

/** What a new page would see: a fresh instance reading the same storage. */
function reloaded(): SavedServers {
	const saved = new SavedServers();
	saved.load();
	return saved;
}

describe('SavedServers and secrets', () => {
	it('stores no secret unless the user ticks "Remember secrets"', () => {
		const config = withSecrets();
		const entry = new SavedServers().save('Example', config, false);

		expect(storage.getItem(SAVED_KEY)).not.toBeNull();
		expect(storage.dump()).not.toMatch(/SECRET/);
		expect(entry.rememberSecrets).toBe(false);
		// Names survive (so the form shows which headers to fill in); values do not.
		const [restored] = reloaded().saved;
		expect(restored?.config).toMatchObject({
			url: 'https://mcp.example.com/mcp',
			bearerToken: '',
			headers: [
				{ name: 'X-Api-Key', value: '' },
				{ name: 'X-Tenant', value: '' }
			],
			stdio: { env: [{ name: 'API_KEY', value: '' }] }
		});
		// The form's own config still holds them for this session.
		expect(config.bearerToken).toBe('token-SECRET-3');
		expect(config.headers[0]?.value).toBe('header-SECRET-1');
	});

	it('stores and restores every secret when the box is ticked', () => {
		new SavedServers().save('Example', withSecrets(), true);

		const stored = storage.getItem(SAVED_KEY) ?? '';
		for (const secret of ['header-SECRET-1', 'tenant-SECRET-2', 'token-SECRET-3', 'env-SECRET-4'])
			expect(stored).toContain(secret);
		const [restored] = reloaded().saved;
		expect(restored?.rememberSecrets).toBe(true);
		expect(restored?.config).toEqual(withSecrets());
	});

	it('ticking the box for a config without secrets stores nothing to warn about', () => {
		const entry = new SavedServers().save(
			'Plain',
			{ ...emptyConfig(), url: 'https://a.example/mcp' },
			true
		);
		expect(entry.rememberSecrets).toBe(false);
		expect(reloaded().saved[0]?.rememberSecrets).toBe(false);
	});

	it('never stores secrets in the recent list', () => {
		const saved = new SavedServers();
		saved.touchRecent(withSecrets());

		expect(storage.getItem(RECENT_KEY)).not.toBeNull();
		expect(storage.dump()).not.toMatch(/SECRET/);
		expect(reloaded().recent[0]).toMatchObject({
			url: 'https://mcp.example.com/mcp',
			bearerToken: ''
		});
	});

	it('drops secrets from a stored entry that was not allowed to keep them', () => {
		// Written by hand or by an older version: secrets present, rememberSecrets not set.
		storage.setItem(
			SAVED_KEY,
			JSON.stringify([{ id: 'a', name: 'Old', config: withSecrets(), savedAt: 1 }])
		);
		const saved = reloaded();
		expect(saved.saved[0]?.config.bearerToken).toBe('');
		expect(JSON.stringify(saved.saved)).not.toMatch(/SECRET/);
		// The next write leaves nothing behind either.
		saved.save('Another', { ...emptyConfig(), url: 'https://b.example/mcp' }, false);
		expect(storage.dump()).not.toMatch(/SECRET/);
	});

	it('keeps one remembered entry’s secrets while saving another without', () => {
		const saved = new SavedServers();
		saved.save('Kept', withSecrets(), true);
		saved.save('Dropped', { ...withSecrets(), url: 'https://other.example/mcp' }, false);

		// In storage itself, not only after load() (which would strip them again):
		const stored = JSON.parse(storage.getItem(SAVED_KEY) ?? '[]') as SavedServer[];
		expect(JSON.stringify(stored.find((s) => s.name === 'Dropped'))).not.toMatch(/SECRET/);
		expect(stored.find((s) => s.name === 'Kept')?.config.bearerToken).toBe('token-SECRET-3');
		const byName = new Map(reloaded().saved.map((s) => [s.name, s]));
		expect(byName.get('Kept')?.config.bearerToken).toBe('token-SECRET-3');
		expect(byName.get('Dropped')?.config.bearerToken).toBe('');
		expect(byName.get('Dropped')?.config.headers.map((h) => h.value)).toEqual(['', '']);
	});
});
