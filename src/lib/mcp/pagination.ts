/**
 * Pagination helpers. Cursors are opaque: "Clients MUST treat cursors as opaque tokens" and
 * "MUST NOT make assumptions about page size" (server/utilities/pagination).
 */

export interface Page<T> {
	items: T[];
	nextCursor?: string;
}

/** Hard stop against a server that keeps answering with a new cursor forever. */
export const MAX_PAGES = 1000;

/** Yields every page, following `nextCursor` until the server stops sending one. */
export async function* pages<T>(
	fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
	maxPages = MAX_PAGES
): AsyncGenerator<Page<T>> {
	let cursor: string | undefined;
	const seen = new Set<string>();
	for (let count = 0; count < maxPages; count++) {
		const page = await fetchPage(cursor);
		yield page;
		cursor = page.nextCursor;
		if (cursor === undefined || cursor === '') return;
		// A cursor seen before would loop forever; stop rather than hammer the server.
		if (seen.has(cursor)) throw new Error(`The server repeated the pagination cursor "${cursor}"`);
		seen.add(cursor);
	}
	throw new Error(`Stopped after ${maxPages} pages: the server kept returning a nextCursor`);
}

/** Collects the items of every page into one array. */
export async function collectAll<T>(
	fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
	maxPages = MAX_PAGES
): Promise<T[]> {
	const all: T[] = [];
	for await (const page of pages(fetchPage, maxPages)) all.push(...page.items);
	return all;
}
