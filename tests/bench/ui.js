#!/usr/bin/env node
// @ts-check
/**
 * `npm run bench:ui`: measures the built playground in a real Chromium.
 *  1. initial JS+CSS gzipped (what the page loads before any interaction; target ≤ 120 KB),
 *  2. page load → tools listed against a local server (target ≤ 300 ms),
 *  3. the longest main-thread task while 50,000 wire entries stream in (target ≤ 100 ms),
 *  4. the longest main-thread task while a 10 MB tool result renders (target ≤ 100 ms).
 * Long tasks come from a PerformanceObserver('longtask') installed before the page loads.
 * Builds the app first unless build/ exists (pass --build to force).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { startBenchServer } from '../e2e/fixtures/bench-server.js';
import { freePort } from '../servers/free-port.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function startApp() {
	if (process.argv.includes('--build') || !existsSync(join(root, 'build', 'index.js'))) {
		const built = spawnSync(
			process.execPath,
			[join(root, 'node_modules/vite/bin/vite.js'), 'build'],
			{ cwd: root, stdio: 'inherit' }
		);
		if (built.status !== 0) throw new Error('vite build failed');
	}
	const port = await freePort();
	const child = spawn(process.execPath, [join(root, 'build', 'index.js')], {
		env: { ...process.env, HOST: '127.0.0.1', PORT: String(port) },
		stdio: 'ignore'
	});
	const base = `http://127.0.0.1:${port}`;
	for (let i = 0; i < 100; i++) {
		try {
			if ((await fetch(base)).ok) return { base, stop: () => child.kill() };
		} catch {
			/* not up yet */
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	child.kill();
	throw new Error('the built app did not start');
}

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

/** @param {import('@playwright/test').Browser} browser @param {string} base */
async function measureInitialBytes(browser, base) {
	const page = await browser.newPage();
	/** @type {{ url: string, type: string, bytes: number }[]} */
	const assets = [];
	page.on('response', async (response) => {
		const type = response.request().resourceType();
		if (type !== 'script' && type !== 'stylesheet') return;
		const body = await response.body().catch(() => Buffer.alloc(0));
		assets.push({ url: response.url(), type, bytes: gzipSync(body, { level: 9 }).length });
	});
	await page.goto(base, { waitUntil: 'networkidle' });
	await page.close();
	const total = assets.reduce((sum, a) => sum + a.bytes, 0);
	return { total, count: assets.length };
}

/** @param {import('@playwright/test').Browser} browser @param {string} base @param {string} url */
async function measureToolsListed(browser, base, url) {
	const page = await browser.newPage();
	const link = `${base}/?${new URLSearchParams({ url, transport: 'streamable-http', era: 'legacy', autoconnect: '1' })}`;
	await page.goto(link);
	await page.waitForFunction(
		() => document.querySelector('#feature-tools .badge')?.textContent?.trim() === '2',
		null,
		{ timeout: 20_000, polling: 'raf' }
	);
	const ms = await page.evaluate(() => performance.now());
	if (process.argv.includes('--verbose')) {
		const timings = await page.evaluate(() =>
			performance
				.getEntriesByType('resource')
				.map(
					(/** @type {any} */ e) =>
						`${e.startTime.toFixed(0)}→${e.responseEnd.toFixed(0)} ${e.name.slice(-60)}`
				)
		);
		const nav = await page.evaluate(() =>
			JSON.stringify(performance.getEntriesByType('navigation')[0]?.toJSON())
		);
		console.log(nav, '\n', timings.join('\n '));
	}
	await page.close();
	return ms;
}

/** @param {import('@playwright/test').Browser} browser @param {string} base @param {string} url */
async function connectedPage(browser, base, url) {
	const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
	await page.addInitScript(LONGTASK_PROBE);
	await page.goto(
		`${base}/?${new URLSearchParams({ url, transport: 'streamable-http', era: 'legacy', autoconnect: '1' })}`
	);
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

/** @param {import('@playwright/test').Browser} browser @param {string} base @param {string} url */
async function measureFlood(browser, base, url) {
	const page = await connectedPage(browser, base, url);
	const start = await runTool(page, 'flood', { count: '25000' });
	await page
		.getByRole('region', { name: 'Tool result' })
		.getByText('flooded 25000')
		.waitFor({ timeout: 120_000 });
	const entries = await page.locator('.wire-view .count').innerText();
	// Scroll the wire view from top to bottom while it holds everything.
	await page.locator('.viewport').evaluate(async (el) => {
		for (let y = 0; y < el.scrollHeight; y += el.scrollHeight / 20) {
			el.scrollTop = y;
			await new Promise((r) => requestAnimationFrame(r));
		}
	});
	const longest = await longestTaskSince(page, start);
	await page.close();
	return { longest, entries };
}

/** @param {import('@playwright/test').Browser} browser @param {string} base @param {string} url */
async function measureBigResult(browser, base, url) {
	const page = await connectedPage(browser, base, url);
	const start = await runTool(page, 'big', { bytes: '10000000' });
	await page
		.getByRole('region', { name: 'Tool result' })
		.getByText(/Showing .* of 9\.5 MB/)
		.waitFor({ timeout: 60_000 });
	const longest = await longestTaskSince(page, start);
	await page.close();
	return longest;
}

const app = await startApp();
const server = await startBenchServer();
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
try {
	const initial = await measureInitialBytes(browser, app.base);
	const listed = await measureToolsListed(browser, app.base, server.url);
	const flood = await measureFlood(browser, app.base, server.url);
	const big = await measureBigResult(browser, app.base, server.url);
	const rows = [
		[
			'initial JS+CSS gzipped',
			`${(initial.total / 1024).toFixed(1)} KB (${initial.count} files)`,
			'≤ 120 KB',
			initial.total <= 120 * 1024
		],
		['page load → tools listed', `${listed.toFixed(0)} ms`, '≤ 300 ms', listed <= 300],
		[
			'longest task, 50,000 wire entries',
			`${flood.longest.toFixed(0)} ms (${flood.entries})`,
			'≤ 100 ms',
			flood.longest <= 100
		],
		['longest task, 10 MB result', `${big.toFixed(0)} ms`, '≤ 100 ms', big <= 100]
	];
	for (const [name, value, target, ok] of rows)
		console.log(
			`${ok ? 'ok  ' : 'MISS'} ${String(name).padEnd(36)} ${String(value).padEnd(34)} target ${target}`
		);
} finally {
	await browser.close();
	await server.close();
	app.stop();
}
