/**
 * Pure helpers that turn wire events into what the wire view shows: a category for filtering,
 * a one-line summary, sizes, and "copy as curl".
 */
import type { WireEvent } from '$lib/mcp/wire';

export type WireCategory = 'message' | 'http' | 'sse' | 'stdio' | 'failure' | 'info';
export const WIRE_CATEGORIES: WireCategory[] = [
	'message',
	'http',
	'sse',
	'stdio',
	'failure',
	'info'
];

export function entryCategory(event: WireEvent): WireCategory {
	switch (event.type) {
		case 'message':
			return 'message';
		case 'http-request':
		case 'http-response':
		case 'http-body-end':
			return 'http';
		case 'sse-event':
			return 'sse';
		case 'stdio-line':
			return 'stdio';
		case 'failure':
			return 'failure';
		default:
			return 'info';
	}
}

function messageLabel(message: Record<string, unknown>): string {
	const id = message.id === undefined ? '' : ` #${String(message.id)}`;
	if (typeof message.method === 'string') {
		const kind = message.id === undefined ? 'notification' : 'request';
		return `${kind} ${message.method}${id}`;
	}
	if (message.error && typeof message.error === 'object') {
		const error = message.error as { code?: unknown; message?: unknown };
		return `error${id} ${String(error.code)} ${String(error.message)}`;
	}
	return `result${id}`;
}

/** A one-line description of an event, at most `max` characters. */
export function entrySummary(event: WireEvent, max = 300): string {
	let text: string;
	switch (event.type) {
		case 'message': {
			const arrow = event.direction === 'outgoing' ? '→' : '←';
			const message = event.message as unknown as Record<string, unknown>;
			const body = message.params ?? message.result ?? message.error;
			text = `${arrow} ${messageLabel(message)} ${body === undefined ? '' : compactJson(body, max)}`;
			break;
		}
		case 'http-request':
			text = `${event.method} ${event.url}`;
			break;
		case 'http-response':
			text = `${event.status} ${event.statusText} ${event.contentType ?? ''} (${Math.round(event.durationMs)} ms)`;
			break;
		case 'http-body-end':
			text = `body ended: ${formatBytes(event.bytes)} in ${Math.round(event.durationMs)} ms`;
			break;
		case 'sse-event':
			text = `SSE${event.event ? ` ${event.event}` : ''}${event.id ? ` id=${event.id}` : ''}${event.retry !== undefined ? ` retry=${event.retry}` : ''} ${event.data}`;
			break;
		case 'stdio-line':
			text = `${event.stream}: ${event.line}`;
			break;
		case 'failure':
			text = `${event.kind} failure: ${event.message}`;
			break;
		case 'info':
			text = event.message;
			break;
	}
	if (event.via && event.type !== 'info') text = `[via ${event.via}] ${text}`;
	return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * JSON text of `value`, stopping once `max` characters are produced — a 10 MB result must not
 * be stringified whole just to show one line of it.
 */
export function compactJson(value: unknown, max: number): string {
	const out: string[] = [];
	let length = 0;
	const push = (text: string) => {
		out.push(text);
		length += text.length;
	};
	const walk = (v: unknown, depth: number): void => {
		if (length >= max) return;
		if (v === null || typeof v !== 'object') {
			const text =
				typeof v === 'string' && v.length > max
					? JSON.stringify(v.slice(0, max))
					: JSON.stringify(v);
			return push(text ?? 'null');
		}
		if (depth > 20) return push('…');
		const isArray = Array.isArray(v);
		push(isArray ? '[' : '{');
		const keys = isArray ? v.map((_, i) => i) : Object.keys(v);
		keys.forEach((k, i) => {
			if (length >= max) return;
			if (i) push(',');
			if (!isArray) push(`${JSON.stringify(k)}:`);
			walk((v as Record<string | number, unknown>)[k], depth + 1);
		});
		push(isArray ? ']' : '}');
	};
	walk(value, 0);
	const text = out.join('');
	return text.length > max ? text.slice(0, max) : text;
}

/**
 * Indented JSON of `value` for display, at most `max` characters: built from the bounded
 * `compactJson`, and indented only when it is complete — a 10 MB result is never stringified
 * whole just to show its start.
 */
export function previewJson(value: unknown, max: number): string {
	const compact = compactJson(value, max);
	if (compact.length >= max) return compact;
	try {
		return JSON.stringify(JSON.parse(compact), null, 2);
	} catch {
		return compact;
	}
}

export function formatBytes(bytes: number): string {
	if (bytes < 1024) return `${bytes} B`;
	if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
	return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** POSIX shell single-quoting: the only character needing care inside '…' is ' itself. */
export function shellQuote(value: string): string {
	return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * A curl command that repeats an HTTP request as it was sent. Browser-controlled headers
 * (Origin, User-Agent…) are not in the record, so the command is what the page asked for.
 */
export function toCurl(event: Extract<WireEvent, { type: 'http-request' }>): string {
	const parts = ['curl', '-X', event.method, shellQuote(event.url)];
	for (const [name, value] of Object.entries(event.headers)) {
		parts.push('-H', shellQuote(`${name}: ${value}`));
	}
	if (event.body !== undefined) parts.push('--data-raw', shellQuote(event.body));
	return parts.join(' ');
}

/**
 * A count with thousands separators ("50,000"). Not `toLocaleString()`: its first call in a page
 * loads the ICU number-formatting data, an 80 ms task that landed between the tools/list answer
 * and the tools appearing (bench:ui, page load → tools listed).
 */
export function formatCount(n: number): string {
	return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function formatTime(time: number): string {
	const date = new Date(time);
	const pad = (n: number, w = 2) => String(n).padStart(w, '0');
	return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}
