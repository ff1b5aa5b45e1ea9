import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { detectedFor, forgetDetected, rememberDetected } from '$lib/mcp/connect';
import { MAX_REMEMBERED, recallDetection, storeDetection } from './detection-memory';
import { memoryStorage } from './memory-storage.test-util';

beforeEach(() => {
	vi.stubGlobal('localStorage', memoryStorage());
	forgetDetected();
});
afterEach(() => vi.unstubAllGlobals());

describe('detection memory', () => {
	it('survives a page load: stored after connecting, recalled into the core cache', () => {
		rememberDetected('https://a.example/mcp', { transport: 'streamable-http', era: 'legacy' });
		storeDetection('https://a.example/mcp');
		forgetDetected(); // a new page: the core's in-memory cache is empty
		expect(detectedFor('https://a.example/mcp')).toBeUndefined();
		recallDetection('https://a.example/other-path');
		expect(detectedFor('https://a.example/mcp')).toEqual({
			transport: 'streamable-http',
			era: 'legacy'
		});
		expect(localStorage.getItem('mcp-playground:detected')).not.toMatch(/token|secret/i);
	});

	it('ignores anything malformed in storage and bad URLs', () => {
		localStorage.setItem(
			'mcp-playground:detected',
			JSON.stringify({ 'https://b.example': { transport: 'carrier-pigeon', era: 'legacy', at: 1 } })
		);
		recallDetection('https://b.example/mcp');
		expect(detectedFor('https://b.example/mcp')).toBeUndefined();
		localStorage.setItem('mcp-playground:detected', '{not json');
		expect(() => recallDetection('https://b.example/mcp')).not.toThrow();
		expect(() => recallDetection('not a url')).not.toThrow();
		expect(() => storeDetection('not a url')).not.toThrow();
	});

	it(`keeps the ${MAX_REMEMBERED} most recently used origins`, () => {
		for (let i = 0; i < MAX_REMEMBERED + 10; i++) {
			const url = `https://s${i}.example/mcp`;
			rememberDetected(url, { transport: 'sse', era: 'legacy' });
			storeDetection(url, 1000 + i);
		}
		const stored = JSON.parse(localStorage.getItem('mcp-playground:detected') ?? '{}');
		expect(Object.keys(stored)).toHaveLength(MAX_REMEMBERED);
		expect(stored['https://s0.example']).toBeUndefined();
		expect(stored[`https://s${MAX_REMEMBERED + 9}.example`]).toMatchObject({ transport: 'sse' });
	});
});
