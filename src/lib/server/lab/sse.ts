/**
 * The lab's HTTP+SSE server: the 2024-11-05 transport (deprecated, still deployed), with CORS
 * right for the playground's origin. `GET /sse` opens an event stream whose first event,
 * `endpoint`, names the URL to POST messages to (`/messages?sessionId=…`); each POST is answered
 * `202 Accepted` and the server's answer travels on the stream as a `message` event. The SDK's
 * McpServer speaks MCP (SDK v2 has no SSE server transport); `SseSessionTransport` only moves
 * messages. One session per stream: when the stream closes, the session is dropped.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
	parseJSONRPCMessage,
	type JSONRPCMessage,
	type Transport
} from '@modelcontextprotocol/server';
import { buildServer, jsonRpcError, readJson } from './mcp.js';
import { serve } from './server.js';

export const SSE_PATH = '/sse';
export const MESSAGES_PATH = '/messages';

/** One GET stream is one session: McpServer's messages go out on it as `message` events. */
class SseSessionTransport implements Transport {
	onmessage?: Transport['onmessage'];
	onclose?: () => void;
	onerror?: (error: Error) => void;
	readonly sessionId = randomUUID();
	#closed = false;

	/** `dropped` runs once, when the stream closed (either side) or `close()` was called. */
	constructor(
		readonly res: ServerResponse,
		private readonly dropped: () => void
	) {}

	/** Sends the stream's headers and then the `endpoint` event, which must come first. */
	async start(): Promise<void> {
		this.res.writeHead(200, {
			'content-type': 'text/event-stream',
			'cache-control': 'no-cache, no-transform',
			connection: 'keep-alive'
		});
		this.#event('endpoint', `${MESSAGES_PATH}?sessionId=${this.sessionId}`);
		this.res.on('close', () => this.#finish());
	}

	async send(message: JSONRPCMessage): Promise<void> {
		if (this.#closed) throw new Error(`The SSE stream of session ${this.sessionId} is closed.`);
		this.#event('message', JSON.stringify(message));
	}

	/** A message the client POSTed to this session's endpoint. */
	receive(message: JSONRPCMessage): void {
		this.onmessage?.(message);
	}

	async close(): Promise<void> {
		this.res.end();
		this.#finish();
	}

	// JSON.stringify never emits a raw newline, so every message is one `data:` line.
	#event(name: string, data: string): void {
		this.res.write(`event: ${name}\ndata: ${data}\n\n`);
	}

	#finish(): void {
		if (this.#closed) return;
		this.#closed = true;
		this.dropped();
		this.onclose?.();
	}
}

/** Parses a POST body into one JSON-RPC message, or writes the 400 that says what is wrong. */
async function readMessage(
	req: IncomingMessage,
	res: ServerResponse
): Promise<JSONRPCMessage | undefined> {
	let body: unknown;
	try {
		body = await readJson(req);
	} catch (error) {
		jsonRpcError(
			res,
			400,
			`Parse error: the body is not JSON (${(error as Error).message})`,
			-32700
		);
		return undefined;
	}
	try {
		return parseJSONRPCMessage(body);
	} catch {
		jsonRpcError(
			res,
			400,
			'Invalid Request: the body is JSON but not a JSON-RPC 2.0 message',
			-32600
		);
		return undefined;
	}
}

/** The two routes of an HTTP+SSE server; `close()` ends every open stream. */
export function createSseEndpoint(name: string) {
	const sessions = new Map<string, SseSessionTransport>();

	/** `GET /sse`: a new session whose McpServer talks over this response. */
	async function open(res: ServerResponse): Promise<void> {
		const transport: SseSessionTransport = new SseSessionTransport(res, () =>
			sessions.delete(transport.sessionId)
		);
		sessions.set(transport.sessionId, transport);
		await buildServer(name).connect(transport);
	}

	/** `POST /messages?sessionId=…`: hands the message to its session; the answer goes on the stream. */
	async function post(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
		const id = url.searchParams.get('sessionId');
		if (!id) {
			const hint = `POST to the URL the ${SSE_PATH} stream's endpoint event announced`;
			return jsonRpcError(res, 400, `Bad Request: no sessionId query parameter; ${hint}`);
		}
		const session = sessions.get(id);
		if (!session) {
			const why = 'its SSE stream has closed, or it never existed';
			return jsonRpcError(res, 404, `Session not found: ${id} (${why}); open ${SSE_PATH} again`);
		}
		const message = await readMessage(req, res);
		if (!message) return;
		res.writeHead(202, { 'content-type': 'text/plain' }).end('Accepted');
		session.receive(message);
	}

	async function close(): Promise<void> {
		const open = [...sessions.values()];
		sessions.clear();
		await Promise.allSettled(open.map((t) => t.close()));
	}

	return { open, post, close };
}

const ALLOW_METHODS = 'GET, POST, OPTIONS';
const ALLOW_HEADERS = 'Content-Type, Authorization, MCP-Protocol-Version, Last-Event-ID';

/**
 * The whole server: Origin check (403 for any page but the playground's), CORS on every answer
 * (the GET stream and the POSTs included, or the browser hides them from the page), the
 * preflight a JSON POST needs, then the two routes.
 */
export function sseListener(pageOrigins: string[]) {
	const sse = createSseEndpoint('sse');
	const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const origin = req.headers.origin;
		// MCP: "Servers MUST validate the Origin header … respond with HTTP 403 Forbidden".
		if (origin !== undefined && !pageOrigins.includes(origin)) {
			res.writeHead(403, { 'content-type': 'text/plain' });
			return void res.end(`Forbidden: Origin ${origin} is not allowed`);
		}
		if (origin !== undefined) {
			res.setHeader('Access-Control-Allow-Origin', origin);
			res.setHeader('Vary', 'Origin');
		}
		if (req.method === 'OPTIONS') {
			res.writeHead(204, {
				'Access-Control-Allow-Methods': ALLOW_METHODS,
				'Access-Control-Allow-Headers': ALLOW_HEADERS,
				'Access-Control-Max-Age': '0'
			});
			return void res.end();
		}
		if (url.pathname === SSE_PATH && req.method === 'GET') return sse.open(res);
		if (url.pathname === MESSAGES_PATH && req.method === 'POST') return sse.post(req, res, url);
		if (url.pathname === SSE_PATH || url.pathname === MESSAGES_PATH) {
			res.writeHead(405, { Allow: url.pathname === SSE_PATH ? 'GET' : 'POST' });
			return void res.end();
		}
		res.writeHead(404, { 'content-type': 'text/plain' });
		res.end(`HTTP+SSE: GET ${SSE_PATH} opens the stream; messages go to POST ${MESSAGES_PATH}`);
	};
	return { handler, close: sse.close };
}

export interface RunningSseServer {
	/** The GET stream's URL. */
	url: string;
	/** Where POSTs go (the endpoint event adds `?sessionId=…`). */
	messagesUrl: string;
	close(): Promise<void>;
}

/** Starts the HTTP+SSE server on 127.0.0.1 (`requestedPort` 0: a free port). */
export async function startSseLabServer(
	pageOrigins: string[],
	requestedPort = 0
): Promise<RunningSseServer> {
	const { handler, close } = sseListener(pageOrigins);
	const served = await serve(handler, requestedPort, close);
	const base = `http://127.0.0.1:${served.port}`;
	return { url: `${base}${SSE_PATH}`, messagesUrl: `${base}${MESSAGES_PATH}`, close: served.close };
}
