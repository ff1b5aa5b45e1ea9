/**
 * The stream limit and read-error mapping shared by the JSON and SSE body readers, apart from
 * sse.ts so that reading a JSON answer does not load the SSE parser (eventsource-parser): the
 * Streamable HTTP transport imports sse.ts only when a response is an event stream.
 */
import { TransportError } from './errors.js';

/**
 * 32 MiB. Large enough for a tool result carrying a few big images as base64; small enough that
 * a runaway or hostile server cannot make a browser tab hold hundreds of MB in one string
 * (peers hang on large payloads: Inspector #2407). Callers can raise it per transport.
 */
export const DEFAULT_MAX_MESSAGE_SIZE = 32 * 1024 * 1024;

/** Maps a failed `reader.read()` (connection reset, abort) to a TransportError. */
export function streamReadError(error: unknown, url: string | undefined): TransportError {
	if (error instanceof TransportError) return error;
	const aborted = error instanceof Error && error.name === 'AbortError';
	return new TransportError({
		kind: aborted ? 'aborted' : 'network',
		message: aborted
			? 'The stream was closed by the client.'
			: `The connection dropped while reading the response stream${url ? ` from ${url}` : ''}.`,
		url,
		cause: error
	});
}
