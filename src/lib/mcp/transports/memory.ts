/**
 * A linked pair of in-memory transports for tests: what one side sends, the other receives.
 * Delivery is asynchronous (a microtask later), like a real transport, so code that only works
 * when replies arrive synchronously fails here too. Closing either side closes both.
 */
import { TransportError } from '../errors.js';
import type { JsonRpcMessage } from '../jsonrpc.js';
import type { SendOptions, Transport } from '../transport.js';
import { wireEmitter, type Era, type WireSink } from '../wire.js';

export class MemoryTransport implements Transport {
	onmessage?: (message: JsonRpcMessage) => void;
	onerror?: (error: Error) => void;
	onclose?: () => void;
	wire?: WireSink;

	#peer?: MemoryTransport;
	#closed = false;
	#era?: Era;
	/** Messages that arrived before `start()`, delivered by it. */
	#inbox: JsonRpcMessage[] = [];
	#started = false;
	/** What `setProtocolVersion` was told, for assertions. */
	protocolVersion?: string;

	/** Links two transports. Use `createMemoryTransportPair()`. */
	static link(a: MemoryTransport, b: MemoryTransport): void {
		a.#peer = b;
		b.#peer = a;
	}

	async start(): Promise<void> {
		if (this.#closed) throw closedError();
		this.#started = true;
		for (const message of this.#inbox.splice(0)) this.#receive(message);
	}

	setProtocolVersion(version: string, era: Era): void {
		this.protocolVersion = version;
		this.#era = era;
	}

	async send(message: JsonRpcMessage, options: SendOptions = {}): Promise<void> {
		if (this.#closed || !this.#peer) throw closedError();
		if (options.signal?.aborted) {
			throw new TransportError({ kind: 'aborted', message: 'The request was cancelled.' });
		}
		wireEmitter(this.wire)({ type: 'message', direction: 'outgoing', message, era: this.#era });
		// A copy, as a real transport would give: the receiver must not share the sender's objects.
		const copy = structuredClone(message);
		const peer = this.#peer;
		queueMicrotask(() => peer.#accept(copy));
	}

	async close(): Promise<void> {
		if (this.#closed) return;
		this.#closed = true;
		const peer = this.#peer;
		this.#peer = undefined;
		this.onclose?.();
		await peer?.close();
	}

	#accept(message: JsonRpcMessage): void {
		if (this.#closed) return;
		if (this.#started) this.#receive(message);
		else this.#inbox.push(message);
	}

	#receive(message: JsonRpcMessage): void {
		wireEmitter(this.wire)({ type: 'message', direction: 'incoming', message, era: this.#era });
		this.onmessage?.(message);
	}
}

function closedError(): TransportError {
	return new TransportError({ kind: 'aborted', message: 'The in-memory connection is closed.' });
}

/** `[clientSide, serverSide]`, linked. */
export function createMemoryTransportPair(): [MemoryTransport, MemoryTransport] {
	const a = new MemoryTransport();
	const b = new MemoryTransport();
	MemoryTransport.link(a, b);
	return [a, b];
}
