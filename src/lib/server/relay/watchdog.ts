/**
 * The server's side of the relay watchdog (watchdog-process.js): started once per server, told
 * about every child's process group as it starts and ends. It is what kills the children when
 * the server is killed too hard to run its own shutdown handlers (SIGKILL, OOM).
 *
 * It must neither keep the server alive (the process and its pipe are unref'd) nor be taken
 * down with it: it gets a session of its own (`detached`), so a Ctrl+C, a terminal hang-up or a
 * kill of the server's whole process group leaves it to do its one job.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import source from './watchdog-process.js?raw';

// On globalThis, not in module state: `vite dev` re-evaluates server modules on change, and a
// second watchdog would only duplicate the first.
const KEY = Symbol.for('mcp-playground.relay-watchdog');
type Holder = { [KEY]?: ChildProcess };
const holder = globalThis as Holder;

/** Starts the watchdog unless one runs already. `graceMs`: SIGTERM → SIGKILL, as for sessions. */
export function startWatchdog(graceMs: number): void {
	if (holder[KEY]) return;
	const env: Record<string, string> = { PLAYGROUND_WATCHDOG_GRACE_MS: String(graceMs) };
	if (process.env.SYSTEMROOT) env.SYSTEMROOT = process.env.SYSTEMROOT; // Node needs it on Windows
	const child = spawn(process.execPath, ['-e', source], {
		stdio: ['pipe', 'ignore', 'ignore'],
		detached: true,
		env,
		windowsHide: true
	});
	holder[KEY] = child;
	child.stdin!.on('error', () => {}); // it died: the 'exit' handler says so
	child.on('error', (error) => warnGone(child, `could not start: ${error.message}`));
	child.on('exit', (code, signal) => warnGone(child, `exited (${signal ?? `code ${code}`})`));
	child.unref();
	(child.stdin as Socket).unref();
}

function warnGone(child: ChildProcess, what: string): void {
	if (holder[KEY] !== child) return;
	delete holder[KEY];
	console.warn(
		`mcp-playground: the relay watchdog ${what}; stdio servers will not be cleaned up if this server is killed with SIGKILL.`
	);
}

function tell(line: string): void {
	const stdin = holder[KEY]?.stdin;
	if (stdin && !stdin.destroyed) stdin.write(line + '\n');
}

/** A child started as the leader of process group `pid`. */
export function watchGroup(pid: number): void {
	tell(`+${pid}`);
}

/**
 * Group `pid` got its last SIGKILL after its leader was reaped: once the group is empty its id
 * may belong to an unrelated process, so the watchdog must never signal it again.
 */
export function unwatchGroup(pid: number): void {
	tell(`-${pid}`);
}
