/**
 * Hand-written MCP over raw `fetch`, so the servers-*.spec.ts files prove the test servers work
 * independently of our client. Deliberately minimal: it is a probe, not a client.
 */

export const MODERN_VERSION = '2026-07-28';

export const CLIENT_META = {
	'io.modelcontextprotocol/protocolVersion': MODERN_VERSION,
	'io.modelcontextprotocol/clientCapabilities': {
		elicitation: { form: {} },
		sampling: {},
		roots: {}
	},
	'io.modelcontextprotocol/clientInfo': { name: 'raw-probe', version: '1.0.0' }
};

export type JsonObject = Record<string, unknown>;

let nextId = 1;

/** Headers a 2026-07-28 request needs: version, Mcp-Method, Mcp-Name where the spec says. */
export function modernHeaders(method: string, params: JsonObject): Record<string, string> {
	const headers: Record<string, string> = {
		'content-type': 'application/json',
		accept: 'application/json, text/event-stream',
		'mcp-protocol-version': MODERN_VERSION,
		'mcp-method': method
	};
	const name = method === 'resources/read' ? params.uri : params.name;
	if (typeof name === 'string') headers['mcp-name'] = name;
	return headers;
}

/** POSTs one modern-era request; `extraHeaders` may override or add (e.g. Mcp-Param-*). */
export async function postModern(
	url: string,
	method: string,
	params: JsonObject = {},
	extraHeaders: Record<string, string> = {},
	signal?: AbortSignal
): Promise<Response> {
	const meta = { ...CLIENT_META, ...((params._meta as JsonObject | undefined) ?? {}) };
	const body = { jsonrpc: '2.0', id: nextId++, method, params: { ...params, _meta: meta } };
	return fetch(url, {
		method: 'POST',
		headers: { ...modernHeaders(method, params), ...extraHeaders },
		body: JSON.stringify(body),
		signal
	});
}

/** The headers of a JSON-RPC POST before the modern era (no version or method headers). */
export const JSON_POST_HEADERS = {
	'content-type': 'application/json',
	accept: 'application/json, text/event-stream'
};

/** A 2025-11-25 `initialize` request, as a legacy-era client opens a session. */
export const LEGACY_INITIALIZE = {
	jsonrpc: '2.0',
	id: 1,
	method: 'initialize',
	params: {
		protocolVersion: '2025-11-25',
		capabilities: {},
		clientInfo: { name: 'raw-probe', version: '1.0.0' }
	}
};

/** POSTs `LEGACY_INITIALIZE`; `extraHeaders` add to the JSON headers (e.g. `Origin`). */
export function postLegacyInitialize(
	url: string,
	extraHeaders: Record<string, string> = {}
): Promise<Response> {
	return fetch(url, {
		method: 'POST',
		headers: { ...JSON_POST_HEADERS, ...extraHeaders },
		body: JSON.stringify(LEGACY_INITIALIZE)
	});
}

/** Every JSON-RPC message in a response, whether it is JSON or an SSE stream. */
export async function messagesOf(response: Response): Promise<JsonObject[]> {
	if (!(response.headers.get('content-type') ?? '').includes('text/event-stream')) {
		return [(await response.json()) as JsonObject];
	}
	const out: JsonObject[] = [];
	for await (const event of sseEvents(response)) if (event.data) out.push(JSON.parse(event.data));
	return out;
}

/** The final response message's `result`; throws with the error when there is none. */
export async function resultOf(response: Response): Promise<JsonObject> {
	const messages = await messagesOf(response);
	const last = messages.at(-1);
	if (!last || !('result' in last)) throw new Error(`no result: ${JSON.stringify(messages)}`);
	return last.result as JsonObject;
}

export async function callModern(url: string, method: string, params: JsonObject = {}) {
	return resultOf(await postModern(url, method, params));
}

export interface RawSseEvent {
	event?: string;
	id?: string;
	data: string;
}

/** A tiny SSE reader (fields event/id/data; comments skipped). */
export async function* sseEvents(response: Response): AsyncGenerator<RawSseEvent> {
	if (!response.body) return;
	const decoder = new TextDecoder();
	let buffer = '';
	for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
		buffer += decoder.decode(chunk, { stream: true }).replace(/\r\n?/g, '\n');
		let end: number;
		while ((end = buffer.indexOf('\n\n')) >= 0) {
			const block = buffer.slice(0, end);
			buffer = buffer.slice(end + 2);
			const event = parseBlock(block);
			if (event) yield event;
		}
	}
}

function parseBlock(block: string): RawSseEvent | undefined {
	const event: RawSseEvent = { data: '' };
	const data: string[] = [];
	let sawField = false;
	for (const line of block.split('\n')) {
		if (line === '' || line.startsWith(':')) continue;
		sawField = true;
		const colon = line.indexOf(':');
		const field = colon < 0 ? line : line.slice(0, colon);
		const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
		if (field === 'data') data.push(value);
		else if (field === 'event') event.event = value;
		else if (field === 'id') event.id = value;
	}
	event.data = data.join('\n');
	return sawField ? event : undefined;
}

/** Waits until `check` passes or the time is up. */
export async function eventually(check: () => boolean, timeoutMs = 5000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error('condition not met in time');
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
}
