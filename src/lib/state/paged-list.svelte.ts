/**
 * One paginated server list (tools, resources, templates, prompts). Cursors are opaque: the
 * list only ever passes back the `nextCursor` the server gave it. A reload (list_changed)
 * starts again from the first page; a reload that finishes after a newer one is discarded.
 */
import { describeError } from './errors';

export type PageLoader<T> = (
	cursor: string | undefined
) => Promise<{ items: T[]; nextCursor?: string }>;

export class PagedList<T> {
	items = $state.raw<T[]>([]);
	nextCursor = $state<string | undefined>(undefined);
	loading = $state(false);
	loaded = $state(false);
	error = $state<string | undefined>(undefined);
	/** Times the server said this list changed (notifications/…/list_changed). */
	changes = $state(0);
	#loader: PageLoader<T> | undefined;
	#generation = 0;

	/** Plugs in the function that fetches one page, or removes it (disconnect). */
	setLoader(loader: PageLoader<T> | undefined): void {
		this.#loader = loader;
		this.#generation++;
		this.items = [];
		this.nextCursor = undefined;
		this.loaded = false;
		this.loading = false;
		this.error = undefined;
	}

	get hasMore(): boolean {
		return this.nextCursor !== undefined;
	}

	/** Loads the first page, replacing what is shown. */
	reload(): Promise<void> {
		return this.#load(undefined, true);
	}

	/** Appends the next page. */
	loadMore(): Promise<void> {
		return this.nextCursor === undefined ? Promise.resolve() : this.#load(this.nextCursor, false);
	}

	async #load(cursor: string | undefined, replace: boolean): Promise<void> {
		const loader = this.#loader;
		if (!loader) return;
		const generation = ++this.#generation;
		this.loading = true;
		this.error = undefined;
		try {
			const page = await loader(cursor);
			if (generation !== this.#generation) return;
			this.items = replace ? page.items : [...this.items, ...page.items];
			// An empty-string cursor would loop forever on some servers; treat it as the end.
			this.nextCursor = page.nextCursor ? page.nextCursor : undefined;
			this.loaded = true;
		} catch (error) {
			if (generation === this.#generation) this.error = describeError(error).message;
		} finally {
			if (generation === this.#generation) this.loading = false;
		}
	}
}
