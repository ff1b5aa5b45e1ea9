/**
 * Splits a child's byte stream into lines. Splitting happens on the byte 0x0A before decoding:
 * no UTF-8 continuation byte equals 0x0A, so a multi-byte character cut across chunks is decoded
 * whole. A line longer than `maxBytes` is dropped (reported through `onOverflow`) instead of
 * being buffered without bound.
 */
export class LineSplitter {
	#parts: Buffer[] = [];
	#size = 0;
	#dropped = 0;
	readonly #maxBytes: number;
	readonly #onLine: (line: string) => void;
	readonly #onOverflow: (bytes: number) => void;

	constructor(
		maxBytes: number,
		onLine: (line: string) => void,
		onOverflow: (bytes: number) => void
	) {
		this.#maxBytes = maxBytes;
		this.#onLine = onLine;
		this.#onOverflow = onOverflow;
	}

	push(chunk: Buffer): void {
		let start = 0;
		for (;;) {
			const newline = chunk.indexOf(10, start);
			if (newline === -1) {
				if (start < chunk.length) this.#append(chunk.subarray(start));
				return;
			}
			this.#append(chunk.subarray(start, newline));
			this.#emit();
			start = newline + 1;
		}
	}

	/** Emits a last line that had no terminating newline (the stream ended). */
	end(): void {
		if (this.#size > 0 || this.#dropped > 0) this.#emit();
	}

	#append(part: Buffer): void {
		if (part.length === 0) return;
		if (this.#dropped > 0) {
			this.#dropped += part.length;
			return;
		}
		if (this.#size + part.length > this.#maxBytes) {
			this.#dropped = this.#size + part.length;
			this.#parts = [];
			this.#size = 0;
			return;
		}
		this.#parts.push(part);
		this.#size += part.length;
	}

	#emit(): void {
		if (this.#dropped > 0) {
			const bytes = this.#dropped;
			this.#dropped = 0;
			this.#onOverflow(bytes);
			return;
		}
		const parts = this.#parts;
		// The common case (one chunk held the whole line) decodes without copying.
		const line =
			parts.length === 0
				? ''
				: parts.length === 1
					? parts[0]!.toString('utf8')
					: Buffer.concat(parts, this.#size).toString('utf8');
		this.#parts = [];
		this.#size = 0;
		this.#onLine(line);
	}
}
