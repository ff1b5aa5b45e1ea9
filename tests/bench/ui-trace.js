// @ts-check
/**
 * Chromium tracing for tests/bench/ui.js (`--profile`): records a trace over CDP (`Tracing`
 * domain, with V8 CPU samples) while a measure runs, saves it for DevTools' Performance panel,
 * and explains the longest main-thread task: its top-level trace events (script, layout, style,
 * GC…) and the functions that took its time (self time from the CPU samples inside it).
 */
import { mkdirSync, writeFileSync } from 'node:fs';

const CATEGORIES = [
	'toplevel',
	'devtools.timeline',
	'disabled-by-default-devtools.timeline',
	'v8.execute',
	'disabled-by-default-v8.cpu_profiler',
	'v8',
	'blink.user_timing'
];

/**
 * Starting V8's sampler costs a long task of its own, which lands inside a page load; `samples:
 * false` leaves it out when the load itself is measured.
 * @param {import('@playwright/test').Page} page @param {{ samples?: boolean }} [opts]
 */
export async function startTrace(page, opts = {}) {
	const cdp = await page.context().newCDPSession(page);
	const categories = CATEGORIES.filter(
		(c) => opts.samples !== false || !c.includes('cpu_profiler')
	);
	await cdp.send('Tracing.start', {
		transferMode: 'ReturnAsStream',
		traceConfig: { includedCategories: categories, excludedCategories: ['*'] }
	});
	return {
		/** @returns {Promise<any[]>} the trace events */
		async stop() {
			const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
			await cdp.send('Tracing.end');
			const { stream } = /** @type {{ stream: string }} */ (await done);
			let text = '';
			for (;;) {
				const chunk = await cdp.send('IO.read', { handle: stream, size: 1 << 20 });
				text += chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString() : chunk.data;
				if (chunk.eof) break;
			}
			await cdp.send('IO.close', { handle: stream });
			await cdp.detach();
			const parsed = JSON.parse(text);
			return Array.isArray(parsed) ? parsed : parsed.traceEvents;
		}
	};
}

/** @param {any[]} events */
function mainThreads(events) {
	return new Set(
		events
			.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
			.map((e) => `${e.pid}:${e.tid}`)
	);
}

/** @param {any} e */
function label(e) {
	const d = e.args?.data ?? e.args?.beginData ?? {};
	if (d.functionName || d.url) return `${e.name} ${d.functionName || '(anonymous)'} ${tail(d.url)}`;
	return e.name;
}

/** @param {string | undefined} url */
const tail = (url) => (url ? url.split('/').slice(-1)[0] : '');

/**
 * Self time per function from the CPU samples between `from` and `to` (trace µs).
 * @param {any[]} events @param {number} pid @param {number} from @param {number} to
 */
function selfTimes(events, pid, from, to) {
	/** @type {Map<string, any>} */
	const nodes = new Map();
	/** @type {Map<string, number>} */
	const totals = new Map();
	/** @type {Map<string, number>} */
	const clock = new Map();
	for (const e of events) {
		if (e.pid !== pid) continue;
		if (e.name === 'Profile') clock.set(e.id, e.args.data.startTime);
		if (e.name !== 'ProfileChunk') continue;
		const profile = e.args.data.cpuProfile ?? {};
		for (const n of profile.nodes ?? []) nodes.set(`${e.id}:${n.id}`, n);
		let t = clock.get(e.id) ?? 0;
		const deltas = e.args.data.timeDeltas ?? [];
		(profile.samples ?? []).forEach((/** @type {number} */ id, /** @type {number} */ i) => {
			const previous = t;
			t += deltas[i] ?? 0;
			clock.set(e.id, t);
			if (t < from || t > to) return;
			const frame = nodes.get(`${e.id}:${id}`)?.callFrame ?? {};
			const key = `${frame.functionName || '(anonymous)'} ${tail(frame.url)}:${frame.lineNumber ?? ''}`;
			totals.set(key, (totals.get(key) ?? 0) + (t - previous) / 1000);
		});
	}
	return [...totals].sort((a, b) => b[1] - a[1]);
}

/**
 * Prints what the longest main-thread tasks after `sinceTs` were made of.
 * @param {any[]} events @param {string} name @param {number} [top]
 */
export function explainLongestTasks(events, name, top = 2) {
	// Not test-results/: Playwright empties that folder whenever someone starts an e2e run.
	const dir = 'node_modules/.cache/mcp-playground/bench-traces';
	mkdirSync(dir, { recursive: true });
	const file = `${dir}/${name}.trace.json`;
	writeFileSync(file, JSON.stringify({ traceEvents: events }));
	const threads = mainThreads(events);
	const onMain = events.filter((e) => threads.has(`${e.pid}:${e.tid}`) && e.ph === 'X');
	// Starting the CPU profiler is itself a long task; it is the bench's, not the page's.
	const profilerStart = onMain.filter((e) => e.name === 'CpuProfiler::StartProfiling');
	const tasks = onMain
		.filter((e) => e.name === 'RunTask')
		.filter((t) => !profilerStart.some((p) => p.ts >= t.ts && p.ts <= t.ts + t.dur))
		.sort((a, b) => b.dur - a.dur);
	console.log(`\n── ${name}: trace saved to ${file} (open in DevTools › Performance)`);
	for (const task of tasks.slice(0, top)) {
		const end = task.ts + task.dur;
		console.log(`longest task ${(task.dur / 1000).toFixed(1)} ms:`);
		const inner = onMain
			.filter((e) => e !== task && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= end && e.dur > 2000)
			.sort((a, b) => b.dur - a.dur)
			.slice(0, 8);
		for (const e of inner)
			console.log(`   event ${(e.dur / 1000).toFixed(1).padStart(6)} ms ${label(e)}`);
		for (const [fn, ms] of selfTimes(events, task.pid, task.ts, end).slice(0, 12))
			console.log(`   self  ${ms.toFixed(1).padStart(6)} ms ${fn}`);
	}
}
