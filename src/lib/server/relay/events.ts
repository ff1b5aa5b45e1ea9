/**
 * The relay's SSE events, pre-formatted once when they happen so that every reader (and a
 * resuming reader) gets the same bytes without re-encoding. The backlog keeps the newest events
 * up to a byte budget for `Last-Event-ID` resumption.
 */

export interface RelayEvent {
	id: number;
	/** The complete SSE frame (`id:`, `event:`, `data:` lines and the blank line). */
	frame: Buffer;
}

/**
 * One SSE frame. `data` must hold no CR or LF (SSE would split it); callers guarantee that for
 * raw lines and JSON.
 */
export function formatFrame(id: number, event: string, data: string): Buffer {
	return Buffer.from(`id: ${id}\nevent: ${event}\ndata: ${data}\n\n`, 'utf8');
}

/**
 * A stdout/stderr line as an SSE frame: the raw line as `data` in the common case. A line holding
 * a CR (progress bars, CRLF endings) cannot travel raw — SSE treats CR as a line break — so it is
 * sent JSON-encoded under `<stream>-json` and decoded by the page: still exactly what was printed.
 */
export function lineFrame(id: number, stream: 'stdout' | 'stderr', line: string): Buffer {
	return line.includes('\r')
		? formatFrame(id, `${stream}-json`, JSON.stringify(line))
		: formatFrame(id, stream, line);
}

export class Backlog {
	#events: RelayEvent[] = [];
	#head = 0;
	#bytes = 0;
	readonly #maxBytes: number;

	constructor(maxBytes: number) {
		this.#maxBytes = maxBytes;
	}

	push(event: RelayEvent): void {
		this.#events.push(event);
		this.#bytes += event.frame.length;
		// Drop the oldest, but always keep the newest event (it may be the `exit`).
		while (this.#bytes > this.#maxBytes && this.#events.length - this.#head > 1) {
			this.#bytes -= this.#events[this.#head]!.frame.length;
			this.#events[this.#head] = undefined as unknown as RelayEvent;
			this.#head += 1;
		}
		if (this.#head > 1024 && this.#head * 2 > this.#events.length) {
			this.#events = this.#events.slice(this.#head);
			this.#head = 0;
		}
	}

	/** Oldest id still held, or undefined when empty. */
	get firstId(): number | undefined {
		return this.#events[this.#head]?.id;
	}

	/** Events with an id greater than `lastId`, oldest first. */
	after(lastId: number): RelayEvent[] {
		const out: RelayEvent[] = [];
		for (let i = this.#head; i < this.#events.length; i++) {
			const event = this.#events[i]!;
			if (event.id > lastId) out.push(event);
		}
		return out;
	}
}
