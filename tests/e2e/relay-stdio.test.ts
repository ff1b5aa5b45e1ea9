/**
 * The relay against a real stdio server (@modelcontextprotocol/server-everything, `stdio` mode),
 * driven by the browser-side RelayTransport through the built server: initialize, list and call
 * tools, stderr, resumption, a crash from outside, and the stdio pitfalls (non-JSON stdout,
 * minimal environment, PYTHONUNBUFFERED).
 */
import { expect, test } from '@playwright/test';
import { RelayTransport } from '../../src/lib/mcp/transports/relay';
import type { JsonRpcMessage } from '../../src/lib/mcp/jsonrpc';
import type { WireEvent } from '../../src/lib/mcp/wire';
import {
	E2E_PORT as PORT,
	EVERYTHING,
	hasExit,
	isAlive,
	mainToken,
	readRelay,
	spawnViaRelay,
	waitFor
} from './relay-helpers';

const baseUrl = `http://127.0.0.1:${PORT}`;

/** A RelayTransport plus a tiny request/response matcher, as McpClient would use it. */
async function connect(command: string, args: string[], env: Record<string, string> = {}) {
	const transport = new RelayTransport({ command, args, env, token: mainToken(), baseUrl });
	const wire: WireEvent[] = [];
	const errors: Error[] = [];
	const waiting = new Map<number, (m: JsonRpcMessage) => void>();
	let next = 1;
	transport.wire = (e) => wire.push(e);
	transport.onerror = (e) => errors.push(e);
	transport.onmessage = (m) => {
		if ('id' in m && typeof m.id === 'number' && !('method' in m)) waiting.get(m.id)?.(m);
	};
	const closed = new Promise<void>((resolve) => (transport.onclose = resolve));
	await transport.start();
	const request = (method: string, params?: Record<string, unknown>) => {
		const id = next++;
		const answer = new Promise<JsonRpcMessage>((resolve) => waiting.set(id, resolve));
		void transport.send({ jsonrpc: '2.0', id, method, ...(params ? { params } : {}) });
		return answer as Promise<{ result?: Record<string, unknown>; error?: unknown }>;
	};
	return { transport, wire, errors, closed, request };
}

const initParams = {
	protocolVersion: '2025-06-18',
	capabilities: {},
	clientInfo: { name: 'relay-e2e', version: '1' }
};

test('initialize, tools/list and tools/call over the relay; stderr is seen; disconnect ends the process', async () => {
	const s = await connect(process.execPath, [EVERYTHING, 'stdio']);
	const init = await s.request('initialize', initParams);
	expect(init.result?.protocolVersion).toBe('2025-06-18');
	expect((init.result?.serverInfo as { name: string }).name).toMatch(/everything/i);
	await s.transport.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
	const list = await s.request('tools/list');
	const tools = (list.result?.tools as { name: string }[]).map((t) => t.name);
	expect(tools).toContain('echo');
	const call = await s.request('tools/call', {
		name: 'echo',
		arguments: { message: 'héllo | $(x)' }
	});
	expect(JSON.stringify(call.result)).toContain('héllo | $(x)');
	await expect
		.poll(() => s.wire.some((e) => e.type === 'stdio-line' && e.stream === 'stderr'))
		.toBe(true);
	const stdin = s.wire.filter((e) => e.type === 'stdio-line' && e.stream === 'stdin');
	expect(stdin.length).toBe(4);
	expect(s.errors).toEqual([]);
	const pid = s.transport.pid!;
	expect(isAlive(pid)).toBe(true);
	await s.transport.close();
	await s.closed;
	expect(await waitFor(() => !isAlive(pid), 10_000)).toBe(true);
});

test('a server killed from outside is reported with its signal and last stderr lines', async () => {
	const s = await connect(process.execPath, [EVERYTHING, 'stdio']);
	await s.request('initialize', initParams);
	process.kill(s.transport.pid!, 'SIGKILL');
	await s.closed;
	expect(s.transport.exitInfo).toMatchObject({ code: null, signal: 'SIGKILL' });
	expect(s.transport.exitInfo!.stderrTail.join('\n')).toMatch(/Starting default \(STDIO\) server/);
	await expect(s.transport.send({ jsonrpc: '2.0', method: 'x' })).rejects.toThrow(/not running/);
});

test('non-JSON stdout is delivered and warned about, not fatal; CR survives', async () => {
	const script = [
		"console.log('Listening… (this should have gone to stderr)')",
		"process.stdout.write('progress 50%\\rprogress 100%\\n')",
		"console.log(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/message', params: {} }))"
	].join(';');
	const s = await connect('node', ['-e', script]);
	const messages: JsonRpcMessage[] = [];
	s.transport.onmessage = (m) => messages.push(m);
	await s.closed;
	const stdout = s.wire.flatMap((e) =>
		e.type === 'stdio-line' && e.stream === 'stdout' ? [e.line] : []
	);
	expect(stdout[0]).toBe('Listening… (this should have gone to stderr)');
	expect(stdout[1]).toBe('progress 50%\rprogress 100%');
	expect(s.errors.map((e) => e.message)).toEqual([
		expect.stringMatching(/not a JSON-RPC message: Listening…/),
		expect.stringMatching(/not a JSON-RPC message: progress 50%/)
	]);
	expect(s.transport.exitInfo?.code).toBe(0);
	// The relay's own warning event points at the offending line.
	const { json } = await spawnViaRelay(PORT, mainToken(), {
		command: 'node',
		args: ['-e', script]
	});
	const frames = await readRelay(PORT, json.id!, mainToken(), hasExit);
	const warning = JSON.parse(frames.find((f) => f.event === 'warning')!.data);
	expect(warning).toMatchObject({
		stream: 'stdout',
		eventId: Number(frames[0]!.id),
		line: stdout[0]
	});
	expect(warning.message).toMatch(/stdout line 1 is not a JSON-RPC message/);
});

test('children get a minimal environment with PYTHONUNBUFFERED=1 (overridable)', async () => {
	const dump = 'console.log(JSON.stringify(process.env))';
	const token = mainToken();
	const read = async (env: Record<string, string>) => {
		const { json } = await spawnViaRelay(PORT, token, { command: 'node', args: ['-e', dump], env });
		const frames = await readRelay(PORT, json.id!, token, hasExit);
		return JSON.parse(frames.find((f) => f.event === 'stdout')!.data) as Record<string, string>;
	};
	const env = await read({ MY_KEY: 'v' });
	expect(env.PYTHONUNBUFFERED).toBe('1');
	expect(env.MY_KEY).toBe('v');
	expect(Object.values(env)).not.toContain(token);
	const allowed = [
		'HOME',
		'LOGNAME',
		'PATH',
		'SHELL',
		'TERM',
		'USER',
		'LANG',
		'LC_ALL',
		'LC_CTYPE',
		'TMPDIR',
		'PYTHONUNBUFFERED',
		'MY_KEY'
	];
	expect(Object.keys(env).filter((k) => !allowed.includes(k))).toEqual([]);
	expect((await read({ PYTHONUNBUFFERED: '0' })).PYTHONUNBUFFERED).toBe('0');
});

test('the stream resumes after Last-Event-ID without repeating or losing lines', async () => {
	const script =
		'for (let i = 1; i <= 5; i++) console.log(JSON.stringify({ jsonrpc: "2.0", method: "n" + i }))';
	const token = mainToken();
	const { json } = await spawnViaRelay(PORT, token, { command: 'node', args: ['-e', script] });
	const first = await readRelay(
		PORT,
		json.id!,
		token,
		(f) => f.filter((x) => x.event === 'stdout').length >= 2
	);
	const lastId = first.at(-1)!.id!;
	const rest = await readRelay(PORT, json.id!, token, hasExit, lastId);
	const methods = [...first, ...rest]
		.filter((f) => f.event === 'stdout')
		.map((f) => JSON.parse(f.data).method);
	expect(methods).toEqual(['n1', 'n2', 'n3', 'n4', 'n5']);
});

test('stdin writes must be one line', async () => {
	const s = await connect(process.execPath, [EVERYTHING, 'stdio']);
	const response = await fetch(`${baseUrl}/api/relay/${s.transport.relayId}`, {
		method: 'POST',
		headers: { 'x-playground-token': mainToken(), 'content-type': 'application/json' },
		body: '{"jsonrpc":"2.0",\n"id":1,"method":"ping"}'
	});
	expect(response.status).toBe(400);
	expect((await response.json()).error).toMatch(/one line/);
	await s.transport.close();
});
