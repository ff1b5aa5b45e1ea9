// @ts-check
/**
 * Starts `@modelcontextprotocol/server-everything` (the reference server, legacy era: 2025-11-25
 * Streamable HTTP with sessions at `/mcp`, 2024-11-05 HTTP+SSE at `/sse` + `/message`, or stdio)
 * as a child process on 127.0.0.1. Its CLI is `node dist/index.js <stdio|sse|streamableHttp>`;
 * the port comes from the PORT environment variable. It already sends the CORS headers a
 * browser needs (`Access-Control-Allow-Origin: *`, request headers reflected, Mcp-Session-Id /
 * MCP-Protocol-Version / Last-Event-ID exposed), proven in tests/integration/servers-everything.spec.ts.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { freePort } from './free-port.js';

const require = createRequire(import.meta.url);
/** The server's entry script (its package has a `bin`, no `main`). */
export const EVERYTHING_ENTRY = join(
	dirname(require.resolve('@modelcontextprotocol/server-everything/package.json')),
	'dist',
	'index.js'
);
const GUARD = pathToFileURL(
	join(dirname(fileURLToPath(import.meta.url)), 'exit-with-parent.js')
).href;

/** @typedef {'streamableHttp' | 'sse'} HttpMode */
/** @typedef {{ url: string, mode: HttpMode, pid: number, close: () => Promise<void> }} RunningEverything */
/** @typedef {{ command: string, args: string[], close: () => Promise<void> }} EverythingCommand */
/** @typedef {{ port?: number, env?: Record<string, string>, timeoutMs?: number }} EverythingOptions */

/** Process groups still running; killed synchronously if our process exits first. */
const live = new Set(/** @type {number[]} */ ([]));
let exitHookInstalled = false;

/**
 * @overload
 * @param {'stdio'} mode
 * @param {EverythingOptions} [opts]
 * @returns {Promise<EverythingCommand>}
 */
/**
 * @overload
 * @param {HttpMode} mode
 * @param {EverythingOptions} [opts]
 * @returns {Promise<RunningEverything>}
 */
/**
 * @param {HttpMode | 'stdio'} mode
 * @param {EverythingOptions} [opts]
 * @returns {Promise<RunningEverything | EverythingCommand>}
 */
export async function startEverything(mode, opts = {}) {
	// stdio servers are spawned by whoever talks to them (the relay, a test); we only say how.
	if (mode === 'stdio')
		return { command: process.execPath, args: [EVERYTHING_ENTRY, 'stdio'], close: async () => {} };
	let lastError = new Error('server-everything did not start');
	for (let attempt = 0; attempt < 3; attempt++) {
		const port = opts.port ?? (await freePort());
		try {
			return await startOnce(mode, port, opts);
		} catch (error) {
			lastError = /** @type {Error} */ (error);
			// Only a lost race for a port we picked ourselves is worth another try.
			if (opts.port !== undefined || !lastError.message.includes('EADDRINUSE')) throw lastError;
		}
	}
	throw lastError;
}

/**
 * @param {HttpMode} mode
 * @param {number} port
 * @param {EverythingOptions} opts
 * @returns {Promise<RunningEverything>}
 */
async function startOnce(mode, port, opts) {
	installExitHook();
	const child = spawn(process.execPath, ['--import', GUARD, EVERYTHING_ENTRY, mode], {
		env: { ...process.env, ...opts.env, PORT: String(port) },
		stdio: ['pipe', 'pipe', 'pipe'],
		detached: true // its own process group, so close() can kill everything it started
	});
	const pid = child.pid;
	if (pid === undefined) throw new Error(`could not spawn ${process.execPath} ${EVERYTHING_ENTRY}`);
	live.add(pid);
	let output = '';
	const keep = (/** @type {Buffer} */ chunk) => (output = (output + chunk.toString()).slice(-4000));
	child.stdout.on('data', keep);
	child.stderr.on('data', keep);
	/** @type {Promise<void>} */
	const exited = new Promise((resolve) =>
		child.once('exit', () => {
			live.delete(pid);
			resolve();
		})
	);
	const base = `http://127.0.0.1:${port}`;
	const url = mode === 'sse' ? `${base}/sse` : `${base}/mcp`;
	const close = () => killGroup(pid, exited);
	const ready = await waitUntilAnswering(url, exited, opts.timeoutMs ?? 15_000);
	if (!ready) {
		await close();
		throw new Error(`server-everything (${mode}) did not answer on ${url}. Its output:\n${output}`);
	}
	return { url, mode, pid, close };
}

/**
 * Polls with a CORS preflight: it answers on both endpoints without creating a session (a GET
 * on /sse would open one; a POST to /message without a session never answers).
 * @param {string} url
 * @param {Promise<void>} exited
 * @param {number} timeoutMs
 */
async function waitUntilAnswering(url, exited, timeoutMs) {
	let gone = false;
	void exited.then(() => (gone = true));
	const deadline = Date.now() + timeoutMs;
	while (!gone && Date.now() < deadline) {
		try {
			const response = await fetch(url, { method: 'OPTIONS', signal: AbortSignal.timeout(1000) });
			await response.body?.cancel();
			return true;
		} catch {
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	}
	return false;
}

/**
 * SIGTERM the whole group, SIGKILL after a grace period.
 * @param {number} pid
 * @param {Promise<void>} exited
 */
async function killGroup(pid, exited) {
	if (!live.has(pid)) return;
	signalGroup(pid, 'SIGTERM');
	const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), 2000);
	await exited;
	clearTimeout(timer);
}

/**
 * @param {number} pid
 * @param {NodeJS.Signals} signal
 */
function signalGroup(pid, signal) {
	try {
		process.kill(-pid, signal);
	} catch {
		// already gone
	}
}

function installExitHook() {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.on('exit', () => {
		for (const pid of live) signalGroup(pid, 'SIGKILL');
	});
}
