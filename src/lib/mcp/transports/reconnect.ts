/**
 * Reconnection timing shared by the HTTP transports, and an abortable wait (so `close()` never
 * leaves a timer behind).
 */

export interface ReconnectOptions {
	/** Delay before the first reconnection when the server sent no `retry:`. Default 1000 ms. */
	initialDelayMs?: number;
	/** Upper bound of the backoff. Default 30 000 ms. */
	maxDelayMs?: number;
	/** Backoff factor per failed attempt. Default 1.5. */
	growFactor?: number;
	/** Consecutive attempts without receiving an event before giving up. Default 2. */
	maxRetries?: number;
}

export const DEFAULT_RECONNECT: Required<ReconnectOptions> = {
	initialDelayMs: 1000,
	maxDelayMs: 30_000,
	growFactor: 1.5,
	maxRetries: 2
};

/**
 * How long to wait before reconnection attempt `attempt` (0-based). A server-sent `retry:` wins:
 * SEP-1699 says the client waits exactly that long, so it is neither grown nor capped.
 */
export function reconnectDelay(
	options: Required<ReconnectOptions>,
	attempt: number,
	serverRetryMs: number | undefined
): number {
	if (serverRetryMs !== undefined) return serverRetryMs;
	const grown = options.initialDelayMs * options.growFactor ** attempt;
	return Math.min(grown, options.maxDelayMs);
}

/** Resolves after `ms`, or `false` at once when `signal` aborts (the timer is cleared). */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
	return new Promise((resolve) => {
		if (signal.aborted) return resolve(false);
		const onAbort = () => {
			clearTimeout(timer);
			resolve(false);
		};
		const timer = setTimeout(() => {
			signal.removeEventListener('abort', onAbort);
			resolve(true);
		}, ms);
		signal.addEventListener('abort', onAbort, { once: true });
	});
}
