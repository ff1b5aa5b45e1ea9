/**
 * Reading HTTP response bodies of MCP exchanges: which format a 2xx body has, JSON bodies with a
 * size cap, and JSON-RPC validation shared with SSE `data:` fields.
 */
import { TransportError } from './errors.js';
import { contentTypeError } from './http-errors.js';
import { readBodySnippet, type Exchange } from './http.js';
import { isJsonRpcMessage, type JsonRpcMessage } from './jsonrpc.js';
import { streamReadError } from './stream-limits.js';
import { LARGE_MESSAGE_CHARS, workBudget, yieldToEventLoop } from './yield.js';

/** How a 2xx body must be read; a `protocol` error for anything else (HTML page, plain text…). */
export async function bodyFormat(exchange: Exchange): Promise<'json' | 'sse'> {
	const type = exchange.mediaType;
	if (type === 'text/event-stream') return 'sse';
	if (type === 'application/json' || type.endsWith('+json')) return 'json';
	throw contentTypeError(exchange, await readBodySnippet(exchange));
}

function describe(text: string): string {
	const trimmed = text.trim();
	if (trimmed === '') return 'an empty body';
	return `"${trimmed.length > 120 ? `${trimmed.slice(0, 120)}…` : trimmed}"`;
}

/**
 * Parses a body or an SSE `data:` field into JSON-RPC messages (a batch array is accepted from
 * 2025-03-26 servers). Throws `bad-json` naming what was received, `protocol` for valid JSON
 * that is not JSON-RPC 2.0.
 */
export function parseJsonRpc(text: string, where: string, url?: string): JsonRpcMessage[] {
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch (error) {
		throw new TransportError({
			kind: 'bad-json',
			message: `${where} is not JSON: received ${describe(text)}.`,
			url,
			bodySnippet: text.slice(0, 500),
			cause: error
		});
	}
	const messages = Array.isArray(parsed) ? parsed : [parsed];
	const bad = messages.find((m) => !isJsonRpcMessage(m));
	if (bad !== undefined || messages.length === 0) {
		throw new TransportError({
			kind: 'protocol',
			message: `${where} is JSON but not a JSON-RPC 2.0 message: received ${describe(text)}.`,
			hint: 'A JSON-RPC message has "jsonrpc": "2.0" and a method (request, notification) or an id with result or error (response).',
			url,
			bodySnippet: text.slice(0, 500)
		});
	}
	return messages as JsonRpcMessage[];
}

function tooLargeBody(exchange: Exchange, maxBytes: number): TransportError {
	return new TransportError({
		kind: 'too-large',
		message: `The response from ${exchange.request.url} is larger than the ${Math.round(maxBytes / 1024 / 1024)} MiB limit; reading stopped.`,
		hint: 'Raise the maximum message size in the connection settings if this server legitimately sends messages this large.',
		url: exchange.request.url,
		status: exchange.response.status
	});
}

/** Reads the whole body as text, refusing more than `maxBytes` (checked before and while reading). */
export async function readTextBody(exchange: Exchange, maxBytes: number): Promise<string> {
	const declared = Number(exchange.response.headers.get('content-length') ?? NaN);
	const reader = exchange.body().getReader();
	if (declared > maxBytes) {
		await reader.cancel().catch(() => {});
		throw tooLargeBody(exchange, maxBytes);
	}
	const decoder = new TextDecoder();
	const parts: string[] = [];
	const budget = workBudget();
	let bytes = 0;
	for (;;) {
		// A large body already buffered would otherwise be read and decoded in one task.
		const pause = budget.check();
		if (pause) await pause;
		const chunk = await reader.read().catch((error: unknown) => {
			throw streamReadError(error, exchange.request.url);
		});
		if (chunk.done) break;
		bytes += chunk.value.byteLength;
		if (bytes > maxBytes) {
			await reader.cancel().catch(() => {});
			throw tooLargeBody(exchange, maxBytes);
		}
		parts.push(decoder.decode(chunk.value, { stream: true }));
	}
	parts.push(decoder.decode());
	return parts.join('');
}

/** Reads an `application/json` body into JSON-RPC messages. */
export async function readJsonMessages(
	exchange: Exchange,
	maxBytes: number
): Promise<JsonRpcMessage[]> {
	const text = await readTextBody(exchange, maxBytes);
	const where = `The ${exchange.response.status} response body from ${exchange.request.url}`;
	if (text.length <= LARGE_MESSAGE_CHARS) return parseJsonRpc(text, where, exchange.request.url);
	// Parsing starts a task of its own, and the result is handed on in yet another.
	await yieldToEventLoop();
	const messages = parseJsonRpc(text, where, exchange.request.url);
	await yieldToEventLoop();
	return messages;
}
