// @ts-check
/**
 * `npm run bench:relay`: ping round trips to @modelcontextprotocol/server-everything (stdio), once
 * through the playground's relay (the real RelayTransport, from Node with fetch, against the built
 * server started by the launcher) and once over a raw stdio pipe, in one run. Blocks of pings
 * alternate between the two so machine noise hits both alike. Target: relay p50 ≤ raw p50 + 0.5 ms.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

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
	const child = spawn(
		process.execPath,
		[
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
	/** @type {{baseUrl: string, token: string}} */ pg
) {
	const transport = new RelayTransport({
		command: process.execPath,
		args: [everything, 'stdio'],
		token: pg.token,
		baseUrl: pg.baseUrl
	});
	const channel = rpc((m) => transport.send(m));
	transport.onmessage = (/** @type {any} */ m) => channel.receive(m);
	await transport.start();
	return { channel, close: () => transport.close() };
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

/** @param {ReturnType<typeof rpc>} channel @param {number} count @param {number[]} into */
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
	try {
		const relay = await relayChannel(RelayTransport, playground);
		const raw = await rawChannel();
		for (const { channel } of [relay, raw]) {
			await channel.request('initialize', init);
			await channel.notify('notifications/initialized');
			await pings(channel, WARMUP, []);
		}
		/** @type {number[]} */ const relayTimes = [];
		/** @type {number[]} */ const rawTimes = [];
		for (let block = 0; block < BLOCKS; block++) {
			await pings(raw.channel, PER_BLOCK, rawTimes);
			await pings(relay.channel, PER_BLOCK, relayTimes);
		}
		await relay.close();
		await raw.close();
		report(relayTimes, rawTimes);
	} finally {
		playground.child.kill('SIGTERM');
		rmSync(work, { recursive: true, force: true });
	}
}

/** @param {number[]} relay @param {number[]} raw */
function report(relay, raw) {
	const row = (/** @type {string} */ name, /** @type {number[]} */ v) =>
		`${name.padEnd(12)} p50 ${percentile(v, 50).toFixed(3)} ms   p95 ${percentile(v, 95).toFixed(3)} ms   (n=${v.length})`;
	const delta = percentile(relay, 50) - percentile(raw, 50);
	console.log(`ping round trips to server-everything (stdio), Node ${process.version}`);
	console.log(row('raw stdio', raw));
	console.log(row('relay (HTTP)', relay));
	console.log(
		`ratio p50 relay/raw: ${(percentile(relay, 50) / percentile(raw, 50)).toFixed(2)}x   p50 overhead: ${delta.toFixed(3)} ms`
	);
	console.log(`target relay p50 ≤ raw p50 + 0.5 ms: ${delta <= 0.5 ? 'MET' : 'NOT MET'}`);
}

await main();
