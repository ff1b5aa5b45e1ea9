#!/usr/bin/env node
// @ts-check
/**
 * A/B for page load → tools listed: `node tests/bench/ui-ab.js <buildA> <buildB> [rounds]`
 * starts two copies of built apps (adapter-node output folders under node_modules/.cache so the
 * project's "type": "module" applies), one local MCP server, and alternates page loads between
 * them, so machine noise hits both alike. Prints each side's median and the paired difference.
 */
import { chromium } from '@playwright/test';
import { startBenchServer } from '../e2e/fixtures/bench-server.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium-args.js';
import { startApp } from './ui-app.js';
import { measureToolsListed, stats } from './ui-measures.js';

const [dirA, dirB, roundsArg] = process.argv.slice(2);
if (!dirA || !dirB) throw new Error('usage: ui-ab.js <buildA> <buildB> [rounds]');
const rounds = Number(roundsArg ?? 15);
const server = await startBenchServer();
const apps = [await startApp(dirA), await startApp(dirB)];
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
	for (const app of apps) await measureToolsListed(browser, app.base, server.url);
	/** @type {number[][]} */
	const times = [[], []];
	for (let i = 0; i < rounds; i++) {
		const order = i % 2 ? [1, 0] : [0, 1];
		for (const side of order) {
			const app = /** @type {{base: string}} */ (apps[side]);
			times[side]?.push((await measureToolsListed(browser, app.base, server.url)).ms);
		}
	}
	const median = (/** @type {number[]} */ v) => stats(v).median;
	const [a, b] = /** @type {[number[], number[]]} */ (times);
	console.log(`A ${dirA}: median ${median(a).toFixed(0)} ms`);
	console.log(`B ${dirB}: median ${median(b).toFixed(0)} ms`);
	console.log(`B − A paired median ${median(a.map((x, i) => (b[i] ?? NaN) - x)).toFixed(0)} ms`);
} finally {
	await browser.close();
	for (const app of apps) app.stop();
	await server.close?.();
}
