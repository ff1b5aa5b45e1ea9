/** The `endpoint` event of the 2024-11-05 HTTP+SSE transport, and the failures around it. */
import { TransportError } from '../errors.js';

/**
 * The POST URL from an `endpoint` event, resolved against the SSE URL. A different origin is
 * refused: POSTs carry the user's headers (often `Authorization`) and must not go elsewhere.
 */
export function resolveEndpoint(data: string, sseUrl: string): string {
	let endpoint: URL;
	try {
		endpoint = new URL(data.trim(), sseUrl);
	} catch (cause) {
		throw new TransportError({
			kind: 'protocol',
			message: `The endpoint event's data "${data.slice(0, 200)}" is not a URL.`,
			url: sseUrl,
			cause
		});
	}
	if (endpoint.origin !== new URL(sseUrl).origin) {
		throw new TransportError({
			kind: 'protocol',
			message: `The server's endpoint event points to another origin (${endpoint.origin}); refusing to send messages (and credentials) there.`,
			hint: 'An HTTP+SSE server must accept POSTs on the origin of its SSE URL.',
			url: sseUrl
		});
	}
	return endpoint.href;
}

export function endpointTimeoutError(url: string, ms: number): TransportError {
	return new TransportError({
		kind: 'timeout',
		message: `The SSE stream at ${url} sent no endpoint event within ${ms} ms.`,
		hint: 'An HTTP+SSE (2024-11-05) server sends "event: endpoint" first. This URL may be a Streamable HTTP endpoint or not MCP at all.',
		url
	});
}

export function noEndpointError(url: string): TransportError {
	return new TransportError({
		kind: 'protocol',
		message: `The SSE stream at ${url} ended before the endpoint event.`,
		hint: 'An HTTP+SSE (2024-11-05) server keeps the GET stream open and sends "event: endpoint" first.',
		url
	});
}

export function reopenFailedError(url: string, attempts: number): TransportError {
	return new TransportError({
		kind: 'network',
		message: `The SSE stream at ${url} dropped and could not be reopened after ${attempts} attempts.`,
		hint: 'The server may have restarted or gone away; reconnect to start a new session.',
		url
	});
}
