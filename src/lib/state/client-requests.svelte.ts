/**
 * Server-initiated work waiting for the user: elicitation and sampling requests. The core calls
 * the handlers (legacy server→client requests and modern `input_required` rounds alike); each
 * call queues a request and resolves when the user answers in the dialog, or rejects when the
 * server (or the client) abandons it through the abort signal.
 */
import type {
	CreateMessageParams,
	CreateMessageResult,
	ElicitRequestParams,
	ElicitResult,
	Root
} from '$lib/mcp/types';

interface PendingBase<R> {
	id: number;
	receivedAt: number;
	resolve(result: R): void;
	reject(error: Error): void;
}
export interface PendingElicitation extends PendingBase<ElicitResult> {
	kind: 'elicitation';
	params: ElicitRequestParams;
}
export interface PendingSampling extends PendingBase<CreateMessageResult> {
	kind: 'sampling';
	params: CreateMessageParams;
}
export type PendingRequest = PendingElicitation | PendingSampling;

export class ClientRequests {
	pending = $state.raw<PendingRequest[]>([]);
	roots = $state.raw<Root[]>([]);
	#nextId = 1;

	/** The request the dialog shows: the oldest one still waiting. */
	get current(): PendingRequest | undefined {
		return this.pending[0];
	}

	#enqueue<R>(
		build: (base: PendingBase<R>) => PendingRequest,
		signal: AbortSignal | undefined
	): Promise<R> {
		return new Promise<R>((resolve, reject) => {
			const id = this.#nextId++;
			const done = () => {
				this.pending = this.pending.filter((p) => p.id !== id);
				signal?.removeEventListener('abort', onAbort);
			};
			const onAbort = () => {
				done();
				reject(new Error('The server withdrew the request before it was answered.'));
			};
			if (signal?.aborted) return onAbort();
			signal?.addEventListener('abort', onAbort, { once: true });
			const base: PendingBase<R> = {
				id,
				receivedAt: Date.now(),
				resolve: (r) => (done(), resolve(r)),
				reject: (e) => (done(), reject(e))
			};
			this.pending = [...this.pending, build(base)];
		});
	}

	elicit(params: ElicitRequestParams, signal?: AbortSignal): Promise<ElicitResult> {
		return this.#enqueue<ElicitResult>(
			(base) =>
				({ ...(base as PendingBase<unknown>), kind: 'elicitation', params }) as PendingRequest,
			signal
		);
	}

	sample(params: CreateMessageParams, signal?: AbortSignal): Promise<CreateMessageResult> {
		return this.#enqueue<CreateMessageResult>(
			(base) => ({ ...(base as PendingBase<unknown>), kind: 'sampling', params }) as PendingRequest,
			signal
		);
	}

	/** Rejects everything still waiting (the connection closed). */
	abandonAll(reason: string): void {
		for (const p of this.pending) p.reject(new Error(reason));
		this.pending = [];
	}
}
