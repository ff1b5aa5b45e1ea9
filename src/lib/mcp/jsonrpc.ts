/**
 * JSON-RPC 2.0 message types and guards used by every layer of the core.
 * MCP messages are JSON-RPC 2.0 with the restrictions of the MCP base protocol:
 * ids are strings or numbers (never null), and batches are not used.
 */

export type RequestId = string | number;

export interface JsonRpcRequest {
	jsonrpc: '2.0';
	id: RequestId;
	method: string;
	params?: Record<string, unknown>;
}

export interface JsonRpcNotification {
	jsonrpc: '2.0';
	method: string;
	params?: Record<string, unknown>;
}

export interface JsonRpcErrorObject {
	code: number;
	message: string;
	data?: unknown;
}

export interface JsonRpcResultResponse {
	jsonrpc: '2.0';
	id: RequestId;
	result: Record<string, unknown>;
}

export interface JsonRpcErrorResponse {
	jsonrpc: '2.0';
	/** `null` only when the server could not read the request's id (parse error). */
	id: RequestId | null;
	error: JsonRpcErrorObject;
}

export type JsonRpcResponse = JsonRpcResultResponse | JsonRpcErrorResponse;
export type JsonRpcMessage = JsonRpcRequest | JsonRpcNotification | JsonRpcResponse;

/** Standard JSON-RPC and MCP error codes. */
export const ErrorCode = {
	ParseError: -32700,
	InvalidRequest: -32600,
	MethodNotFound: -32601,
	InvalidParams: -32602,
	InternalError: -32603,
	/** Legacy era: the request was cancelled / the connection closed. */
	ConnectionClosed: -32000,
	RequestTimeout: -32001,
	/** Modern era (2026-07-28): HTTP header does not match the body. */
	HeaderMismatch: -32020,
	/** Modern era: a capability the request needs was not declared by the client. */
	MissingClientCapability: -32021,
	/** Modern era: unsupported protocol version; `data.supported` lists the server's. */
	UnsupportedProtocolVersion: -32022,
	/** Legacy era: URL-mode elicitation required. */
	UrlElicitationRequired: -32042,
	ResourceNotFound: -32002
} as const;

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is RequestId {
	return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

export function isJsonRpcRequest(value: unknown): value is JsonRpcRequest {
	return (
		isObject(value) &&
		value.jsonrpc === '2.0' &&
		typeof value.method === 'string' &&
		isId(value.id) &&
		(value.params === undefined || isObject(value.params))
	);
}

export function isJsonRpcNotification(value: unknown): value is JsonRpcNotification {
	return (
		isObject(value) &&
		value.jsonrpc === '2.0' &&
		typeof value.method === 'string' &&
		!('id' in value) &&
		(value.params === undefined || isObject(value.params))
	);
}

export function isJsonRpcResultResponse(value: unknown): value is JsonRpcResultResponse {
	return isObject(value) && value.jsonrpc === '2.0' && isId(value.id) && isObject(value.result);
}

export function isJsonRpcErrorResponse(value: unknown): value is JsonRpcErrorResponse {
	return (
		isObject(value) &&
		value.jsonrpc === '2.0' &&
		(isId(value.id) || value.id === null) &&
		isObject(value.error) &&
		typeof value.error.code === 'number' &&
		typeof value.error.message === 'string'
	);
}

export function isJsonRpcResponse(value: unknown): value is JsonRpcResponse {
	return isJsonRpcResultResponse(value) || isJsonRpcErrorResponse(value);
}

export function isJsonRpcMessage(value: unknown): value is JsonRpcMessage {
	return isJsonRpcRequest(value) || isJsonRpcNotification(value) || isJsonRpcResponse(value);
}

/** An error answered by the peer (or raised by the client) as a JSON-RPC error object. */
export class McpError extends Error {
	override readonly name = 'McpError';
	constructor(
		readonly code: number,
		message: string,
		readonly data?: unknown
	) {
		super(message);
	}

	static fromObject(error: JsonRpcErrorObject): McpError {
		return new McpError(error.code, error.message, error.data);
	}

	toObject(): JsonRpcErrorObject {
		return this.data === undefined
			? { code: this.code, message: this.message }
			: { code: this.code, message: this.message, data: this.data };
	}
}

/** Allocates request ids. One allocator per client so ids are never reused within a connection. */
export class IdAllocator {
	#next = 0;
	next(): number {
		return this.#next++;
	}
}
