import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WireEvent } from '$lib/mcp/wire';
import { describeExit, isCrash, StdioConsole } from './stdio-console.svelte';

const line = (stream: 'stdin' | 'stdout' | 'stderr', text: string): WireEvent => ({
	type: 'stdio-line',
	stream,
	line: text,
	time: 1
});
const badJson: WireEvent = {
	type: 'failure',
	kind: 'bad-json',
	message: 'not JSON-RPC',
	hint: 'logs belong on stderr',
	time: 2
};

describe('StdioConsole', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('keeps stderr, and only the stdout lines the transport flagged, numbered from the start', () => {
		const console = new StdioConsole();
		console.started('node server.js', 42);
		console.observe(line('stdout', '{"jsonrpc":"2.0","id":1,"result":{}}'));
		console.observe({ type: 'info', message: 'unrelated', time: 1 });
		console.observe(line('stderr', 'listening'));
		console.observe(line('stdin', '{"jsonrpc":"2.0","id":2,"method":"ping"}'));
		console.observe(line('stdout', 'debug: hello'));
		console.observe(badJson);
		// A failure with no stdout line right before it is not attributed to any line.
		console.observe(badJson);
		vi.runAllTimers();
		expect(console.lines.map((l) => [l.stream, l.line, l.warning])).toEqual([
			['event', 'Started node server.js (pid 42)', undefined],
			['stderr', 'listening', undefined],
			['stdout', 'debug: hello', 'stdout line 2 is not a JSON-RPC message. logs belong on stderr']
		]);
	});

	it('stays bounded and publishes once per frame', () => {
		const console = new StdioConsole();
		for (let i = 0; i < 2500; i++) console.observe(line('stderr', `line ${i}`));
		expect(console.lines).toEqual([]);
		vi.runAllTimers();
		expect(console.lines.length).toBe(2000);
		expect(console.lines.at(-1)?.line).toBe('line 2499');
	});
});

describe('exit descriptions', () => {
	it('says how the process ended and whether that was a crash', () => {
		const base = { stderrTail: [] };
		expect(describeExit({ ...base, code: 3, signal: null })).toBe('exited with code 3');
		expect(describeExit({ ...base, code: null, signal: 'SIGKILL' })).toBe('was killed by SIGKILL');
		expect(describeExit({ ...base, code: null, signal: null, error: 'spawn x ENOENT' })).toBe(
			'could not run: spawn x ENOENT'
		);
		expect(isCrash({ ...base, code: 0, signal: null })).toBe(false);
		expect(isCrash({ ...base, code: 1, signal: null })).toBe(true);
		expect(isCrash({ ...base, code: null, signal: 'SIGTERM' })).toBe(true);
	});
});
