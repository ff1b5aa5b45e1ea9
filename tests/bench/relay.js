// @ts-check
/**
 * `npm run bench:relay`: ping round trips to @modelcontextprotocol/server-everything (stdio) in one
 * run, three ways: over a raw stdio pipe; through the playground's relay (the real RelayTransport
 * against the built server started by the launcher) with Node's built-in fetch (undici); and
 * through the relay with a lean node:http keep-alive fetch (tests/bench/node-http-fetch.js).
 * Blocks of pings rotate between them so machine noise hits all alike. The target — relay p50 ≤
 * raw p50 + 0.5 ms, the relay's own cost — is judged on the keep-alive row, the client with the
 * least per-request overhead of its own (undici's is ~0.3–0.4 ms here, more than the relay's).
 * A floor row (one HTTP POST through the same guard, no child) shows what any HTTP relay costs
 * on this machine with that client.
 *
 * Then the same pings from a page in Chromium (the product's real path: the page's fetch and its
 * SSE reader), and the same floor from there, for information: Chromium's fetch costs more per
 * request than any Node client (~2.5 ms here, renderer → network service → socket and back), so
 * a stdio round trip from the playground page is dominated by the browser, not the relay.
 * `--no-browser` skips that part.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadavg } from 'node:os';
import { chromium } from '@playwright/test';
import { build } from 'esbuild';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium-args.js';
import { createKeepAliveFetch } from './node-http-fetch.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const everything = path.join(
	path.dirname(require.resolve('@modelcontextprotocol/server-everything/package.json')),
	'dist',
	'index.js'
);
const BLOCKS = Number(process.env.BENCH_BLOCKS ?? 10);
const PER_BLOCK = Number(process.env.BENCH_PER_BLOCK ?? 200);
const WARMUP = 200;
const work = mkdtempSync(path.join(tmpdir(), 'relay-bench-'));

/** Starts the launcher on a free port; resolves with its base URL, token and process. */
async function startPlayground() {
	const tokenFile = path.join(work, 'token');
	// BENCH_PROFILE_DIR=<dir>: write a V8 CPU profile of the playground server (the relay's side).
	const profile = process.env.BENCH_PROFILE_DIR
		? ['--cpu-prof', '--cpu-prof-dir', path.resolve(process.env.BENCH_PROFILE_DIR)]
		: [];
	const child = spawn(
		process.execPath,
		[
			...profile,
			path.join(root, 'src/cli/start.js'),
			'--port',
			'0',
			'--no-open',
			'--print-token-file',
			tokenFile
		],
		{ cwd: root, stdio: ['pipe', 'pipe', 'inherit'] }
	);
	const lines = createInterface({
		input: /** @type {import('node:stream').Readable} */ (child.stdout)
	});
	for await (const line of lines) {
		const match = /http:\/\/127\.0\.0\.1:(\d+)\/#token=/.exec(line);
		if (match)
			return {
				baseUrl: `http://127.0.0.1:${match[1]}`,
				token: readFileSync(tokenFile, 'utf8'),
				child
			};
	}
	throw new Error('the playground did not start');
}

/** The browser transport, bundled from TypeScript for Node. */
async function loadRelayTransport() {
	const outfile = path.join(work, 'relay.mjs');
	await build({
		entryPoints: [path.join(root, 'src/lib/mcp/transports/relay.ts')],
		bundle: true,
		format: 'esm',
		platform: 'neutral',
		outfile,
		logLevel: 'error'
	});
	return (await import(pathToFileURL(outfile).href)).RelayTransport;
}

/** A request/response pump over any "send a message, get messages back" channel. */
function rpc(/** @type {(m: object) => Promise<void> | void} */ send) {
	/** @type {Map<number, (m: any) => void>} */
	const waiting = new Map();
	let next = 1;
	return {
		/** @param {any} message */
		receive(message) {
			const resolve = waiting.get(message.id);
			if (!resolve) return;
			waiting.delete(message.id);
			resolve(message);
		},
		/** @param {string} method @param {object} [params] */
		request(method, params) {
			const id = next++;
			const answered = new Promise((resolve) => waiting.set(id, resolve));
			void send({ jsonrpc: '2.0', id, method, ...(params ? { params } : {}) });
			return answered;
		},
		/** @param {string} method */
		notify(method) {
			return send({ jsonrpc: '2.0', method });
		}
	};
}

const init = {
	protocolVersion: '2025-06-18',
	capabilities: {},
	clientInfo: { name: 'bench', version: '1' }
};

async function relayChannel(
	/** @type {any} */ RelayTransport,
	/** @type {{baseUrl: string, token: string}} */ pg,
	/** @type {((input: string | URL, init?: RequestInit) => Promise<Response>) | undefined} */ fetch
) {
	const transport = new RelayTransport({
		command: process.execPath,
		args: [everything, 'stdio'],
		token: pg.token,
		baseUrl: pg.baseUrl,
		fetch
	});
	const channel = rpc((m) => transport.send(m));
	transport.onmessage = (/** @type {any} */ m) => channel.receive(m);
	await transport.start();
	return { channel, close: () => transport.close() };
}

/**
 * The floor for any HTTP relay on this machine: the same keep-alive client POSTing a message to
 * the same server, through the same guard, for a session that does not exist (404) — one HTTP
 * round trip, no child process. Reported for reference, not judged.
 * @param {{baseUrl: string, token: string}} pg
 * @param {(input: string | URL, init?: RequestInit) => Promise<Response>} fetch
 */
function httpFloorChannel(pg, fetch) {
	const { url, ...init } = floorRequest(pg);
	const request = async () => {
		const response = await fetch(url, init);
		if (response.status !== 404) throw new Error(`floor POST answered ${response.status}`);
		return response.arrayBuffer();
	};
	return { channel: { request, notify: request }, close: async () => {} };
}

/**
 * The floor's request: a ping POSTed for a relay session that does not exist (404).
 * @param {{baseUrl: string, token: string}} pg
 */
function floorRequest(pg) {
	return {
		url: `${pg.baseUrl}/api/relay/00000000-0000-4000-8000-000000000000`,
		method: 'POST',
		headers: { 'x-playground-token': pg.token, 'content-type': 'application/json' },
		body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' })
	};
}

async function rawChannel() {
	const child = spawn(process.execPath, [everything, 'stdio'], {
		stdio: ['pipe', 'pipe', 'ignore']
	});
	const stdin = /** @type {import('node:stream').Writable} */ (child.stdin);
	const channel = rpc((m) => void stdin.write(JSON.stringify(m) + '\n'));
	const lines = createInterface({
		input: /** @type {import('node:stream').Readable} */ (child.stdout)
	});
	lines.on('line', (line) => channel.receive(JSON.parse(line)));
	return { channel, close: async () => void child.kill('SIGKILL') };
}

/**
 * The relay and the floor measured from a page of the playground's own origin in Chromium, with
 * the same RelayTransport (bundled for the browser) and the browser's fetch.
 * @param {{baseUrl: string, token: string}} pg @param {number} count
 */
async function browserRows(pg, count) {
	const bundle = await build({
		entryPoints: [path.join(root, 'src/lib/mcp/transports/relay.ts')],
		bundle: true,
		format: 'iife',
		globalName: 'BenchRelay',
		write: false,
		logLevel: 'error'
	});
	const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
	try {
		const page = await browser.newPage();
		// A page of the playground's origin (the relay refuses other Origins), idle once loaded.
		// (No request interception: it would route every fetch through the DevTools protocol.)
		await page.goto(`${pg.baseUrl}/`, { waitUntil: 'networkidle' });
		await page.evaluate(`${bundle.outputFiles[0]?.text};globalThis.BenchRelay = BenchRelay;`);
		const { baseUrl, token } = pg;
		const args = {
			baseUrl,
			token,
			count,
			warmup: WARMUP,
			command: process.execPath,
			everything,
			init
		};
		const relay = await page.evaluate(async (a) => {
			const RelayTransport = /** @type {any} */ (globalThis).BenchRelay.RelayTransport;
			const transport = new RelayTransport({
				command: a.command,
				args: [a.everything, 'stdio'],
				token: a.token,
				baseUrl: a.baseUrl
			});
			/** @type {Map<number, () => void>} */
			const waiting = new Map();
			let next = 1;
			transport.onmessage = (/** @type {any} */ m) => waiting.get(m.id)?.();
			await transport.start();
			const request = (/** @type {string} */ method, /** @type {object | undefined} */ params) => {
				const id = next++;
				const answered = new Promise((resolve) => waiting.set(id, () => resolve(undefined)));
				void transport.send({ jsonrpc: '2.0', id, method, ...(params ? { params } : {}) });
				return answered;
			};
			await request('initialize', a.init);
			await transport.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
			/** @type {number[]} */
			const times = [];
			for (let i = 0; i < a.warmup + a.count; i++) {
				const start = performance.now();
				await request('ping', undefined);
				if (i >= a.warmup) times.push(performance.now() - start);
			}
			await transport.close();
			return times;
		}, args);
		const floor = await page.evaluate(
			async ({ request: { url, ...init }, warmup, count }) => {
				/** @type {number[]} */
				const times = [];
				for (let i = 0; i < warmup + count; i++) {
					const start = performance.now();
					const response = await fetch(url, init);
					await response.arrayBuffer();
					if (response.status !== 404) throw new Error(`floor POST answered ${response.status}`);
					if (i >= warmup) times.push(performance.now() - start);
				}
				return times;
			},
			{ request: floorRequest(pg), warmup: WARMUP, count }
		);
		return { relay, floor };
	} finally {
		await browser.close();
	}
}

/** @param {{request(method: string): Promise<unknown>}} channel @param {number} count @param {number[]} into */
async function pings(channel, count, into) {
	for (let i = 0; i < count; i++) {
		const start = performance.now();
		await channel.request('ping');
		into.push(performance.now() - start);
	}
}

/** @param {number[]} values @param {number} p */
function percentile(values, p) {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function main() {
	const RelayTransport = await loadRelayTransport();
	const playground = await startPlayground();
	const keepAlive = createKeepAliveFetch();
	const load = loadavg()[0] ?? NaN;
	try {
		const runs = [
			{ name: 'raw stdio pipe', ...(await rawChannel()), times: /** @type {number[]} */ ([]) },
			{
				name: 'relay via undici fetch',
				...(await relayChannel(RelayTransport, playground, undefined)),
				times: /** @type {number[]} */ ([])
			},
			{
				name: 'relay via node:http keep-alive',
				...(await relayChannel(RelayTransport, playground, keepAlive.fetch)),
				times: /** @type {number[]} */ ([])
			},
			{
				name: 'floor: one HTTP POST, no relay',
				...httpFloorChannel(playground, keepAlive.fetch),
				times: /** @type {number[]} */ ([])
			}
		];
		for (const { channel } of runs) {
			await channel.request('initialize', init);
			await channel.notify('notifications/initialized');
			await pings(channel, WARMUP, []);
		}
		/** CPU the playground server spent during each row's pings (the relay's own work). */
		const serverCpu = runs.map(() => 0);
		const clientCpu = runs.map(() => 0);
		const pid = /** @type {number} */ (playground.child.pid);
		for (let block = 0; block < BLOCKS; block++) {
			for (const [i, run] of runs.entries()) {
				const before = cpuMs(pid);
				const client = process.cpuUsage();
				await pings(run.channel, PER_BLOCK, run.times);
				serverCpu[i] = (serverCpu[i] ?? 0) + cpuMs(pid) - before;
				const used = process.cpuUsage(client);
				clientCpu[i] = (clientCpu[i] ?? 0) + (used.user + used.system) / 1000;
			}
		}
		for (const run of runs) await run.close();
		report(runs, load);
		reportCpu(runs, serverCpu, clientCpu);
		if (!process.argv.includes('--no-browser'))
			reportBrowser(await browserRows(playground, Math.min(BLOCKS * PER_BLOCK, 1000)), runs[0]);
	} finally {
		keepAlive.close();
		playground.child.kill('SIGTERM');
		rmSync(work, { recursive: true, force: true });
	}
}

/**
 * CPU time (user + system) a process has used, from /proc (Linux); NaN elsewhere. Ticks are
 * 10 ms, so totals over thousands of pings are what is meaningful, not single pings.
 * @param {number} pid
 */
function cpuMs(pid) {
	try {
		const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
		return (Number(fields[11]) + Number(fields[12])) * 10;
	} catch {
		return NaN;
	}
}

/**
 * CPU per round trip, user + system: the benchmark process (client side: the raw pipe, or the
 * RelayTransport and its fetch) and the playground server (the relay).
 * @param {{name: string, times: number[]}[]} runs @param {number[]} server @param {number[]} client
 */
function reportCpu(runs, server, client) {
	console.log('CPU per round trip (user+sys):');
	runs.forEach(({ name, times }, i) => {
		const per = (/** @type {number | undefined} */ ms) =>
			`${(((ms ?? NaN) * 1000) / times.length).toFixed(0)} µs`;
		const relay = i === 0 ? '' : `   playground server ${per(server[i])}`;
		console.log(`  ${name.padEnd(31)} client ${per(client[i])}${relay}`);
	});
}

/** One line of p50/p95. @param {string} name @param {number[]} times */
function row(name, times) {
	return `${name.padEnd(31)} p50 ${percentile(times, 50).toFixed(3)} ms   p95 ${percentile(times, 95).toFixed(3)} ms   (n=${times.length})`;
}

/**
 * The rows measured from Chromium, after the judged ones.
 * @param {{relay: number[], floor: number[]}} rows @param {{times: number[]} | undefined} raw
 */
function reportBrowser({ relay, floor }, raw) {
	const p50 = (/** @type {number[]} */ v) => percentile(v, 50);
	console.log(
		'from a page in Chromium (its fetch and SSE reader; not judged, timer resolution 0.1 ms):'
	);
	console.log(`  ${row('relay, the playground page', relay)}`);
	console.log(`  ${row('floor: one fetch POST, no relay', floor)}`);
	console.log(
		`  the relay's share: p50 relay − floor = +${(p50(relay) - p50(floor)).toFixed(3)} ms; ` +
			`relay − raw = +${(p50(relay) - p50(raw?.times ?? [])).toFixed(3)} ms`
	);
}

/** @param {{name: string, times: number[]}[]} runs @param {number} loadBefore */
function report(runs, loadBefore) {
	const [raw, undici, keepAlive] =
		/** @type {[{name: string, times: number[]}, {name: string, times: number[]}, {name: string, times: number[]}]} */ (
			runs
		);
	const p50 = (/** @type {number[]} */ v) => percentile(v, 50);
	const rawP50 = p50(raw.times);
	console.log(
		`ping round trips to server-everything (stdio), Node ${process.version}, ` +
			`load average ${loadBefore.toFixed(2)} → ${(loadavg()[0] ?? NaN).toFixed(2)}`
	);
	for (const { name, times } of runs) {
		const versus =
			times === raw.times || name.startsWith('floor')
				? ''
				: `   ratio ${(p50(times) / rawP50).toFixed(2)}x   p50 over raw +${(p50(times) - rawP50).toFixed(3)} ms`;
		console.log(`${row(name, times)}${versus}`);
	}
	const delta = p50(keepAlive.times) - rawP50;
	console.log(
		`target relay p50 ≤ raw p50 + 0.5 ms, judged on "${keepAlive.name}" ` +
			`(the client with the least cost of its own): ${delta <= 0.5 ? 'MET' : 'NOT MET'} ` +
			`(+${delta.toFixed(3)} ms); via undici fetch: +${(p50(undici.times) - rawP50).toFixed(3)} ms`
	);
}

await main();
