/**
 * One relay session: `GET` streams stdout/stderr/exit as SSE (resumable with `Last-Event-ID`),
 * `POST` writes one line to stdin, `DELETE` shuts the child down. Behind the /api guard.
 */
import type { RequestHandler } from './$types';
import { getConfig } from '$lib/server/config';
import { getSession } from '$lib/server/relay/registry';
import type { RelayReader } from '$lib/server/relay/session';
import { errorResponse, unknownSession } from '$lib/server/relay/http';

/** Refuse new stdin data while this much is still unread by the child. */
const MAX_PENDING_STDIN = 64 * 1024 * 1024;

export const GET: RequestHandler = ({ params, request }) => {
	const session = getSession(params.id);
	if (!session) return unknownSession(params.id);
	const lastEventId = Number.parseInt(request.headers.get('last-event-id') ?? '0', 10) || 0;
	let reader: RelayReader | undefined;
	const stream = new ReadableStream<Uint8Array>({
		start(controller) {
			let open = true;
			reader = {
				send: (frame) => {
					if (open) controller.enqueue(frame);
				},
				close: () => {
					if (open) controller.close();
					open = false;
				}
			};
			// A first byte now, so the response headers go out before the child says anything.
			controller.enqueue(new TextEncoder().encode(': relay session ' + session.id + '\n\n'));
			session.attach(reader, lastEventId);
		},
		cancel() {
			if (reader) session.detach(reader);
		}
	});
	return new Response(stream, {
		headers: {
			'content-type': 'text/event-stream',
			'cache-control': 'no-store',
			'x-accel-buffering': 'no'
		}
	});
};

export const POST: RequestHandler = async ({ params, request }) => {
	const session = getSession(params.id);
	if (!session) return unknownSession(params.id);
	const max = getConfig().relay.maxStdinBytes;
	if (Number(request.headers.get('content-length') ?? 0) > max) {
		return errorResponse(413, `A stdin message may be at most ${max} bytes.`);
	}
	const line = await request.text();
	if (Buffer.byteLength(line) > max) {
		return errorResponse(413, `A stdin message may be at most ${max} bytes.`);
	}
	// stdio framing: "Messages are delimited by newlines, and MUST NOT contain embedded newlines."
	if (line.includes('\n') || line.includes('\r')) {
		return errorResponse(400, 'A stdin message must be one line: it contains a line break.');
	}
	if (session.pendingStdinBytes > MAX_PENDING_STDIN) {
		return errorResponse(503, 'The server is not reading its stdin; try again later.');
	}
	if (session.write(line) === 'exited') {
		return errorResponse(410, 'The stdio server has exited; its stdin is closed.');
	}
	return new Response(null, { status: 202 });
};

export const DELETE: RequestHandler = ({ params }) => {
	const session = getSession(params.id);
	if (!session) return unknownSession(params.id);
	session.terminate();
	return new Response(null, { status: 204 });
};
