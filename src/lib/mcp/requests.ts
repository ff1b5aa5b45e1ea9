/**
 * The pending-request map: the ONE place where responses are matched to requests. It owns every
 * request timer, so `rejectAll` (on close) leaves nothing behind.
 *
 * Timeouts: "Implementations SHOULD establish timeouts for all sent requests" and "MAY choose to
 * reset the timeout clock when receiving a progress notification … SHOULD always enforce a
 * maximum timeout, regardless of progress notifications" (basic/lifecycle, Timeouts).
 */
import { ErrorCode, McpError, type JsonRpcResponse, type RequestId } from './jsonrpc.js';
import type { Progress, ProgressToken } from './types.js';

export interface PendingOptions {
	method: string;
	/** Idle timeout; reset by progress. `Infinity` or 0 disables it (long-lived listen streams). */
	timeoutMs: number;
	/** Hard cap from the start, never extended by progress. */
	maxTotalTimeoutMs?: number;
	progressToken?: ProgressToken;
	onprogress?: (progress: Progress) => void;
	/** Called once when the request gives up (timeout/abort) so the owner can cancel on the wire. */
	onGiveUp?: (reason: McpError) => void;
}

interface Pending {
	options: PendingOptions;
	resolve: (result: Record<string, unknown>) => void;
	reject: (error: unknown) => void;
	idleTimer?: ReturnType<typeof setTimeout>;
	capTimer?: ReturnType<typeof setTimeout>;
}

function armable(ms: number | undefined): ms is number {
	return ms !== undefined && ms > 0 && Number.isFinite(ms);
}

export class PendingRequests {
	#pending = new Map<RequestId, Pending>();
	#byToken = new Map<ProgressToken, RequestId>();

	get size(): number {
		return this.#pending.size;
	}

	has(id: RequestId): boolean {
		return this.#pending.has(id);
	}

	/** Registers `id` and returns the promise of its result. Register BEFORE sending. */
	add(id: RequestId, options: PendingOptions): Promise<Record<string, unknown>> {
		if (this.#pending.has(id)) throw new Error(`Request id ${String(id)} is already pending`);
		return new Promise((resolve, reject) => {
			const entry: Pending = { options, resolve, reject };
			this.#pending.set(id, entry);
			if (options.progressToken !== undefined) this.#byToken.set(options.progressToken, id);
			this.#armIdle(id, entry);
			if (armable(options.maxTotalTimeoutMs)) {
				const cap = options.maxTotalTimeoutMs;
				entry.capTimer = setTimeout(() => this.#timeout(id, cap, true), cap);
			}
		});
	}

	/** Settles the request a response answers. Returns false for an unknown id (late or foreign). */
	settle(response: JsonRpcResponse): boolean {
		if (response.id === null) return false;
		const entry = this.#take(response.id);
		if (!entry) return false;
		if ('error' in response) entry.reject(McpError.fromObject(response.error));
		else entry.resolve(response.result);
		return true;
	}

	/** Routes a progress notification; resets the idle timer. False when no request owns the token. */
	progress(token: ProgressToken, progress: Progress): boolean {
		const id = this.#byToken.get(token);
		const entry = id === undefined ? undefined : this.#pending.get(id);
		if (id === undefined || !entry) return false;
		this.#armIdle(id, entry);
		entry.options.onprogress?.(progress);
		return true;
	}

	/** Rejects one request (abort, send failure). Returns false when it was already settled. */
	reject(id: RequestId, error: unknown): boolean {
		const entry = this.#take(id);
		if (!entry) return false;
		entry.reject(error);
		return true;
	}

	/** Rejects every pending request and clears every timer (close). */
	rejectAll(error: unknown): void {
		for (const id of [...this.#pending.keys()]) this.reject(id, error);
	}

	#armIdle(id: RequestId, entry: Pending): void {
		if (entry.idleTimer) clearTimeout(entry.idleTimer);
		const ms = entry.options.timeoutMs;
		if (armable(ms)) entry.idleTimer = setTimeout(() => this.#timeout(id, ms, false), ms);
	}

	#timeout(id: RequestId, ms: number, cap: boolean): void {
		const entry = this.#take(id);
		if (!entry) return;
		const what = cap ? 'maximum total time' : 'time without a response or progress';
		const error = new McpError(
			ErrorCode.RequestTimeout,
			`${entry.options.method} timed out after ${ms} ms (${what}). ` +
				'The server may be slow or stuck; raise the request timeout or check the server.',
			{ timeoutMs: ms }
		);
		entry.options.onGiveUp?.(error);
		entry.reject(error);
	}

	#take(id: RequestId): Pending | undefined {
		const entry = this.#pending.get(id);
		if (!entry) return undefined;
		this.#pending.delete(id);
		if (entry.options.progressToken !== undefined)
			this.#byToken.delete(entry.options.progressToken);
		if (entry.idleTimer) clearTimeout(entry.idleTimer);
		if (entry.capTimer) clearTimeout(entry.capTimer);
		return entry;
	}
}
