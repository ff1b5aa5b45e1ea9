/**
 * Shared by the relay-*.test.ts files: raw HTTP (so a test controls Host, Origin and every other
 * header), an SSE reader for the relay stream, extra playground instances started through the
 * launcher, and process accounting through `ps`.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

const require = createRequire(import.meta.url);
export const EVERYTHING = path.join(
	path.dirname(require.resolve('@modelcontextprotocol/server-everything/package.json')),
	'dist',
	'index.js'
);
export const E2E_PORT = Number(process.env.E2E_PORT ?? 4319);

/** The token the Playwright webServer's launcher wrote (playwright.config.ts). */
export function mainToken(): string {
	return readFileSync(path.resolve('test-results/.token'), 'utf8').trim();
}

export interface RawResponse {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: string;
}

/** `address`: where to connect (e.g. `::1` for a playground started with `--host ::1`). */
export function rawRequest(
	port: number,
	method: string,
	pathname: string,
	headers: Record<string, string>,
	body?: string,
	address = '127.0.0.1'
): Promise<RawResponse> {
	return new Promise((resolve, reject) => {
		const req = http.request({ host: address, port, method, path: pathname, headers }, (res) => {
			let text = '';
			res.setEncoding('utf8');
			res.on('data', (c: string) => (text += c));
			res.on('end', () =>
				resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text })
			);
		});
		req.on('error', reject);
		req.end(body);
	});
}

/** Headers the playground page itself would send. */
export function pageHeaders(port: number, token: string): Record<string, string> {
	return {
		host: `127.0.0.1:${port}`,
		origin: `http://127.0.0.1:${port}`,
		'x-playground-token': token,
		'content-type': 'application/json'
	};
}

export interface SseFrame {
	id?: string;
	event?: string;
	data: string;
}

/** Opens `GET /api/relay/{id}` and collects its frames until `until` says stop or it ends. */
export function readRelay(
	port: number,
	id: string,
	token: string,
	until: (frames: SseFrame[]) => boolean,
	lastEventId = '0',
	timeoutMs = 15_000
): Promise<SseFrame[]> {
	return new Promise((resolve, reject) => {
		const frames: SseFrame[] = [];
		const headers = { ...pageHeaders(port, token), 'last-event-id': lastEventId };
		const req = http.get({ host: '127.0.0.1', port, path: `/api/relay/${id}`, headers }, (res) => {
			if (res.statusCode !== 200) return reject(new Error(`SSE status ${res.statusCode}`));
			let buffer = '';
			res.setEncoding('utf8');
			const finish = () => {
				clearTimeout(timer);
				req.destroy();
				resolve(frames);
			};
			res.on('data', (chunk: string) => {
				buffer += chunk;
				let end: number;
				while ((end = buffer.indexOf('\n\n')) !== -1) {
					const block = buffer.slice(0, end);
					buffer = buffer.slice(end + 2);
					const frame: SseFrame = { data: '' };
					for (const line of block.split('\n')) {
						const [field, ...rest] = line.split(': ');
						if (field === 'id') frame.id = rest.join(': ');
						if (field === 'event') frame.event = rest.join(': ');
						if (field === 'data') frame.data = rest.join(': ');
					}
					if (frame.event) frames.push(frame);
					if (until(frames)) return finish();
				}
			});
			res.on('end', finish);
		});
		const timer = setTimeout(() => {
			req.destroy();
			reject(new Error(`relay stream timed out; got ${JSON.stringify(frames).slice(0, 500)}`));
		}, timeoutMs);
		req.on('error', reject);
	});
}

export function hasExit(frames: SseFrame[]): boolean {
	return frames.some((f) => f.event === 'exit');
}

/** A fresh marker path: the command under test would create it if a shell ran it. */
export function markerPath(name: string): string {
	return path.join(mkdtempSync(path.join(tmpdir(), 'relay-marker-')), name);
}

/** A command that creates `marker` the moment it runs: proves whether anything was spawned. */
export function markerCommand(marker: string) {
	return {
		command: 'node',
		args: ['-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, 'spawned')`]
	};
}

export async function expectNoMarker(marker: string): Promise<boolean> {
	await new Promise((r) => setTimeout(r, 600)); // long enough for node -e to have run
	return !existsSync(marker);
}

/** The relay's watchdog names itself this (src/lib/server/relay/watchdog-process.js). */
export const WATCHDOG_TITLE = 'mcp-playground-watchdog';

function childProcesses(pid: number): { pid: number; args: string }[] {
	let out: string;
	try {
		out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(pid)], { encoding: 'utf8' });
	} catch {
		return []; // ps exits 1 when nothing matches
	}
	return out
		.split('\n')
		.map((line) => /^\s*(\d+)\s+(.*)$/.exec(line))
		.filter((m) => m !== null)
		.map((m) => ({ pid: Number(m[1]), args: m[2]! }));
}

/** pids whose parent is `pid`, not counting the server's own watchdog (it is no stdio server). */
export function childPids(pid: number): number[] {
	return childProcesses(pid)
		.filter((p) => !p.args.startsWith(WATCHDOG_TITLE))
		.map((p) => p.pid);
}

/**
 * The pids of the watchdogs the server `pid` started (one, when all is well), once one shows
 * its name: it takes a moment to boot after the server started it.
 */
export async function watchdogPids(pid: number): Promise<number[]> {
	const find = () =>
		childProcesses(pid)
			.filter((p) => p.args.startsWith(WATCHDOG_TITLE))
			.map((p) => p.pid);
	await waitFor(() => find().length > 0, 3_000);
	return find();
}

export function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

export async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
	const end = Date.now() + timeoutMs;
	while (Date.now() < end) {
		if (check()) return true;
		await new Promise((r) => setTimeout(r, 100));
	}
	return check();
}

export interface Playground {
	port: number;
	/** The host of the URL the launcher printed: 127.0.0.1, or [::1] for `--host ::1`. */
	urlHost: string;
	token: string;
	child: ChildProcess;
	stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts another playground through the launcher (e.g. hosted mode, short idle timeout, or
 * `launcherArgs` such as `--config <file>` and a command to pre-fill).
 */
export async function startPlayground(
	env: Record<string, string> = {},
	launcherArgs: string[] = []
): Promise<Playground> {
	const tokenFile = path.join(mkdtempSync(path.join(tmpdir(), 'relay-token-')), 'token');
	const args = ['src/cli/start.js', '--port', '0', '--no-open', '--print-token-file', tokenFile];
	const child = spawn(process.execPath, [...args, ...launcherArgs], {
		env: { ...process.env, ...env },
		stdio: ['ignore', 'pipe', 'inherit']
	});
	const lines = createInterface({ input: child.stdout! });
	let port = 0;
	let urlHost = '';
	for await (const line of lines) {
		const match = /http:\/\/(127\.0\.0\.1|\[::1\]):(\d+)\/#token=/.exec(line);
		if (match) {
			urlHost = match[1]!;
			port = Number(match[2]);
			break;
		}
	}
	if (!port) throw new Error('the playground did not start');
	lines.on('line', () => {}); // keep draining stdout
	const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
		if (child.exitCode !== null || child.signalCode !== null) return;
		const exited = new Promise((r) => child.once('exit', r));
		child.kill(signal);
		await exited;
	};
	return { port, urlHost, token: readFileSync(tokenFile, 'utf8'), child, stop };
}

/** Runs the launcher expecting it to refuse to start; resolves with its exit code and stderr. */
export async function launcherRefusal(
	env: Record<string, string>,
	launcherArgs: string[]
): Promise<{ code: number | null; stderr: string }> {
	const args = ['src/cli/start.js', '--port', '0', '--no-open', ...launcherArgs];
	const child = spawn(process.execPath, args, {
		env: { ...process.env, ...env },
		stdio: ['ignore', 'ignore', 'pipe']
	});
	let stderr = '';
	child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
	const timer = setTimeout(() => child.kill('SIGKILL'), 30_000); // it started after all
	const [code] = (await once(child, 'exit')) as [number | null];
	clearTimeout(timer);
	return { code, stderr };
}

/** `POST /api/relay` as the page would; resolves with the status and parsed body. */
export async function spawnViaRelay(
	port: number,
	token: string,
	body: Record<string, unknown>
): Promise<{ status: number; json: { id?: string; pid?: number; error?: string; hint?: string } }> {
	const res = await rawRequest(
		port,
		'POST',
		'/api/relay',
		pageHeaders(port, token),
		JSON.stringify(body)
	);
	return { status: res.status, json: res.body ? JSON.parse(res.body) : {} };
}
