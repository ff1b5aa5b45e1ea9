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
}

export function describeError(error: unknown): ErrorView {
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

export function isAbort(error: unknown): boolean {
	return (
		(isTransportError(error) && error.kind === 'aborted') ||
		(error instanceof Error && error.name === 'AbortError')
	);
}
