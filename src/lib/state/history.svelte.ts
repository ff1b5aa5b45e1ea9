/**
 * History of the requests the user made (tool calls, reads, prompt gets, raw requests), newest
 * first, for one-click replay or edit. Kept in memory only: arguments may hold secrets.
 */
export type HistoryOutcome = 'pending' | 'ok' | 'error' | 'cancelled';

export interface HistoryEntry {
	id: number;
	time: number;
	method: string;
	/** Tool, prompt or resource the request is about, for the list label. */
	target?: string;
	params: Record<string, unknown>;
	outcome: HistoryOutcome;
	durationMs?: number;
	/** One-line result or error description. */
	detail?: string;
}

const MAX_HISTORY = 200;

export class History {
	entries = $state<HistoryEntry[]>([]);
	#nextId = 1;

	/** Records a request that is starting; returns a function that records how it ended. */
	start(
		method: string,
		params: Record<string, unknown>,
		target?: string
	): (outcome: Exclude<HistoryOutcome, 'pending'>, detail?: string) => void {
		const entry: HistoryEntry = {
			id: this.#nextId++,
			time: Date.now(),
			method,
			target,
			params: $state.snapshot(params) as Record<string, unknown>,
			outcome: 'pending'
		};
		this.entries = [entry, ...this.entries].slice(0, MAX_HISTORY);
		const started = performance.now();
		return (outcome, detail) => {
			const live = this.entries.find((e) => e.id === entry.id);
			if (!live) return;
			live.outcome = outcome;
			live.detail = detail;
			live.durationMs = Math.round(performance.now() - started);
		};
	}

	clear(): void {
		this.entries = [];
	}
}
