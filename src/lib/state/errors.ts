/**
 * Turns whatever the core threw into what the UI shows: a sentence saying what failed and,
 * when known, what to change. Transport errors carry their own hint; JSON-RPC errors their code.
 */
import { isTransportError } from '$lib/mcp/errors';
import { McpError } from '$lib/mcp/jsonrpc';

export interface ErrorView {
	message: string;
	hint?: string;
	code?: number;
	status?: number;
	kind?: string;
	/** Each attempt's own message, when several failed (connect(): Streamable HTTP, then HTTP+SSE). */
	details?: string[];
}

/** Nested AggregateErrors are unwrapped this deep, no deeper (a hostile cycle cannot loop). */
const MAX_DEPTH = 4;

export function describeError(error: unknown, depth = 0): ErrorView {
	if (error instanceof AggregateError && depth < MAX_DEPTH) return describeAggregate(error, depth);
	if (isTransportError(error)) {
		return { message: error.message, hint: error.hint, status: error.status, kind: error.kind };
	}
	if (error instanceof McpError) {
		return { message: `${error.message} (JSON-RPC error ${error.code})`, code: error.code };
	}
	if (error instanceof Error) {
		if (error.name === 'AbortError') return { message: 'Cancelled.', kind: 'aborted' };
		return { message: error.message || error.name };
	}
	return { message: String(error) };
}

/**
 * `connect()` throws an AggregateError when every transport failed. The first attempt usually
 * says most (a wrong URL is 404 for both), so its kind, status and hint describe the whole; the
 * message names every attempt's failure.
 */
function describeAggregate(error: AggregateError, depth: number): ErrorView {
	const inner = [...error.errors].map((e) => describeError(e, depth + 1));
	const first = inner[0];
	if (!first) return { message: error.message || 'Every attempt failed, without a reason.' };
	const details = inner.map((view) => view.message);
	const listed = error.message && details.every((m) => error.message.includes(m));
	return {
		message: listed ? error.message : [error.message, ...details].filter(Boolean).join(' — '),
		hint: first.hint ?? inner.find((view) => view.hint)?.hint,
		code: first.code,
		status: first.status,
		kind: first.kind,
		details
	};
}

export function isAbort(error: unknown): boolean {
	return (
		(isTransportError(error) && error.kind === 'aborted') ||
		(error instanceof Error && error.name === 'AbortError')
	);
}
