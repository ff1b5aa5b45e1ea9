/**
 * One user-initiated request in flight (a tool call, a read, a prompt get): its progress, its
 * result or error, and a Cancel that aborts it (the core turns the abort into
 * `notifications/cancelled` for legacy servers and a closed stream for modern ones).
 */
import type { Progress } from '$lib/mcp/types';
import { describeError, isAbort, type ErrorView } from './errors';
import type { History } from './history.svelte';

export type OperationStatus = 'running' | 'done' | 'error' | 'cancelled';

export interface OperationContext {
	signal: AbortSignal;
	onprogress: (progress: Progress) => void;
}

export class Operation<T> {
	status = $state<OperationStatus>('running');
	progress = $state.raw<Progress | undefined>(undefined);
	/** `$state.raw`: results can be megabytes and are replaced whole, never mutated. */
	result = $state.raw<T | undefined>(undefined);
	error = $state.raw<ErrorView | undefined>(undefined);
	durationMs = $state<number | undefined>(undefined);
	readonly startedAt = Date.now();
	#controller = new AbortController();
	#record: ((outcome: 'ok' | 'error' | 'cancelled', detail?: string) => void) | undefined;

	constructor(
		readonly method: string,
		readonly params: Record<string, unknown>,
		run: (ctx: OperationContext) => Promise<T>,
		history?: History,
		target?: string
	) {
		const record = (this.#record = history?.start(method, params, target));
		const started = performance.now();
		run({ signal: this.#controller.signal, onprogress: (p) => (this.progress = p) }).then(
			(result) => {
				if (this.status !== 'running') return;
				this.result = result;
				this.status = 'done';
				this.durationMs = Math.round(performance.now() - started);
				const failed = (result as { isError?: unknown } | undefined)?.isError === true;
				record?.(failed ? 'error' : 'ok', failed ? 'Tool reported an error (isError)' : undefined);
			},
			(error: unknown) => {
				if (this.status !== 'running') return;
				this.durationMs = Math.round(performance.now() - started);
				if (isAbort(error) || this.#controller.signal.aborted) {
					this.status = 'cancelled';
					record?.('cancelled');
					return;
				}
				this.error = describeError(error);
				this.status = 'error';
				record?.('error', this.error.message);
			}
		);
	}

	get running(): boolean {
		return this.status === 'running';
	}

	cancel(): void {
		if (this.status !== 'running') return;
		this.status = 'cancelled';
		this.durationMs = Date.now() - this.startedAt;
		this.#controller.abort();
		this.#record?.('cancelled');
	}
}
