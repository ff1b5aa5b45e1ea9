/**
 * One line per wire event for the widget's minimal wire view. It keeps what the transports guide
 * points at: the HTTP method and URL (SSE's two URLs), the response's content type (JSON or an
 * event stream), the session id, SSE event ids, and the JSON-RPC method or result.
 */
import type { WireEvent } from '$lib/mcp/wire';

export interface WireLine {
	seq: number;
	/** `→` sent, `←` received, `·` information, `✕` failure. */
	arrow: '→' | '←' | '·' | '✕';
	text: string;
	/** The full record, pretty-printed and capped, for a details toggle. */
	detail: string;
}

const DETAIL_LIMIT = 4000;
const SESSION = 'mcp-session-id';

function header(headers: Record<string, string>, name: string): string | undefined {
	const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
	return key ? headers[key] : undefined;
}

function path(url: string): string {
	try {
		const u = new URL(url);
		return `${u.pathname}${u.search}`;
	} catch {
		return url;
	}
}

function messageText(event: Extract<WireEvent, { type: 'message' }>): string {
	const m = event.message as unknown as Record<string, unknown>;
	if (typeof m.method === 'string') return m.id === undefined ? m.method : `${m.method} #${m.id}`;
	if ('error' in m) {
		const error = m.error as { code?: unknown; message?: unknown };
		return `error #${String(m.id)} ${String(error.code)}: ${String(error.message)}`;
	}
	return `result #${String(m.id)}`;
}

function lineText(event: WireEvent): Pick<WireLine, 'arrow' | 'text'> {
	switch (event.type) {
		case 'http-request': {
			const session = header(event.headers, SESSION);
			return {
				arrow: '→',
				text: `HTTP ${event.method} ${path(event.url)}${session ? ` (Mcp-Session-Id ${session})` : ''}`
			};
		}
		case 'http-response': {
			const session = header(event.headers, SESSION);
			const type = event.contentType ? ` ${event.contentType.split(';')[0]}` : '';
			const sid = session ? `, Mcp-Session-Id ${session}` : '';
			return { arrow: '←', text: `HTTP ${event.status}${type} (${event.durationMs} ms${sid})` };
		}
		case 'sse-event':
			return {
				arrow: '←',
				text: `SSE event${event.event ? ` "${event.event}"` : ''}${event.id ? ` id ${event.id}` : ''}${event.event === 'endpoint' ? `: ${event.data}` : ''}`
			};
		case 'message':
			return { arrow: event.direction === 'outgoing' ? '→' : '←', text: messageText(event) };
		case 'failure':
			return { arrow: '✕', text: `${event.message}${event.hint ? ` — ${event.hint}` : ''}` };
		case 'info':
			return { arrow: '·', text: event.message };
		case 'http-body-end':
			return { arrow: '←', text: `body ended (${event.bytes} bytes)` };
		case 'stdio-line':
			return {
				arrow: event.stream === 'stdin' ? '→' : '←',
				text: `${event.stream}: ${event.line}`
			};
	}
}

/** A line for `event`; `seq` numbers lines when the emitter did not. */
export function wireLine(event: WireEvent, seq: number): WireLine {
	const json = JSON.stringify(event, null, 2) ?? '';
	return {
		seq: event.seq ?? seq,
		...lineText(event),
		detail: json.length > DETAIL_LIMIT ? `${json.slice(0, DETAIL_LIMIT)}\n… (truncated)` : json
	};
}
