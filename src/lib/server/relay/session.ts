/**
 * One relay session: a child process and the SSE readers watching it. The relay is a transparent
 * line pipe — stdout lines go out exactly as printed — with three additions a user needs: a
 * warning when stdout carries something that is not a protocol message, an error when a line is
 * too long to hold, and the exit code/signal with the last stderr lines.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { RelayLimits } from '../config.js';
import { Backlog, formatFrame, lineFrame } from './events.js';
import { LineSplitter } from './lines.js';
import type { PreparedSpawn } from './spawn-request.js';
import { unwatchGroup, watchGroup } from './watchdog.js';

export interface RelayReader {
	send(frame: Buffer): void;
	close(): void;
}

export interface ExitInfo {
	code: number | null;
	signal: string | null;
	/** Last stderr lines, so a crash report needs no scrollback. */
	stderrTail: string[];
	error?: string;
}

const STDERR_TAIL = 20;
const MAX_WARNINGS = 20;
const HEARTBEAT_MS = 15_000;
const useProcessGroup = process.platform !== 'win32';

/** True when the line's first and last non-blank characters are `{` and `}` (no copy made). */
export function looksLikeJsonObject(line: string): boolean {
	let start = 0;
	let end = line.length - 1;
	while (start <= end && isBlank(line.charCodeAt(start))) start++;
	while (end > start && isBlank(line.charCodeAt(end))) end--;
	return start < end && line.charCodeAt(start) === 0x7b && line.charCodeAt(end) === 0x7d;
}

function isBlank(code: number): boolean {
	return code === 0x20 || code === 0x09 || code === 0x0d || code === 0x0a;
}

export class RelaySession {
	readonly id: string;
	readonly child: ChildProcess;
	#limits: RelayLimits;
	#backlog: Backlog;
	#nextId = 1;
	#readers = new Set<RelayReader>();
	#stderrTail: string[] = [];
	#stdoutLines = 0;
	#warnings = 0;
	#idleTimer: NodeJS.Timeout | undefined;
	#heartbeat: NodeJS.Timeout | undefined;
	#killTimers: NodeJS.Timeout[] = [];
	#terminating = false;
	/** The leader has been reaped ('exit'): its pid, the group's id, is no longer ours to keep. */
	#leaderExited = false;
	/** The group got its last SIGKILL; it is never signalled again (its id may be reused). */
	#groupReleased = false;
	#splitters: LineSplitter[] = [];
	#exit: ExitInfo | undefined;
	#onGone: (session: RelaySession) => void;

	constructor(
		id: string,
		prepared: PreparedSpawn,
		limits: RelayLimits,
		onGone: (s: RelaySession) => void
	) {
		this.id = id;
		this.#limits = limits;
		this.#backlog = new Backlog(limits.backlogBytes);
		this.#onGone = onGone;
		// No shell: `args` reach the program literally. A process group of its own lets us signal
		// grandchildren too (npx → sh → node), so nothing is orphaned.
		this.child = spawn(prepared.file, prepared.args, {
			argv0: prepared.argv0,
			cwd: prepared.cwd,
			env: prepared.env,
			stdio: ['pipe', 'pipe', 'pipe'],
			shell: false,
			detached: useProcessGroup,
			windowsHide: true
		});
		// Synchronously, before anything can go wrong: the watchdog kills this group if the
		// server dies without running its own handlers.
		if (this.child.pid !== undefined) watchGroup(this.child.pid);
		this.#wire();
		this.#armIdle();
	}

	/** Resolves once the process is running; rejects with the spawn error (EACCES, ENOENT…). */
	started(): Promise<void> {
		return new Promise((resolve, reject) => {
			if (this.child.pid !== undefined) return resolve();
			this.child.once('spawn', () => resolve());
			this.child.once('error', reject);
		});
	}

	get exited(): boolean {
		return this.#exit !== undefined;
	}

	#wire(): void {
		const { maxLineBytes } = this.#limits;
		const out = new LineSplitter(
			maxLineBytes,
			(l) => this.#stdout(l),
			(n) => this.#tooLong('stdout', n)
		);
		const err = new LineSplitter(
			maxLineBytes,
			(l) => this.#stderr(l),
			(n) => this.#tooLong('stderr', n)
		);
		this.child.stdout!.on('data', (chunk: Buffer) => out.push(chunk));
		this.child.stderr!.on('data', (chunk: Buffer) => err.push(chunk));
		this.#splitters = [out, err];
		this.child.stdout!.once('end', () => out.end());
		this.child.stderr!.once('end', () => err.end());
		// A child that exits while we write gets EPIPE; the exit event reports what happened.
		this.child.stdin!.on('error', () => {});
		this.child.on('error', (error) => {
			if (this.child.pid === undefined) this.#finish(null, null, error.message);
		});
		this.child.once('exit', (code, signal) => this.#leaderReaped(code, signal));
		this.child.on('close', (code, signal) => this.#finish(code, signal));
	}

	/**
	 * The leader was reaped, so the group's id (its pid) is free for reuse as soon as the group is
	 * empty; from here every signal to it risks hitting an unrelated process. Grandchildren still
	 * in the group get the grace period, then one last SIGKILL, and the group is released for
	 * good. 'close' waits for stdout/stderr to drain, which a grandchild that left the group
	 * (setsid) can hold open forever: if it has not come another grace period later, the exit is
	 * reported anyway so the page learns of it.
	 */
	#leaderReaped(code: number | null, signal: NodeJS.Signals | null): void {
		this.#leaderExited = true;
		const grace = this.#limits.graceMs;
		this.#killTimers.push(setTimeout(() => this.#releaseGroup(), grace));
		this.#killTimers.push(setTimeout(() => this.#abandonStdio(code, signal), grace * 2));
	}

	/** The group's last signal: SIGKILL, then neither this session nor the watchdog signals it. */
	#releaseGroup(): void {
		if (this.#groupReleased) return;
		this.#signal('SIGKILL');
		this.#groupReleased = true;
		if (this.child.pid !== undefined) unwatchGroup(this.child.pid);
	}

	/** Stops waiting for 'close': whoever still holds stdout/stderr is outside our group. */
	#abandonStdio(code: number | null, signal: NodeJS.Signals | null): void {
		if (this.#exit) return;
		for (const stream of [this.child.stdin, this.child.stdout, this.child.stderr])
			stream?.destroy();
		for (const splitter of this.#splitters) splitter.end();
		this.#finish(code, signal);
	}

	#push(frame: (id: number) => Buffer): number {
		const id = this.#nextId++;
		const event = { id, frame: frame(id) };
		this.#backlog.push(event);
		for (const reader of this.#readers) reader.send(event.frame);
		return id;
	}

	#stdout(line: string): void {
		this.#stdoutLines += 1;
		const eventId = this.#push((id) => lineFrame(id, 'stdout', line));
		// Cheap shape test on the hot path; the page does the real JSON parse anyway.
		if (!looksLikeJsonObject(line)) this.#warnNonJson(line, eventId);
	}

	#warnNonJson(line: string, eventId: number): void {
		this.#warnings += 1;
		if (this.#warnings > MAX_WARNINGS + 1) return;
		const message =
			this.#warnings > MAX_WARNINGS
				? 'More non-JSON stdout lines follow; further warnings are suppressed.'
				: `stdout line ${this.#stdoutLines} is not a JSON-RPC message: a stdio server must print only protocol messages on stdout and send logs to stderr.`;
		const data = { message, stream: 'stdout', eventId, line: line.slice(0, 200) };
		this.#push((id) => formatFrame(id, 'warning', JSON.stringify(data)));
	}

	#stderr(line: string): void {
		this.#stderrTail.push(line);
		if (this.#stderrTail.length > STDERR_TAIL) this.#stderrTail.shift();
		this.#push((id) => lineFrame(id, 'stderr', line));
	}

	#tooLong(stream: 'stdout' | 'stderr', bytes: number): void {
		const data = {
			stream,
			bytes,
			message: `A ${stream} line of ${bytes} bytes exceeded the relay's limit of ${this.#limits.maxLineBytes} bytes and was dropped.`
		};
		this.#push((id) => formatFrame(id, 'error', JSON.stringify(data)));
	}

	#finish(code: number | null, signal: string | null, error?: string): void {
		if (this.#exit) return;
		this.#exit = { code, signal, stderrTail: [...this.#stderrTail] };
		if (error) this.#exit.error = error;
		const data = JSON.stringify(this.#exit);
		this.#push((id) => formatFrame(id, 'exit', data));
		for (const timer of this.#killTimers) clearTimeout(timer);
		// The group may still hold grandchildren that ignored the parent's death.
		this.#releaseGroup();
		for (const reader of this.#readers) reader.close();
		this.#readers.clear();
		this.#armIdle(); // keep the backlog for a late reader, then forget the session
	}

	/**
	 * Attaches an SSE reader, first replaying what it missed after `lastEventId` (0 = everything
	 * still held). When events were dropped from the backlog, a `warning` says how many.
	 */
	attach(reader: RelayReader, lastEventId: number): void {
		const first = this.#backlog.firstId;
		if (first !== undefined && lastEventId + 1 < first) {
			const lost = { message: `${first - lastEventId - 1} earlier events are no longer held.` };
			reader.send(formatFrame(first - 1, 'warning', JSON.stringify(lost)));
		}
		for (const event of this.#backlog.after(lastEventId)) reader.send(event.frame);
		if (this.#exit) return reader.close();
		this.#readers.add(reader);
		clearTimeout(this.#idleTimer);
		this.#heartbeat ??= setInterval(() => this.#beat(), HEARTBEAT_MS).unref();
	}

	detach(reader: RelayReader): void {
		this.#readers.delete(reader);
		if (this.#readers.size === 0) this.#armIdle();
	}

	#beat(): void {
		const comment = Buffer.from(': keep-alive\n\n');
		for (const reader of this.#readers) reader.send(comment);
	}

	#armIdle(): void {
		if (this.#readers.size > 0) return;
		clearInterval(this.#heartbeat);
		this.#heartbeat = undefined;
		clearTimeout(this.#idleTimer);
		this.#idleTimer = setTimeout(() => {
			if (this.#exit) this.#onGone(this);
			else this.terminate();
		}, this.#limits.idleMs);
		this.#idleTimer.unref();
	}

	/** Writes one line to stdin. The caller has checked it holds no newline. */
	write(line: string): 'ok' | 'exited' {
		const stdin = this.child.stdin;
		if (this.#exit || !stdin || stdin.destroyed || stdin.writableEnded) return 'exited';
		stdin.write(line + '\n');
		return 'ok';
	}

	/** Bytes written to stdin that the child has not read yet (backpressure). */
	get pendingStdinBytes(): number {
		return this.child.stdin?.writableLength ?? 0;
	}

	/**
	 * The stdio shutdown sequence: close stdin, give the server time to exit, SIGTERM, and
	 * SIGKILL after a grace period. Idempotent; the `exit` event reports the outcome.
	 */
	terminate(): void {
		// Once the leader is reaped, its 'exit' handling has scheduled all the group will get.
		if (this.#exit || this.#leaderExited || this.#terminating) return;
		this.#terminating = true;
		this.child.stdin?.end();
		const grace = this.#limits.graceMs;
		this.#killTimers.push(setTimeout(() => this.#signal('SIGTERM'), grace));
		this.#killTimers.push(setTimeout(() => this.#signal('SIGKILL'), grace * 3));
	}

	/**
	 * Sends `signal` to the child's whole process group (or the child alone on Windows), unless
	 * the group has been released (see #leaderReaped).
	 */
	#signal(signal: NodeJS.Signals): void {
		const pid = this.child.pid;
		if (pid === undefined || this.#groupReleased) return;
		try {
			if (useProcessGroup) process.kill(-pid, signal);
			else this.child.kill(signal);
		} catch {
			// Already gone.
		}
	}

	/**
	 * Synchronous last resort for process exit. After the leader was reaped this is the group's
	 * last SIGKILL (sent early), so the watchdog is told to forget it too.
	 */
	killNow(): void {
		if (this.#leaderExited) this.#releaseGroup();
		else this.#signal('SIGKILL');
	}
}
