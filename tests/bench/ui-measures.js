// @ts-check
/**
 * The four measures of tests/bench/ui.js, each on a fresh page (a new browser context, so a
 * cold cache, as on a first visit). Long tasks come from a PerformanceObserver('longtask')
 * installed before the page's first script runs; heap sizes from CDP after a forced GC.
 */
import { gzipSync } from 'node:zlib';

/** Records every long task with its start time, from before the first script runs. */
const LONGTASK_PROBE = () => {
	/** @type {any} */ (window).__longtasks = [];
	new PerformanceObserver((list) => {
		for (const /** @type {PerformanceEntry} */ e of list.getEntries())
			/** @type {any} */ (window).__longtasks.push({ start: e.startTime, duration: e.duration });
	}).observe({ type: 'longtask', buffered: true });
};

/** @param {import('@playwright/test').Page} page @param {number} since */
async function longestTaskSince(page, since) {
	await page.waitForTimeout(200); // let the observer deliver the last entries
	return page.evaluate(
		(t) =>
			Math.max(
				0,
				.../** @type {any} */ (window).__longtasks
					.filter((/** @type {{ start: number }} */ e) => e.start >= t)
					.map((/** @type {{ duration: number }} */ e) => e.duration)
			),
		since
	);
}

/** JS heap in use after a full GC, in MB. @param {import('@playwright/test').Page} page */
async function heapMB(page) {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('HeapProfiler.collectGarbage');
	const { usedSize } = await cdp.send('Runtime.getHeapUsage');
	await cdp.detach();
	return usedSize / 1024 / 1024;
}

/** @param {string} base @param {string} url */
const deepLink = (base, url) =>
	`${base}/?${new URLSearchParams({ url, transport: 'streamable-http', era: 'legacy', autoconnect: '1' })}`;

/** @typedef {(page: import('@playwright/test').Page) => Promise<unknown>} ReadyWhen */

/**
 * Every JS and CSS file a fresh page fetched for `url` until `ready` resolved, each gzipped at
 * level 9 (the Node server sends them uncompressed; a CDN would compress them), plus the
 * stylesheets inlined into the HTML. Files fetched after `ready` (loaded on interaction) are not
 * counted. Default `ready`: the network is idle.
 * @param {import('@playwright/test').Browser} browser @param {string} url @param {ReadyWhen} [ready]
 */
export async function measureLoadedBytes(browser, url, ready) {
	const page = await browser.newPage();
	/** @type {Promise<{ url: string, bytes: number }>[]} */
	const assets = [];
	let done = false;
	page.on('response', (response) => {
		const type = response.request().resourceType();
		if (done || (type !== 'script' && type !== 'stylesheet')) return;
		assets.push(
			response
				.body()
				.catch(() => Buffer.alloc(0))
				.then((body) => ({ url: response.url(), bytes: gzipSync(body, { level: 9 }).length }))
		);
	});
	await page.goto(url, { waitUntil: ready ? 'load' : 'networkidle' });
	await ready?.(page);
	done = true;
	// Stylesheets inlined into the HTML (kit.inlineStyleThreshold) are CSS the page loads too.
	const inline = await page.evaluate(() =>
		[...document.querySelectorAll('head style')].map((s) => s.textContent ?? '').join('\n')
	);
	const files = await Promise.all(assets);
	await page.close();
	const inlineBytes = inline ? gzipSync(inline, { level: 9 }).length : 0;
	const total = files.reduce((sum, a) => sum + a.bytes, inlineBytes);
	return { total, count: files.length, inlineBytes, files };
}

/** The playground's first load: everything until the network is idle. */
export const measureInitialBytes = (
	/** @type {import('@playwright/test').Browser} */ browser,
	/** @type {string} */ base
) => measureLoadedBytes(browser, base);

/**
 * The documentation widget as a reader gets it: `/embed` for the bench server's `big` tool,
 * connected, until its argument form (the Run button) is on screen — the MCP client, the item
 * view and the form are loaded after mount, but before anyone can interact, so they count.
 * @param {import('@playwright/test').Browser} browser @param {string} base @param {string} url
 */
export function measureEmbedLoad(browser, base, url) {
	const embed = `${base}/embed?${new URLSearchParams({ url, tool: 'big' })}`;
	return measureLoadedBytes(browser, embed, (page) =>
		page.getByRole('button', { name: 'Run tool' }).waitFor({ timeout: 20_000 })
	);
}

/**
 * In the page, before any of its scripts: once the Tools tab's badge says 2, report the time of
 * the next frame (the list is then on screen) through a CDP binding. Playwright's own
 * `waitForFunction` compiles its injected script in the page (~13 ms of main thread here) in the
 * middle of the load it measures; a MutationObserver and a binding cost the page next to nothing.
 */
const LISTED_PROBE = () => {
	const listed = () => document.querySelector('#feature-tools .badge')?.textContent?.trim() === '2';
	const observer = new MutationObserver(() => {
		if (!listed()) return;
		observer.disconnect();
		requestAnimationFrame(() => /** @type {any} */ (window).__benchListed(performance.now()));
	});
	observer.observe(document, { subtree: true, childList: true, characterData: true });
};

/**
 * Navigation start → the Tools tab shows the server's 2 tools, through a deep link that
 * connects on load. Also returns when the first MCP request started (resource timing).
 * @param {import('@playwright/test').Browser} browser @param {string} base @param {string} url
 * @param {{ verbose?: boolean, trace?: (page: import('@playwright/test').Page) => Promise<() => Promise<void>> }} [opts]
 */
export async function measureToolsListed(browser, base, url, opts = {}) {
	const page = await browser.newPage();
	/** @type {(ms: number) => void} */
	let report = () => {};
	/** @type {NodeJS.Timeout | undefined} */
	let timer;
	const listed = new Promise((resolve, reject) => {
		report = resolve;
		timer = setTimeout(() => reject(new Error('the tools were not listed within 20 s')), 20_000);
	});
	await page.exposeFunction('__benchListed', (/** @type {number} */ ms) => report(ms));
	await page.addInitScript(LISTED_PROBE);
	const stopTrace = opts.trace ? await opts.trace(page) : undefined;
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('Performance.enable');
	await page.goto(deepLink(base, url));
	const ms = /** @type {number} */ (await listed.finally(() => clearTimeout(timer)));
	// Main-thread time spent so far (s → ms): how much of the wait was the page's own work.
	const { metrics } = await cdp.send('Performance.getMetrics');
	const metric = (/** @type {string} */ name) =>
		1000 * (metrics.find((m) => m.name === name)?.value ?? 0);
	const work = {
		task: metric('TaskDuration'),
		script: metric('ScriptDuration'),
		layout: metric('LayoutDuration') + metric('RecalcStyleDuration')
	};
	const timings = await page.evaluate(() =>
		performance
			.getEntriesByType('resource')
			.map((/** @type {any} */ e) => ({ name: e.name, start: e.startTime, end: e.responseEnd }))
	);
	await stopTrace?.();
	const mcp = timings.filter((t) => t.name.startsWith(url));
	if (opts.verbose)
		for (const t of timings)
			console.log(`   ${t.start.toFixed(0)}→${t.end.toFixed(0)} ${t.name.slice(-70)}`);
	await page.close();
	return { ms, firstRequest: Math.min(...mcp.map((t) => t.start)), requests: mcp.length, work };
}

/** @param {import('@playwright/test').Browser} browser @param {string} base @param {string} url */
async function connectedPage(browser, base, url) {
	const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
	await page.addInitScript(LONGTASK_PROBE);
	await page.goto(deepLink(base, url));
	await page
		.getByRole('tab', { name: /^Tools/ })
		.and(page.locator('[aria-selected="true"]'))
		.waitFor();
	await page.waitForTimeout(300);
	return page;
}

/** @param {import('@playwright/test').Page} page @param {string} tool @param {Record<string, string>} args */
async function runTool(page, tool, args) {
	await page.getByRole('list', { name: 'Tools' }).getByRole('button', { name: tool }).click();
	for (const [name, value] of Object.entries(args))
		await page.getByLabel(new RegExp(`^${name}`)).fill(value);
	const start = await page.evaluate(() => performance.now());
	await page.getByRole('button', { name: 'Run tool' }).click();
	return start;
}

/** @param {import('@playwright/test').Page} page @param {number} count */
async function flood(page, count) {
	const start = await runTool(page, 'flood', { count: String(count) });
	await page
		.getByRole('region', { name: 'Tool result' })
		.getByText(`flooded ${count}`)
		.waitFor({ timeout: 120_000 });
	return start;
}

/**
 * 25,000 notifications over SSE = 50,000 wire entries (event + message), then a scroll of the
 * wire view from top to bottom. Heap: before, after 50,000 entries, and after 50,000 more
 * (the ring holds 60,000, so the second number shows whether memory is bounded).
 * @param {import('@playwright/test').Browser} browser @param {string} base @param {string} url
 * @param {{ trace?: (page: import('@playwright/test').Page) => Promise<() => Promise<void>>, heap?: boolean }} [opts]
 */
export async function measureFlood(browser, base, url, opts = {}) {
	const page = await connectedPage(browser, base, url);
	const heap = opts.heap ? [await heapMB(page)] : [];
	const stopTrace = opts.trace ? await opts.trace(page) : undefined;
	const start = await flood(page, 25_000);
	const entries = await page.locator('.wire-view .count').innerText();
	await page.locator('.viewport').evaluate(async (el) => {
		for (let y = 0; y < el.scrollHeight; y += el.scrollHeight / 20) {
			el.scrollTop = y;
			await new Promise((r) => requestAnimationFrame(r));
		}
	});
	const longest = await longestTaskSince(page, start);
	await stopTrace?.();
	if (opts.heap) {
		heap.push(await heapMB(page));
		await page.getByRole('button', { name: 'Run tool' }).click();
		await page.getByText(/60,000 held/).waitFor({ timeout: 120_000 });
		await page.waitForTimeout(500);
		heap.push(await heapMB(page));
	}
	await page.close();
	return { longest, entries, heap };
}

/**
 * A 10 MB text result, from the click on Run to its truncated view.
 * @param {import('@playwright/test').Browser} browser @param {string} base @param {string} url
 * @param {{ trace?: (page: import('@playwright/test').Page) => Promise<() => Promise<void>> }} [opts]
 */
export async function measureBigResult(browser, base, url, opts = {}) {
	const page = await connectedPage(browser, base, url);
	const stopTrace = opts.trace ? await opts.trace(page) : undefined;
	const start = await runTool(page, 'big', { bytes: '10000000' });
	await page
		.getByRole('region', { name: 'Tool result' })
		.getByText(/Showing .* of 9\.5 MB/)
		.waitFor({ timeout: 60_000 });
	const longest = await longestTaskSince(page, start);
	await stopTrace?.();
	await page.close();
	return longest;
}

/** Median and worst of timings. @param {number[]} values */
export function stats(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	const at = (/** @type {number} */ i) => sorted[i] ?? NaN;
	const median = sorted.length % 2 ? at(mid) : (at(mid - 1) + at(mid)) / 2;
	return { median, worst: at(sorted.length - 1) };
}
