/**
 * The wire log: every wire event of the session in a bounded ring buffer.
 *
 * A busy server can emit tens of thousands of events, so the buffer is plain (non-reactive)
 * storage and the UI is told about changes through one `version` counter that is bumped at
 * most once per animation frame. Memory stays bounded: at most `capacity` entries, and long
 * string fields (bodies, SSE data) are cut to `maxFieldChars` when stored.
 */
import type { WireEvent } from '$lib/mcp/wire';
import { entryCategory, entrySummary, type WireCategory } from './wire-format';

export interface WireEntry {
	/** Position in the session, never reused (also the key for lists). */
	seq: number;
	event: WireEvent;
	category: WireCategory;
	/** `seq` of the request this response answers, or of the response answering this request. */
	partner?: number;
	/** Characters cut from the longest field when it was stored (0 when nothing was cut). */
	truncatedChars: number;
	/** Lower-cased text searched by the filter box, computed on first search. */
	searchText?: string;
	/** One-line summary for the list row, computed on first display. */
	summary?: string;
}

export const DEFAULT_WIRE_CAPACITY = 60_000;
const MAX_FIELD_CHARS = 256 * 1024;

function cutField(text: string, max: number): [string, number] {
	return text.length > max ? [text.slice(0, max), text.length - max] : [text, 0];
}

/** Stores `event` with long text fields cut down so one 10 MB body cannot pin memory. */
function boundEvent(event: WireEvent, max: number): [WireEvent, number] {
	if (event.type === 'http-request' && event.body !== undefined) {
		const [body, cut] = cutField(event.body, max);
		return cut ? [{ ...event, body }, cut] : [event, 0];
	}
	if (event.type === 'sse-event' || event.type === 'stdio-line') {
		const key = event.type === 'sse-event' ? 'data' : 'line';
		const [text, cut] = cutField(event.type === 'sse-event' ? event.data : event.line, max);
		return cut ? [{ ...event, [key]: text } as WireEvent, cut] : [event, 0];
	}
	return [event, 0];
}

function correlationKey(event: WireEvent): { key: string; isRequest: boolean } | undefined {
	if (event.type !== 'message') return undefined;
	const msg = event.message as { id?: unknown; method?: unknown };
	if (msg.id === undefined || msg.id === null) return undefined;
	const isRequest = typeof msg.method === 'string';
	// A request sent by us is answered by a response coming in, and vice versa.
	const requester = isRequest === (event.direction === 'outgoing') ? 'client' : 'server';
	return { key: `${requester}:${typeof msg.id}:${String(msg.id)}`, isRequest };
}

export class WireLog {
	/** Bumped (at most once per frame) whenever entries are added or cleared. */
	version = $state(0);
	readonly capacity: number;
	#ring: (WireEntry | undefined)[];
	#start = 0;
	#count = 0;
	#nextSeq = 1;
	// Plain Map on purpose: correlation bookkeeping must not trigger renders.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#open = new Map<string, WireEntry>();
	#scheduled = false;
	#maxFieldChars: number;

	constructor(capacity = DEFAULT_WIRE_CAPACITY, maxFieldChars = MAX_FIELD_CHARS) {
		this.capacity = capacity;
		this.#maxFieldChars = maxFieldChars;
		this.#ring = new Array(capacity);
	}

	/** Entries currently held (≤ capacity). */
	get size(): number {
		return this.#count;
	}

	/** `seq` of the oldest entry still held. */
	get firstSeq(): number {
		return this.#count === 0 ? this.#nextSeq : this.#nextSeq - this.#count;
	}

	/** The sink handed to the core (`ConnectOptions.wire`). */
	readonly sink = (event: WireEvent): void => {
		this.add(event);
	};

	add(raw: WireEvent): WireEntry {
		const [event, truncatedChars] = boundEvent(raw, this.#maxFieldChars);
		const entry: WireEntry = {
			seq: this.#nextSeq++,
			event,
			category: entryCategory(event),
			truncatedChars
		};
		this.#correlate(entry);
		const slot = (this.#start + this.#count) % this.capacity;
		if (this.#count === this.capacity) {
			this.#start = (this.#start + 1) % this.capacity;
		} else {
			this.#count++;
		}
		this.#ring[slot] = entry;
		this.#schedule();
		return entry;
	}

	#correlate(entry: WireEntry): void {
		const corr = correlationKey(entry.event);
		if (!corr) return;
		if (corr.isRequest) {
			if (this.#open.size > 10_000) this.#open.clear(); // requests never answered must not pile up
			this.#open.set(corr.key, entry);
			return;
		}
		const request = this.#open.get(corr.key);
		if (!request) return;
		this.#open.delete(corr.key);
		request.partner = entry.seq;
		entry.partner = request.seq;
	}

	#schedule(): void {
		if (this.#scheduled) return;
		this.#scheduled = true;
		const flush = () => {
			this.#scheduled = false;
			this.version++;
		};
		if (typeof requestAnimationFrame === 'function') requestAnimationFrame(flush);
		else queueMicrotask(flush);
	}

	/** The entry with this `seq`, if still held. */
	get(seq: number): WireEntry | undefined {
		const offset = seq - this.firstSeq;
		if (offset < 0 || offset >= this.#count) return undefined;
		return this.#ring[(this.#start + offset) % this.capacity];
	}

	/** The i-th entry held, oldest first. */
	at(index: number): WireEntry | undefined {
		if (index < 0 || index >= this.#count) return undefined;
		return this.#ring[(this.#start + index) % this.capacity];
	}

	*entries(fromSeq = 0): IterableIterator<WireEntry> {
		const first = Math.max(0, fromSeq - this.firstSeq);
		for (let i = first; i < this.#count; i++) {
			const entry = this.at(i);
			if (entry) yield entry;
		}
	}

	/** The lower-cased searchable text of an entry (cached, bounded). */
	searchText(entry: WireEntry): string {
		entry.searchText ??= entrySummary(entry.event, 4000).toLowerCase();
		return entry.searchText;
	}

	/** The one-line summary of an entry (cached). */
	summary(entry: WireEntry): string {
		entry.summary ??= entrySummary(entry.event, 300);
		return entry.summary;
	}

	clear(): void {
		this.#ring = new Array(this.capacity);
		this.#start = 0;
		this.#count = 0;
		this.#open.clear();
		this.version++;
	}

	/** Everything held, as plain JSON-safe data (for "Export JSON"). */
	toJSON(): { exportedAt: string; truncatedFields: number; entries: unknown[] } {
		const entries: unknown[] = [];
		let truncatedFields = 0;
		for (const entry of this.entries()) {
			if (entry.truncatedChars) truncatedFields++;
			entries.push({ seq: entry.seq, partner: entry.partner, ...entry.event });
		}
		// eslint-disable-next-line svelte/prefer-svelte-reactivity -- a timestamp, not state
		return { exportedAt: new Date().toISOString(), truncatedFields, entries };
	}
}
