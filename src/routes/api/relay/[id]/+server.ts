/**
 * One relay session: `GET` streams stdout/stderr/exit as SSE (resumable with `Last-Event-ID`),
 * `POST` writes one line to stdin, `DELETE` shuts the child down. Behind the /api guard. The
 * launcher serves GET and POST through fast-path.ts instead, with the same guard and answers.
 */
import type { RequestHandler } from './$types';
import { getSession } from '$lib/server/relay/registry';
import {
	answerResponse,
	maxStdinBytes,
	openRelayStream,
	SSE_HEADERS,
	tooLarge,
	unknownSession,
	writeStdinLine
} from '$lib/server/relay/http';

export const GET: RequestHandler = ({ params, request }) => {
	const session = getSession(params.id);
	if (!session) return answerResponse(unknownSession(params.id));
	let stop: (() => void) | undefined;
	const stream = new ReadableStream<Uint8Array>({
		start(controller) {
			const sink = {
				write: (frame: Buffer) => controller.enqueue(frame),
				end: () => controller.close()
			};
			stop = openRelayStream(session, sink, request.headers.get('last-event-id'));
		},
		cancel() {
			stop?.();
		}
	});
	return new Response(stream, { headers: SSE_HEADERS });
};

export const POST: RequestHandler = async ({ params, request }) => {
	const session = getSession(params.id);
	if (!session) return answerResponse(unknownSession(params.id));
	if (Number(request.headers.get('content-length') ?? 0) > maxStdinBytes()) {
		return answerResponse(tooLarge());
	}
	const line = await request.text();
	return answerResponse(writeStdinLine(session, line, Buffer.byteLength(line)));
};

export const DELETE: RequestHandler = ({ params }) => {
	const session = getSession(params.id);
	if (!session) return answerResponse(unknownSession(params.id));
	session.terminate();
	return new Response(null, { status: 204 });
};
