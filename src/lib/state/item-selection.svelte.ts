/**
 * Which tool, resource or prompt is open — to share it ("Copy link") and to open the one a deep
 * link names once its server is connected. Opening only selects the item and pre-fills its form:
 * running it always takes the user's click (issue 3: a link lists, it never calls).
 */
import type { LinkItem, LinkItemKind } from './deep-link';
import type { ServerConfig } from './server-config';

/** The part of a PagedList the hand-over reads. */
export interface ItemListLike<T> {
	items: T[];
	loaded: boolean;
	loading: boolean;
	hasMore: boolean;
	loadMore(): Promise<void>;
}

/** The tab that shows each kind of item (ids of the page's tabs). */
export const TAB_FOR: Record<LinkItemKind, string> = {
	tool: 'tools',
	resource: 'resources',
	prompt: 'prompts'
};

const CAPABILITY: Record<LinkItemKind, 'tools' | 'resources' | 'prompts'> = {
	tool: 'tools',
	resource: 'resources',
	prompt: 'prompts'
};

/** Pages fetched while looking for a linked item before giving up. */
const MAX_PAGES = 20;

/** The server a config points at: same URL (HTTP) or same command line (stdio). */
export function sameTarget(a: ServerConfig, b: ServerConfig): boolean {
	if ((a.transport === 'stdio') !== (b.transport === 'stdio')) return false;
	if (a.transport === 'stdio')
		return a.stdio.command.trim() === b.stdio.command.trim() && a.stdio.args === b.stdio.args;
	return a.url.trim() === b.url.trim();
}

export class ItemSelection {
	/** The item a link named, until its server's list shows it; taken once by its panel. */
	pending = $state.raw<LinkItem | undefined>(undefined);
	/** Why the linked item could not be opened, for the page to show. */
	problem = $state<string | undefined>(undefined);
	/** The item open in the visible panel, with the arguments last used (for "Copy link"). */
	current = $state.raw<LinkItem | undefined>(undefined);
	/**
	 * A resource the user clicked "Read" on somewhere else on the page (a resource link in a tool
	 * result): the page shows the Resources tab, whose panel reads it and clears this. Unlike a
	 * link's item it is read at once — the click was the user's.
	 */
	readRequest = $state<string | undefined>(undefined);
	#for: ServerConfig | undefined;
	#pages = 0;

	/** Remembers a link's item for the first connection to `config`'s server. */
	request(item: LinkItem, config: ServerConfig): void {
		this.pending = item;
		this.problem = undefined;
		this.#for = config;
		this.#pages = 0;
	}

	/**
	 * A connection is up: the tab to show for the pending item, or undefined (nothing pending, or
	 * the item cannot be shown — another server, or one without that feature — said in `problem`).
	 */
	connected(
		config: ServerConfig,
		capabilities: { tools?: unknown; resources?: unknown; prompts?: unknown }
	): string | undefined {
		const item = this.pending;
		if (!item) return undefined;
		if (!this.#for || !sameTarget(this.#for, config)) {
			this.pending = undefined;
			return undefined;
		}
		if (!capabilities[CAPABILITY[item.kind]]) {
			this.#give(
				`The link opens the ${item.kind} "${item.name}", but this server offers no ${CAPABILITY[item.kind]}.`
			);
			return undefined;
		}
		return TAB_FOR[item.kind];
	}

	/**
	 * Called by the panel of `kind` whenever its list changes: the pending item once the list shows
	 * it (more pages are fetched while it may be on one). `acceptUnlisted` (resources: a URI may
	 * come from a template) hands it over once the whole list is in, listed or not.
	 */
	take<T>(
		kind: LinkItemKind,
		list: ItemListLike<T>,
		key: (item: T) => string,
		acceptUnlisted = false
	): LinkItem | undefined {
		const item = this.pending;
		if (!item || item.kind !== kind || !list.loaded || list.loading) return undefined;
		if (list.items.some((x) => key(x) === item.name)) return this.#give(undefined, item);
		if (list.hasMore && this.#pages < MAX_PAGES) {
			this.#pages++;
			void list.loadMore();
			return undefined;
		}
		if (acceptUnlisted) return this.#give(undefined, item);
		this.#give(`The link opens the ${kind} "${item.name}", which this server does not list.`);
		return undefined;
	}

	#give(problem: string | undefined, item?: LinkItem): LinkItem | undefined {
		this.pending = undefined;
		this.problem = problem;
		return item;
	}

	/** A panel shows `item` (with the arguments it was last run with, if any). */
	show(item: LinkItem): void {
		this.current = item;
	}

	/** A panel stopped showing an item of `kind` (another tab, another server). */
	hide(kind: LinkItemKind): void {
		if (this.current?.kind === kind) this.current = undefined;
	}
}
