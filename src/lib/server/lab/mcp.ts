/**
 * The MCP side of a lab server: a real legacy-era (2025-11-25) Streamable HTTP server with
 * sessions, built with the official SDK v2 — `initialize` opens a session (`Mcp-Session-Id`),
 * later requests must echo it — and two tools, so a client can connect, list and call tools.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import { fromJsonSchema, isInitializeRequest, McpServer } from '@modelcontextprotocol/server';

const MAX_BODY = 1024 * 1024;

/** The lab's MCP server (`cors-lab-<name>`): tools `echo` and `add`. One per session. */
export function buildServer(name: string): McpServer {
	const server = new McpServer({ name: `cors-lab-${name}`, version: '1.0.0' });
	server.registerTool(
		'echo',
		{
			description: 'Returns its text argument.',
			inputSchema: fromJsonSchema<{ text: string }>({
				type: 'object',
				properties: { text: { type: 'string' } },
				required: ['text']
			})
		},
		async ({ text }) => ({ content: [{ type: 'text', text }] })
	);
	server.registerTool(
		'add',
		{
			description: 'Adds two numbers.',
			inputSchema: fromJsonSchema<{ a: number; b: number }>({
				type: 'object',
				properties: { a: { type: 'number' }, b: { type: 'number' } },
				required: ['a', 'b']
			})
		},
		async ({ a, b }) => ({ content: [{ type: 'text', text: String(a + b) }] })
	);
	return server;
}

/** The request body as JSON (undefined when empty); throws on bad JSON or over 1 MiB. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size > MAX_BODY) throw new Error('body too large');
		chunks.push(chunk);
	}
	const text = Buffer.concat(chunks).toString('utf8');
	return text ? JSON.parse(text) : undefined;
}

export function jsonRpcError(
	res: ServerResponse,
	status: number,
	message: string,
	code = -32000
): void {
	res.writeHead(status, { 'content-type': 'application/json' });
	res.end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code, message } }));
}

/**
 * Session-keeping request handler; `close()` ends every open session. `jsonResponse`: answer
 * each POST with one JSON body rather than an SSE stream (the transport lets a server pick).
 */
export function createMcpEndpoint(name: string, jsonResponse = false) {
	const sessions = new Map<string, NodeStreamableHTTPServerTransport>();

	async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
		let body: unknown;
		if (req.method === 'POST') {
			try {
				body = await readJson(req);
			} catch (error) {
				return jsonRpcError(res, 400, `Parse error: ${(error as Error).message}`);
			}
		}
		const sessionId = req.headers['mcp-session-id'];
		const existing = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
		if (existing) return existing.handleRequest(req, res, body);
		if (typeof sessionId === 'string') return jsonRpcError(res, 404, 'Session not found');
		if (req.method !== 'POST' || !isInitializeRequest(body)) {
			return jsonRpcError(res, 400, 'Bad Request: No valid session ID provided');
		}
		const transport = new NodeStreamableHTTPServerTransport({
			sessionIdGenerator: () => randomUUID(),
			enableJsonResponse: jsonResponse,
			onsessioninitialized: (id) => void sessions.set(id, transport),
			onsessionclosed: (id) => void sessions.delete(id)
		});
		await buildServer(name).connect(transport);
		await transport.handleRequest(req, res, body);
	}

	async function close(): Promise<void> {
		const open = [...sessions.values()];
		sessions.clear();
		await Promise.allSettled(open.map((t) => t.close()));
	}

	return { handle, close };
}
