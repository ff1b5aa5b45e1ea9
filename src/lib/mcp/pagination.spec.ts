import { describe, expect, it } from 'vitest';
import { collectAll } from './pagination.js';

describe('pagination', () => {
	it('follows opaque cursors until none is returned', async () => {
		const seen: (string | undefined)[] = [];
		const all = await collectAll(async (cursor) => {
			seen.push(cursor);
			if (cursor === undefined) return { items: [1, 2], nextCursor: 'opaque==' };
			if (cursor === 'opaque==') return { items: [3], nextCursor: 'z' };
			return { items: [4] };
		});
		expect(all).toEqual([1, 2, 3, 4]);
		expect(seen).toEqual([undefined, 'opaque==', 'z']);
	});

	it('stops on a repeated cursor instead of looping', async () => {
		await expect(collectAll(async () => ({ items: [1], nextCursor: 'same' }))).rejects.toThrow(
			/repeated the pagination cursor "same"/
		);
	});

	it('stops after the page limit', async () => {
		let n = 0;
		const fetchPage = async () => ({ items: [n], nextCursor: String(++n) });
		await expect(collectAll(fetchPage, 5)).rejects.toThrow(/after 5 pages/);
	});
});
