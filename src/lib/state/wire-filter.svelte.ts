/**
 * A filtered view over the WireLog: which categories are shown and a search string. Keeps the
 * matching `seq`s in an array that grows incrementally as entries arrive (each entry is looked
 * at once), so filtering 50,000 entries never re-scans the whole log per frame.
 */
import type { WireCategory } from './wire-format';
import { WIRE_CATEGORIES } from './wire-format';
import type { WireEntry, WireLog } from './wire-log.svelte';

export class WireFilter {
	categories = $state<Record<WireCategory, boolean>>(
		Object.fromEntries(WIRE_CATEGORIES.map((c) => [c, true])) as Record<WireCategory, boolean>
	);
	search = $state('');
	#matches: number[] = [];
	#scannedTo = 0;
	#key = '';

	constructor(readonly log: WireLog) {}

	get active(): boolean {
		return this.search.trim() !== '' || WIRE_CATEGORIES.some((c) => !this.categories[c]);
	}

	#matchesEntry(entry: WireEntry, query: string): boolean {
		if (!this.categories[entry.category]) return false;
		return !query || this.log.searchText(entry).includes(query);
	}

	/**
	 * Brings the match list up to date and returns it (seqs, oldest first). Call from a
	 * `$derived` that also reads `log.version`.
	 */
	refresh(): number[] {
		const query = this.search.trim().toLowerCase();
		const key = `${query}|${WIRE_CATEGORIES.map((c) => (this.categories[c] ? 1 : 0)).join('')}`;
		if (key !== this.#key || this.#scannedTo > this.log.firstSeq + this.log.size) {
			this.#key = key;
			this.#matches = [];
			this.#scannedTo = 0;
		}
		for (const entry of this.log.entries(this.#scannedTo)) {
			if (this.#matchesEntry(entry, query)) this.#matches.push(entry.seq);
			this.#scannedTo = entry.seq + 1;
		}
		// Entries evicted from the ring drop out of the match list too.
		const first = this.log.firstSeq;
		let drop = 0;
		while (drop < this.#matches.length && this.#matches[drop]! < first) drop++;
		if (drop) this.#matches = this.#matches.slice(drop);
		return this.#matches;
	}
}
