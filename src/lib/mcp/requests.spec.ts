import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ErrorCode, McpError } from './jsonrpc.js';
import { PendingRequests } from './requests.js';

describe('PendingRequests', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('matches a response to its request, once', async () => {
		const pending = new PendingRequests();
		const result = pending.add(1, { method: 'tools/list', timeoutMs: 1000 });
		expect(pending.settle({ jsonrpc: '2.0', id: 1, result: { tools: [] } })).toBe(true);
		await expect(result).resolves.toEqual({ tools: [] });
		expect(pending.settle({ jsonrpc: '2.0', id: 1, result: {} })).toBe(false);
		expect(pending.size).toBe(0);
	});

	it('turns an error response into McpError with code and data', async () => {
		const pending = new PendingRequests();
		const result = pending.add('a', { method: 'x', timeoutMs: 1000 });
		pending.settle({ jsonrpc: '2.0', id: 'a', error: { code: -32602, message: 'bad', data: 1 } });
		await expect(result).rejects.toMatchObject({ code: -32602, message: 'bad', data: 1 });
	});

	it('times out after the idle timeout and tells the owner to cancel', async () => {
		const pending = new PendingRequests();
		const onGiveUp = vi.fn();
		const result = pending.add(1, { method: 'tools/call', timeoutMs: 1000, onGiveUp });
		const assertion = expect(result).rejects.toMatchObject({ code: ErrorCode.RequestTimeout });
		vi.advanceTimersByTime(999);
		expect(onGiveUp).not.toHaveBeenCalled();
		vi.advanceTimersByTime(1);
		await assertion;
		expect(onGiveUp).toHaveBeenCalledOnce();
		expect(onGiveUp.mock.calls[0]?.[0]).toBeInstanceOf(McpError);
	});

	it('progress extends the idle timeout but never the hard cap', async () => {
		const pending = new PendingRequests();
		const onprogress = vi.fn();
		const result = pending.add(7, {
			method: 'tools/call',
			timeoutMs: 1000,
			maxTotalTimeoutMs: 2500,
			progressToken: 7,
			onprogress
		});
		const assertion = expect(result).rejects.toThrow(/2500 ms \(maximum total time\)/);
		for (let t = 0; t < 4; t++) {
			vi.advanceTimersByTime(800);
			pending.progress(7, { progress: t });
		}
		await assertion;
		expect(onprogress).toHaveBeenCalledTimes(3);
		expect(pending.progress(7, { progress: 9 })).toBe(false);
	});

	it('progress with an unknown token is ignored', () => {
		const pending = new PendingRequests();
		pending.add(1, { method: 'x', timeoutMs: 0, progressToken: 'p' }).catch(() => {});
		expect(pending.progress('other', { progress: 1 })).toBe(false);
		expect(pending.progress('p', { progress: 1 })).toBe(true);
	});

	it('rejectAll rejects every request and leaves no timer behind', async () => {
		const pending = new PendingRequests();
		const a = pending.add(1, { method: 'a', timeoutMs: 1000, maxTotalTimeoutMs: 5000 });
		const b = pending.add(2, { method: 'b', timeoutMs: Infinity });
		pending.rejectAll(new Error('closed'));
		await expect(a).rejects.toThrow('closed');
		await expect(b).rejects.toThrow('closed');
		expect(vi.getTimerCount()).toBe(0);
		expect(pending.size).toBe(0);
	});

	it('refuses a duplicate id', () => {
		const pending = new PendingRequests();
		pending.add(1, { method: 'a', timeoutMs: 0 }).catch(() => {});
		expect(() => pending.add(1, { method: 'a', timeoutMs: 0 })).toThrow(/already pending/);
	});
});
