/**
 * Cooperative yielding for stream readers. `await reader.read()` on a chunk that is already
 * queued resolves as a microtask, so a backlog (a server that sent 25,000 SSE events while the
 * page was busy, or a 10 MB body) would otherwise be read, parsed and dispatched in one
 * uninterrupted task — the page freezes for hundreds of milliseconds. Readers call
 * `budget.check()` between units of work; after `sliceMs` of continuous work it yields one
 * macrotask so input, rendering and timers get their turn.
 */

/** Continuous work allowed before a reader yields (well under the 50 ms "long task" mark). */
export const DEFAULT_SLICE_MS = 12;

/**
 * A message this large (characters) is parsed at the start of a task of its own, so reading its
 * last bytes, parsing it and rendering it do not add up to one long task.
 */
export const LARGE_MESSAGE_CHARS = 1_000_000;

type Scheduler = { yield?: () => Promise<void> };

const now: () => number =
	typeof performance !== 'undefined' ? () => performance.now() : () => Date.now();

/** Runs `fn` in a later macrotask: a MessageChannel message (no 4 ms clamping of nested timers). */
function afterTask(fn: () => void): void {
	if (typeof MessageChannel !== 'function') {
		setTimeout(fn, 0);
		return;
	}
	const channel = new MessageChannel();
	channel.port1.onmessage = () => {
		channel.port1.close();
		fn();
	};
	channel.port2.postMessage(null);
}

/** One macrotask later; `scheduler.yield()` where the browser has it (keeps the task's priority). */
export function yieldToEventLoop(): Promise<void> {
	const scheduler = (globalThis as { scheduler?: Scheduler }).scheduler;
	if (typeof scheduler?.yield === 'function') return scheduler.yield();
	return new Promise((resolve) => afterTask(resolve));
}

export interface WorkBudget {
	/** Undefined (no await needed) while the slice lasts; else a promise for one macrotask later. */
	check(): Promise<void> | undefined;
}

/**
 * A time slice for one reader. A slice starts at the first check after a task boundary (a
 * marker macrotask tells when one passed), so a reader that waited for the network starts a
 * fresh slice instead of yielding needlessly.
 */
export function workBudget(sliceMs = DEFAULT_SLICE_MS): WorkBudget {
	let sliceStart: number | undefined;
	return {
		check() {
			const t = now();
			if (sliceStart === undefined) {
				sliceStart = t;
				afterTask(() => (sliceStart = undefined));
				return undefined;
			}
			if (t - sliceStart < sliceMs) return undefined;
			return yieldToEventLoop().then(() => {
				sliceStart = undefined;
			});
		}
	};
}
