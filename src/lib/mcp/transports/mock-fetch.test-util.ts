/**
 * Test-only: a scripted `fetch` for transport specs. Each request is recorded and answered by
 * the next handler; SSE bodies are split at awkward byte boundaries and honour the request's
 * abort signal like a real fetch body does.
 */
import { expect } from 'vitest';
import { TransportError } from '../errors.js';
import type { FetchLike } from '../transport.js';

export interface RecordedRequest {
	method: string;
	url: string;
	headers: Headers;
	body?: string;
	signal?: AbortSignal;
}

export type Handler = (request: RecordedRequest) => Response | Promise<Response>;

const encoder = new TextEncoder();

export interface ScriptedFetch {
	fetch: FetchLike;
	requests: RecordedRequest[];
	/** Answers the next request; handlers are used in order. */
	on(handler: Handler): void;
}

export function scriptedFetch(): ScriptedFetch {
	const requests: RecordedRequest[] = [];
	const handlers: Handler[] = [];
	const fetch: FetchLike = async (input, init) => {
		const request: RecordedRequest = {
			method: init?.method ?? 'GET',
			url: String(input),
			headers: new Headers(init?.headers),
			body: typeof init?.body === 'string' ? init.body : undefined,
			signal: init?.signal ?? undefined
		};
		requests.push(request);
		const handler = handlers.shift();
		if (!handler) throw new Error(`No scripted answer for ${request.method} ${request.url}`);
		if (request.signal?.aborted) throw new DOMException('aborted', 'AbortError');
		return handler(request);
	};
	return { fetch, requests, on: (handler) => handlers.push(handler) };
}

export interface StreamControl {
	stream: ReadableStream<Uint8Array>;
	push(text: string): void;
	end(): void;
	fail(error: Error): void;
	cancelled: () => boolean;
}

/** A body the test writes to, split into chunks of `chunkSize` bytes; aborts with `signal`. */
export function controlledStream(signal?: AbortSignal, chunkSize = 3): StreamControl {
	let controller!: ReadableStreamDefaultController<Uint8Array>;
	let cancelled = false;
	let closed = false;
	const stream = new ReadableStream<Uint8Array>({
		start: (c) => void (controller = c),
		cancel: () => void (cancelled = true)
	});
	const close = (how: () => void) => {
		if (closed) return;
		closed = true;
		how();
	};
	signal?.addEventListener('abort', () =>
		close(() => controller.error(new DOMException('aborted', 'AbortError')))
	);
	return {
		stream,
		push(text) {
			const bytes = encoder.encode(text);
			for (let i = 0; i < bytes.length; i += chunkSize)
				controller.enqueue(bytes.slice(i, i + chunkSize));
		},
		end: () => close(() => controller.close()),
		fail: (error) => close(() => controller.error(error)),
		cancelled: () => cancelled
	};
}

/** A body that delivers `text` in chunks cut at `size` bytes (mid-line, mid-character). */
export function chunked(text: string, size: number): ReadableStream<Uint8Array> {
	const bytes = encoder.encode(text);
	let offset = 0;
	return new ReadableStream({
		pull(controller) {
			if (offset >= bytes.length) return controller.close();
			controller.enqueue(bytes.slice(offset, offset + size));
			offset += size;
		}
	});
}

export function sse(
	stream: ReadableStream<Uint8Array>,
	headers: Record<string, string> = {}
): Response {
	return new Response(stream, {
		status: 200,
		headers: { 'Content-Type': 'text/event-stream', ...headers }
	});
}

export function json(body: unknown, init: ResponseInit = {}): Response {
	const headers = {
		'Content-Type': 'application/json',
		...(init.headers as Record<string, string>)
	};
	return new Response(JSON.stringify(body), { status: 200, ...init, headers });
}

export function sseText(text: string, signal?: AbortSignal): Response {
	const control = controlledStream(signal);
	control.push(text);
	control.end();
	return sse(control.stream);
}

export const event = (data: unknown, id?: string) =>
	`${id === undefined ? '' : `id: ${id}\n`}data: ${JSON.stringify(data)}\n\n`;

/** Lets queued promise callbacks and stream pulls run. */
export async function flush(times = 20): Promise<void> {
	for (let i = 0; i < times; i++) await Promise.resolve();
}

/** The `TransportError` a promise rejects with; the test fails if it resolves or throws another. */
export async function rejection(promise: Promise<unknown>): Promise<TransportError> {
	const error = await promise.then(
		() => undefined,
		(e: unknown) => e
	);
	expect(error).toBeInstanceOf(TransportError);
	return error as TransportError;
}
