/**
 * A scripted fake server behind a `Transport`, for unit specs of the client: each request method
 * gets a handler returning a result, an error, or nothing (no answer — for timeouts). Everything
 * the client sent is recorded with its `SendOptions`, so specs can check ids, `_meta`, headers
 * and abort signals.
 */
import type { JsonRpcErrorObject, JsonRpcMessage, JsonRpcRequest } from './jsonrpc.js';
import type { SendOptions, Transport } from './transport.js';
import type { Era } from './wire.js';

export type Reply =
	| { result: Record<string, unknown> }
	| { error: JsonRpcErrorObject }
	| { reject: Error }
	| undefined;
export type Handler = (request: JsonRpcRequest, peer: FakePeer) => Reply | Promise<Reply>;

export class FakePeer implements Transport {
	onmessage?: (message: JsonRpcMessage) => void;
	onerror?: (error: Error) => void;
	onclose?: () => void;
	readonly sent: { message: JsonRpcMessage; options?: SendOptions }[] = [];
	readonly versions: [string, Era][] = [];
	handlers = new Map<string, Handler>();
	closed = false;

	constructor(handlers: Record<string, Handler> = {}) {
		for (const [method, handler] of Object.entries(handlers)) this.handlers.set(method, handler);
	}

	async start(): Promise<void> {}

	setProtocolVersion(version: string, era: Era): void {
		this.versions.push([version, era]);
	}

	async send(message: JsonRpcMessage, options?: SendOptions): Promise<void> {
		if (this.closed) throw new Error('closed');
		this.sent.push({ message, options });
		if (!('method' in message) || !('id' in message)) return;
		const handler = this.handlers.get(message.method);
		const reply = handler
			? await handler(message, this)
			: { error: { code: -32601, message: `Method not found: ${message.method}` } };
		if (reply && 'reject' in reply) throw reply.reject;
		if (reply) queueMicrotask(() => this.deliver({ jsonrpc: '2.0', id: message.id, ...reply }));
	}

	/** Pushes a message from the "server" to the client. */
	deliver(message: JsonRpcMessage): void {
		if (!this.closed) this.onmessage?.(message);
	}

	async close(): Promise<void> {
		if (this.closed) return;
		this.closed = true;
		this.onclose?.();
	}

	/** Requests the client sent, optionally for one method. */
	requests(method?: string): JsonRpcRequest[] {
		return this.sent
			.map((s) => s.message)
			.filter((m): m is JsonRpcRequest => 'id' in m && 'method' in m)
			.filter((m) => method === undefined || m.method === method);
	}

	/** Notifications the client sent, optionally for one method. */
	notifications(method?: string): JsonRpcMessage[] {
		return this.sent
			.map((s) => s.message)
			.filter((m) => 'method' in m && !('id' in m))
			.filter((m) => method === undefined || ('method' in m && m.method === method));
	}
}

export const MODERN_DISCOVER: Handler = () => ({
	result: {
		resultType: 'complete',
		supportedVersions: ['2026-07-28'],
		capabilities: { tools: {} },
		serverInfo: { name: 'fake', version: '1' },
		ttlMs: 0,
		cacheScope: 'private'
	}
});

export const LEGACY_INITIALIZE: Handler = (request) => ({
	result: {
		protocolVersion: request.params?.protocolVersion,
		capabilities: { tools: {}, logging: {} },
		serverInfo: { name: 'fake-legacy', version: '1' }
	}
});

/** Lets queued microtasks and promise chains run. */
export async function flush(): Promise<void> {
	for (let i = 0; i < 10; i++) await Promise.resolve();
}
