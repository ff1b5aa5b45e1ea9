/**
 * The parts of the relay's HTTP handling shared by the SvelteKit routes and the launcher's fast
 * path (fast-path.ts), so both answer identically.
 */
import { getConfig } from '../config.js';
import type { RelayReader, RelaySession } from './session.js';
import { SpawnRequestError } from './spawn-request.js';

export interface RelayAnswer {
	status: number;
	error?: string;
	hint?: string;
}

export function jsonResponse(status: number, body: unknown): Response {
	return new Response(JSON.stringify(body), {
		status,
		headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }
	});
}

/** Error bodies are `{error, hint?}`: what failed and what to do about it. */
export function errorResponse(status: number, error: string, hint?: string): Response {
	return jsonResponse(status, hint ? { error, hint } : { error });
}

export function answerResponse(answer: RelayAnswer): Response {
	return answer.error
		? errorResponse(answer.status, answer.error, answer.hint)
		: new Response(null, { status: answer.status });
}

export function spawnErrorResponse(error: unknown): Response {
	if (error instanceof SpawnRequestError) {
		return errorResponse(error.status, error.message, error.hint);
	}
	throw error;
}

export function unknownSession(id: string): RelayAnswer {
	return {
		status: 404,
		error: `No relay session "${id}".`,
		hint: 'The server exited or was idle too long and was cleaned up; connect again.'
	};
}

/** Refuse new stdin data while this much is still unread by the child. */
const MAX_PENDING_STDIN = 64 * 1024 * 1024;

export function maxStdinBytes(): number {
	return getConfig().relay.maxStdinBytes;
}

export function tooLarge(): RelayAnswer {
	return { status: 413, error: `A stdin message may be at most ${maxStdinBytes()} bytes.` };
}

/** Writes one stdin line (`POST /api/relay/{id}`) and says how to answer. */
export function writeStdinLine(session: RelaySession, line: string, bytes: number): RelayAnswer {
	if (bytes > maxStdinBytes()) return tooLarge();
	// stdio framing: "Messages are delimited by newlines, and MUST NOT contain embedded newlines."
	if (line.includes('\n') || line.includes('\r')) {
		return { status: 400, error: 'A stdin message must be one line: it contains a line break.' };
	}
	if (session.pendingStdinBytes > MAX_PENDING_STDIN) {
		return { status: 503, error: 'The server is not reading its stdin; try again later.' };
	}
	if (session.write(line) === 'exited') {
		return { status: 410, error: 'The stdio server has exited; its stdin is closed.' };
	}
	return { status: 202 };
}

export const SSE_HEADERS = {
	'content-type': 'text/event-stream',
	'cache-control': 'no-store',
	'x-accel-buffering': 'no'
};

/** The first bytes of a stream, so the response headers go out before the child says anything. */
export function streamPreamble(session: RelaySession): Buffer {
	return Buffer.from(`: relay session ${session.id}\n\n`);
}

export function lastEventIdFrom(header: string | null | undefined): number {
	return Number.parseInt(header ?? '0', 10) || 0;
}

/** Where an SSE response's bytes go: a Node `ServerResponse` or a web stream's controller. */
export interface FrameSink {
	write(frame: Buffer): void;
	end(): void;
}

/**
 * Starts one SSE reader (`GET /api/relay/{id}`): the preamble, then what the session holds after
 * `Last-Event-ID`, then live frames until the child exits. Returns what to call when the client
 * goes away. The sink is never written after it ended or after the client left (writing to a
 * closed web stream throws).
 */
export function openRelayStream(
	session: RelaySession,
	sink: FrameSink,
	lastEventIdHeader: string | null | undefined
): () => void {
	let open = true;
	const reader: RelayReader = {
		send: (frame) => {
			if (open) sink.write(frame);
		},
		close: () => {
			if (open) sink.end();
			open = false;
		}
	};
	sink.write(streamPreamble(session));
	session.attach(reader, lastEventIdFrom(lastEventIdHeader));
	return () => {
		open = false;
		session.detach(reader);
	};
}
