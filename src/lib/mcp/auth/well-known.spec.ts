import { describe, expect, it } from 'vitest';
import { json, routingFetch } from './test-fetch.js';
import { firstPublished } from './well-known.js';

const A = 'https://h.example/.well-known/a';
const B = 'https://h.example/.well-known/b';
const C = 'https://h.example/.well-known/c';
const blocked = () => {
	throw new TypeError('Failed to fetch');
};

describe('firstPublished', () => {
	it('returns the first 2xx location in order, past 404s and blocked fetches', async () => {
		const fetch = routingFetch({ [B]: blocked, [C]: () => json({ found: 'c' }) });
		const found = await firstPublished('resource-metadata', fetch, [A, B, C]);
		expect(found).toEqual({ url: C, body: { found: 'c' } });
		expect(fetch.calls.map((r) => r.headers.get('accept'))).toEqual(
			Array(3).fill('application/json')
		);
	});

	it('stops at the first 2xx even when its body is not JSON (the caller refuses it)', async () => {
		const fetch = routingFetch({ [A]: () => new Response('<html>'), [B]: () => json({}) });
		expect(await firstPublished('server-metadata', fetch, [A, B])).toEqual({
			url: A,
			body: undefined
		});
		expect(fetch.calls).toHaveLength(1);
	});

	it('throws the first blocked location, for its step, when none answered readably', async () => {
		const fetch = routingFetch({ [A]: blocked, [C]: blocked });
		await expect(firstPublished('server-metadata', fetch, [A, B, C])).rejects.toMatchObject({
			step: 'server-metadata',
			corsSuspected: true,
			message: expect.stringContaining(A)
		});
	});

	it('resolves undefined when every location answered without 2xx', async () => {
		expect(await firstPublished('resource-metadata', routingFetch({}), [A, B])).toBeUndefined();
	});
});
