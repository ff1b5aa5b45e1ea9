/**
 * Modern era subscriptions (2026-07-28): `subscriptions/listen` opens a long-lived stream; the
 * server's first message on it MUST be `notifications/subscriptions/acknowledged`, and every
 * notification on it carries `_meta["io.modelcontextprotocol/subscriptionId"]` = the listen
 * request's id. Closing the subscription = aborting the request (closing the stream).
 */
import { TransportError } from './errors.js';
import type { JsonRpcNotification, RequestId } from './jsonrpc.js';
import type { RequestOptions } from './session.js';
import type { Subscription, SubscriptionFilter } from './types.js';

const SUBSCRIPTION_ID = 'io.modelcontextprotocol/subscriptionId';

type ListenSend = (
	params: Record<string, unknown>,
	options: RequestOptions
) => Promise<Record<string, unknown>>;
type OnNotification = (fn: (n: JsonRpcNotification) => void) => () => void;

export async function listen(
	send: ListenSend,
	onNotification: OnNotification,
	filter: SubscriptionFilter,
	options: { signal?: AbortSignal; ackTimeoutMs?: number }
): Promise<Subscription> {
	const stop = new AbortController();
	const forward = () => stop.abort(options.signal?.reason);
	options.signal?.addEventListener('abort', forward, { once: true });
	let requestId: RequestId | undefined;
	let unsubscribe = () => {};
	let timer: ReturnType<typeof setTimeout> | undefined;
	const acknowledged = new Promise<SubscriptionFilter>((resolve, reject) => {
		unsubscribe = onNotification((n) => {
			const meta = n.params?._meta as Record<string, unknown> | undefined;
			if (n.method !== 'notifications/subscriptions/acknowledged') return;
			if (requestId === undefined || meta?.[SUBSCRIPTION_ID] !== requestId) return;
			resolve((n.params?.notifications ?? {}) as SubscriptionFilter);
		});
		// The stream stays open until closed: no idle timeout, only the acknowledgement deadline.
		const streamOptions = {
			signal: stop.signal,
			timeoutMs: Infinity,
			maxTotalTimeoutMs: Infinity,
			onRequestId: (id: RequestId) => (requestId = id)
		};
		send({ notifications: filter }, streamOptions).then(
			() => reject(new Error('The server ended the subscription before acknowledging it')),
			reject
		);
		const ackMs = options.ackTimeoutMs ?? 30_000;
		timer = setTimeout(() => {
			const message = `subscriptions/listen was not acknowledged within ${ackMs} ms`;
			reject(new TransportError({ kind: 'timeout', message }));
		}, ackMs);
	});
	try {
		const agreed = await acknowledged;
		return {
			id: requestId as RequestId,
			acknowledged: agreed,
			close: async () => {
				options.signal?.removeEventListener('abort', forward);
				stop.abort('subscription closed');
			}
		};
	} catch (error) {
		stop.abort(error);
		throw error;
	} finally {
		clearTimeout(timer);
		unsubscribe();
	}
}
