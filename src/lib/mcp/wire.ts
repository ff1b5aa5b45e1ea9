/**
 * The wire record: a typed event for everything observable on a connection. Transports and the
 * client emit these; the UI's WireLog stores them, the conformance harness may print them.
 * Every event is plain data (structured-clone and JSON safe).
 */
import type { JsonRpcMessage, RequestId } from './jsonrpc.js';
import type { FailureKind } from './errors.js';

interface WireBase {
	/** Monotonic sequence number, assigned by the emitter's `WireSink` wrapper. */
	seq?: number;
	/** `Date.now()` when the event happened. */
	time: number;
	/**
	 * The intermediary that carried the exchange instead of the page's own fetch (e.g. "the local
	 * proxy"); absent for direct connections. Set by whoever chose the intermediary, not transports.
	 */
	via?: string;
}

export interface HttpRequestEvent extends WireBase {
	type: 'http-request';
	/** Correlates the request with its `http-response` / `failure`. */
	exchangeId: string;
	method: string;
	url: string;
	headers: Record<string, string>;
	/** The body as sent (text), if any; may be truncated by the sink. */
	body?: string;
}

export interface HttpResponseEvent extends WireBase {
	type: 'http-response';
	exchangeId: string;
	status: number;
	statusText: string;
	/** Headers as the caller could see them (in a browser: only CORS-exposed ones). */
	headers: Record<string, string>;
	/** Milliseconds from request start to response headers. */
	durationMs: number;
	contentType?: string;
}

export interface HttpBodyEndEvent extends WireBase {
	type: 'http-body-end';
	exchangeId: string;
	/** Bytes read from the body. */
	bytes: number;
	/** Milliseconds from request start to the end of the body. */
	durationMs: number;
}

export interface SseEventRecord extends WireBase {
	type: 'sse-event';
	exchangeId: string;
	id?: string;
	event?: string;
	retry?: number;
	data: string;
}

export interface StdioLineEvent extends WireBase {
	type: 'stdio-line';
	stream: 'stdin' | 'stdout' | 'stderr';
	line: string;
}

export interface MessageEvent extends WireBase {
	type: 'message';
	direction: 'outgoing' | 'incoming';
	message: JsonRpcMessage;
	/** For responses: the request id they answer; for requests: their own id. */
	correlationId?: RequestId;
	/** `modern` (2026-07-28) or `legacy` (2025-11-25 and earlier). */
	era?: Era;
	/** The HTTP exchange that carried it, when there was one. */
	exchangeId?: string;
}

export interface FailureEvent extends WireBase {
	type: 'failure';
	kind: FailureKind;
	message: string;
	hint?: string;
	exchangeId?: string;
	url?: string;
	status?: number;
}

export interface InfoEvent extends WireBase {
	type: 'info';
	/** Human-readable: "Falling back to legacy initialize", "Reconnecting in 1000 ms", … */
	message: string;
}

export type WireEvent =
	| HttpRequestEvent
	| HttpResponseEvent
	| HttpBodyEndEvent
	| SseEventRecord
	| StdioLineEvent
	| MessageEvent
	| FailureEvent
	| InfoEvent;

/** Distributive Omit so callers can build events without `time`/`seq`. */
export type WireEventInit = WireEvent extends infer E
	? E extends WireEvent
		? Omit<E, 'time' | 'seq'> & { time?: number }
		: never
	: never;

export type WireSink = (event: WireEvent) => void;

export type Era = 'modern' | 'legacy';

let exchangeCounter = 0;
/** A short unique id for one HTTP exchange. */
export function newExchangeId(): string {
	exchangeCounter += 1;
	return `x${exchangeCounter.toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** Builds a function that stamps `time` and forwards to `sink` (a no-op when there is no sink). */
export function wireEmitter(sink: WireSink | undefined): (event: WireEventInit) => void {
	if (!sink) return () => {};
	return (event) => sink({ ...event, time: event.time ?? Date.now() } as WireEvent);
}
