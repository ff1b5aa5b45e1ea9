/**
 * When the CORS doctor steps in after a failed connection. CORS never announces itself: the
 * browser turns a CORS failure into a bare `TypeError` (kind `cors` when the server is seen to be up,
 * `network` when it is not, or cannot be told — the doctor runs for both), and
 * a header the server did not expose shows up one step later (the session id was invisible, so
 * the next request was refused). So this reads what a failed connect threw — including the
 * errors inside `connect()`'s AggregateError — and says whether to run the doctor at once (the
 * failure is one CORS causes) or only to offer it.
 */
import { isTransportError, type TransportError } from '$lib/mcp/errors';

export interface DoctorTrigger {
	/** Run at once (true) or show a "Run the CORS doctor" button (false). */
	auto: boolean;
	/** Why the doctor is here, in one sentence. */
	reason: string;
}

/** Every TransportError in `error`, its AggregateError members and its causes (bounded depth). */
export function transportErrors(error: unknown, depth = 0): TransportError[] {
	if (depth > 4 || error === null || typeof error !== 'object') return [];
	const found: TransportError[] = isTransportError(error) ? [error] : [];
	if (error instanceof AggregateError) {
		for (const inner of error.errors) found.push(...transportErrors(inner, depth + 1));
	}
	const cause = (error as { cause?: unknown }).cause;
	if (cause !== undefined) found.push(...transportErrors(cause, depth + 1));
	return [...new Set(found)];
}

const hasHeader = (e: TransportError, name: string) =>
	Object.keys(e.headers ?? {}).some((h) => h.toLowerCase() === name);

function triggerFor(e: TransportError): DoctorTrigger | undefined {
	if (e.kind === 'network' || e.kind === 'cors') {
		return {
			auto: true,
			reason:
				'The browser failed the request with a bare TypeError and no status: that is what a CORS refusal looks like (or an unreachable server). The doctor finds out which.'
		};
	}
	if (e.kind !== 'http') return undefined;
	if (e.status === 400 || (e.status === 404 && !e.sessionExpired)) {
		return {
			auto: true,
			reason: `The server refused a request with ${e.status}. If it sent Mcp-Session-Id without listing it in Access-Control-Expose-Headers, the page could not read the session id and the next request went out without it.`
		};
	}
	if (e.status === 401 && !hasHeader(e, 'www-authenticate')) {
		return {
			auto: true,
			reason:
				'The server answered 401, but the page could not see a WWW-Authenticate header: either the server sent none or it is not exposed through CORS.'
		};
	}
	if (e.status === 403) {
		return {
			auto: true,
			reason:
				"The server answered 403: MCP servers must refuse origins they do not allow, so this page's origin may be missing from its allow-list."
		};
	}
	return undefined;
}

/** What to do about a failed HTTP connection; undefined when it was cancelled. */
export function doctorTrigger(error: unknown): DoctorTrigger | undefined {
	const errors = transportErrors(error);
	if (errors.some((e) => e.kind === 'aborted')) return undefined;
	if (error instanceof Error && error.name === 'AbortError') return undefined;
	for (const e of errors) {
		const trigger = triggerFor(e);
		if (trigger) return trigger;
	}
	return {
		auto: false,
		reason:
			'The connection failed for a reason that does not look like CORS. The doctor can still check what this server sends a browser.'
	};
}
