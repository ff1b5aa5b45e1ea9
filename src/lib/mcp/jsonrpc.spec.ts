import { describe, expect, it } from 'vitest';
import {
	isJsonRpcErrorResponse,
	isJsonRpcMessage,
	isJsonRpcNotification,
	isJsonRpcRequest,
	isJsonRpcResultResponse,
	McpError
} from './jsonrpc.js';

describe('JSON-RPC guards', () => {
	it('tells requests, notifications and responses apart', () => {
		const request = { jsonrpc: '2.0', id: 1, method: 'tools/list' };
		const notification = { jsonrpc: '2.0', method: 'notifications/initialized' };
		const result = { jsonrpc: '2.0', id: 'a', result: {} };
		const error = { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } };
		expect(isJsonRpcRequest(request)).toBe(true);
		expect(isJsonRpcNotification(request)).toBe(false);
		expect(isJsonRpcNotification(notification)).toBe(true);
		expect(isJsonRpcRequest(notification)).toBe(false);
		expect(isJsonRpcResultResponse(result)).toBe(true);
		expect(isJsonRpcErrorResponse(error)).toBe(true);
		expect(isJsonRpcErrorResponse(result)).toBe(false);
	});

	it('rejects what is not JSON-RPC 2.0', () => {
		expect(isJsonRpcMessage(null)).toBe(false);
		expect(isJsonRpcMessage([{ jsonrpc: '2.0', id: 1, method: 'x' }])).toBe(false);
		expect(isJsonRpcMessage({ jsonrpc: '1.0', id: 1, method: 'x' })).toBe(false);
		expect(isJsonRpcMessage({ jsonrpc: '2.0', id: null, method: 'x' })).toBe(false);
		expect(isJsonRpcMessage({ jsonrpc: '2.0', id: 1, method: 'x', params: [1] })).toBe(false);
		expect(isJsonRpcMessage({ jsonrpc: '2.0', id: 1, result: 'not an object' })).toBe(false);
	});

	it('round-trips McpError through its wire object', () => {
		const error = McpError.fromObject({
			code: -32022,
			message: 'Unsupported',
			data: { supported: ['x'] }
		});
		expect(error).toBeInstanceOf(Error);
		expect(error.toObject()).toEqual({
			code: -32022,
			message: 'Unsupported',
			data: { supported: ['x'] }
		});
	});
});
