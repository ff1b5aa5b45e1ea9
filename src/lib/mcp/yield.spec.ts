import { describe, expect, it, vi } from 'vitest';
import { readSse } from './sse';
import { LARGE_MESSAGE_CHARS, workBudget, yieldToEventLoop } from './yield';

/** Busy-waits: a unit of synchronous work of `ms` milliseconds. */
function work(ms: number): void {
	const end = performance.now() + ms;
	while (performance.now() < end) {
		/* spin */
	}
}

/** A body whose chunks are all queued before anyone reads (a backlog). */
function queuedBody(chunks: string[]): ReadableStream<Uint8Array> {
	const bytes = new TextEncoder();
	return new ReadableStream({
		start(controller) {
			for (const chunk of chunks) controller.enqueue(bytes.encode(chunk));
			controller.close();
		}
	});
}

/** Counts how many times another macrotask got to run while `fn` was busy. */
async function macrotasksDuring(fn: () => Promise<void>): Promise<number> {
	let ticks = 0;
	let running = true;
	const tick = () => {
		if (!running) return;
		ticks++;
		setTimeout(tick, 0);
	};
	setTimeout(tick, 0);
	await fn();
	running = false;
	return ticks;
}

describe('workBudget', () => {
	it('needs no await within the slice, and yields once the slice is used up', async () => {
		const budget = workBudget(20);
		expect(budget.check()).toBeUndefined(); // starts the slice
		expect(budget.check()).toBeUndefined();
		work(25);
		const pause = budget.check();
		expect(pause).toBeInstanceOf(Promise);
		await pause;
		expect(budget.check()).toBeUndefined(); // a fresh slice after the yield
	});

	it('starts a fresh slice after a task boundary instead of yielding', async () => {
		const budget = workBudget(5);
		budget.check();
		await new Promise((resolve) => setTimeout(resolve, 15)); // idle, e.g. waiting on the network
		expect(budget.check()).toBeUndefined();
	});

	it('lets other macrotasks run', async () => {
		let ran = false;
		setTimeout(() => (ran = true), 0);
		await new Promise((resolve) => setTimeout(resolve, 1)); // the timer above becomes due
		await yieldToEventLoop();
		await yieldToEventLoop();
		expect(ran).toBe(true);
	});
});

describe('readSse on a backlog', () => {
	const events = Array.from(
		{ length: 400 },
		(_, i) => `id: ${i}\ndata: {"jsonrpc":"2.0","method":"n","params":{"i":${i}}}\n\n`
	);

	it('gives the event loop turns while a slow consumer works through queued events', async () => {
		let seen = 0;
		const ticks = await macrotasksDuring(async () => {
			for await (const event of readSse(queuedBody(events))) {
				expect(event.id).toBe(String(seen++));
				work(0.25); // ~100 ms of consumer work in total
			}
		});
		expect(seen).toBe(400);
		// Without yielding, the whole backlog is microtasks of one task: no timer could run.
		expect(ticks).toBeGreaterThanOrEqual(3);
	});

	it('still delivers every event in order when split mid-event across chunks', async () => {
		const text = events.join('');
		const chunks = [];
		for (let i = 0; i < text.length; i += 37) chunks.push(text.slice(i, i + 37));
		const ids: string[] = [];
		for await (const event of readSse(queuedBody(chunks))) ids.push(event.id ?? '');
		expect(ids).toEqual(events.map((_, i) => String(i)));
	});

	it('hands a multi-megabyte event over at the start of a fresh task', async () => {
		const big = `data: ${JSON.stringify({ text: 'x'.repeat(LARGE_MESSAGE_CHARS) })}\n\n`;
		const small = 'data: {}\n\n';
		const calls: string[] = [];
		// The browser's scheduler.yield() is preferred when present; record when it is used.
		vi.stubGlobal('scheduler', { yield: async () => void calls.push('yield') });
		try {
			for await (const event of readSse(queuedBody([small, big])))
				calls.push(event.data.length > 100 ? 'big' : 'small');
		} finally {
			vi.unstubAllGlobals();
		}
		expect(calls[0]).toBe('small');
		// A yield right before the big event; on a loaded machine the slice may also run out after it.
		const bigAt = calls.indexOf('big');
		expect(calls.filter((c) => c === 'big')).toHaveLength(1);
		expect(calls[bigAt - 1]).toBe('yield');
	});
});
