/**
 * The console of a stdio server: what it printed on stderr (logging, per the spec: "stderr is
 * logging, not an error"), the stdout lines that were not protocol messages (flagged, with the
 * line number), and when it started and ended. Fed from the wire sink, so it shows exactly what
 * the relay delivered.
 */
import type { WireEvent } from '$lib/mcp/wire';
import type { RelayExitInfo } from '$lib/mcp/transports/relay';

export interface ConsoleLine {
	id: number;
	time: number;
	/** `stdout` only for lines that were not JSON-RPC; `event` for start/exit markers. */
	stream: 'stderr' | 'stdout' | 'event';
	line: string;
	/** For flagged stdout lines: what is wrong and where. */
	warning?: string;
}

const MAX_LINES = 2000;

/** "exited with code 1", "was killed by SIGKILL", or why it could not run. */
export function describeExit(exit: RelayExitInfo): string {
	if (exit.error) return `could not run: ${exit.error}`;
	return exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
}

/** A clean, deliberate ending (code 0) is not a crash; everything else is. */
export function isCrash(exit: RelayExitInfo): boolean {
	return exit.error !== undefined || exit.signal !== null || exit.code !== 0;
}

export class StdioConsole {
	lines = $state.raw<ConsoleLine[]>([]);
	#nextId = 0;
	#pending: ConsoleLine[] = [];
	/** stdout lines seen since the process started, numbered like the relay's warnings. */
	#stdoutCount = 0;
	/** The stdout line just delivered, in case the transport flags it right after. */
	#lastStdout: string | undefined;

	/** Looks at every wire event; keeps the ones a console shows. */
	observe(event: WireEvent): void {
		if (event.type === 'stdio-line') {
			this.#lastStdout = undefined;
			if (event.stream === 'stderr') this.#add('stderr', event.line, event.time);
			else if (event.stream === 'stdout') {
				this.#stdoutCount += 1;
				this.#lastStdout = event.line;
			}
			return;
		}
		// RelayTransport reports a non-protocol stdout line synchronously after emitting it.
		if (
			event.type === 'failure' &&
			(event.kind === 'bad-json' || event.kind === 'protocol') &&
			this.#lastStdout !== undefined
		) {
			const warning = `stdout line ${this.#stdoutCount} is not a JSON-RPC message. ${event.hint ?? ''}`;
			this.#add('stdout', this.#lastStdout, event.time, warning.trim());
		}
		this.#lastStdout = undefined;
	}

	/** Marks a new process in the console (line numbers start again). */
	started(label: string, pid: number | undefined): void {
		this.#stdoutCount = 0;
		this.#add('event', `Started ${label}${pid === undefined ? '' : ` (pid ${pid})`}`, Date.now());
	}

	exited(exit: RelayExitInfo): void {
		this.#add('event', `The process ${describeExit(exit)}.`, Date.now());
	}

	clear(): void {
		this.#pending = [];
		this.lines = [];
	}

	#add(stream: ConsoleLine['stream'], line: string, time: number, warning?: string): void {
		this.#pending.push({ id: ++this.#nextId, time, stream, line, warning });
		// A chatty server can print thousands of lines per second: publish at most once per frame.
		if (this.#pending.length === 1) requestFrame(() => this.#flush());
	}

	#flush(): void {
		const fresh = this.#pending;
		this.#pending = [];
		this.lines = [...this.lines, ...fresh].slice(-MAX_LINES);
	}
}

function requestFrame(fn: () => void): void {
	if (typeof requestAnimationFrame === 'function') requestAnimationFrame(fn);
	else setTimeout(fn, 0);
}
