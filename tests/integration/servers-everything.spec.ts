/**
 * server-everything as our launcher starts it, probed with raw fetch / raw stdio: the three
 * transports answer, the CORS headers a browser needs are there, and no process outlives its
 * parent.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEverything, type RunningEverything } from '../servers/everything.js';
import {
	JSON_POST_HEADERS,
	LEGACY_INITIALIZE,
	messagesOf,
	postLegacyInitialize,
	sseEvents,
	type JsonObject
} from './raw-http.js';

const PLAYGROUND = 'http://127.0.0.1:4319';
describe('server-everything over Streamable HTTP', () => {
	let server: RunningEverything;
	beforeAll(async () => {
		server = await startEverything('streamableHttp');
	});
	afterAll(() => server.close());

	it('initializes a session that a browser can read, then lists tools', async () => {
		const init = await postLegacyInitialize(server.url, { origin: PLAYGROUND });
		const session = init.headers.get('mcp-session-id');
		expect(session).toBeTruthy();
		expect(init.headers.get('access-control-allow-origin')).toBe('*');
		expect(init.headers.get('access-control-expose-headers')).toContain('mcp-session-id');
		const [result] = (await messagesOf(init)).filter((m) => m.id === 1);
		expect((result?.result as JsonObject).serverInfo).toMatchObject({
			name: 'mcp-servers/everything'
		});
		const headers = {
			...JSON_POST_HEADERS,
			'mcp-session-id': session ?? '',
			'mcp-protocol-version': '2025-11-25'
		};
		const post = (body: object) =>
			fetch(server.url, { method: 'POST', headers, body: JSON.stringify(body) });
		expect((await post({ jsonrpc: '2.0', method: 'notifications/initialized' })).status).toBe(202);
		const list = await messagesOf(await post({ jsonrpc: '2.0', id: 2, method: 'tools/list' }));
		const tools = ((list.at(-1)?.result as JsonObject).tools as JsonObject[]).map((t) => t.name);
		expect(tools).toEqual(
			expect.arrayContaining(['echo', 'get-sum', 'trigger-long-running-operation'])
		);
	});

	it('answers the preflight for every header our client sends', async () => {
		const wanted =
			'content-type,authorization,mcp-protocol-version,mcp-method,mcp-name,mcp-session-id,last-event-id';
		const response = await fetch(server.url, {
			method: 'OPTIONS',
			headers: {
				origin: PLAYGROUND,
				'access-control-request-method': 'DELETE',
				'access-control-request-headers': wanted
			}
		});
		expect(response.status).toBe(204);
		expect(response.headers.get('access-control-allow-methods')).toContain('DELETE');
		expect(response.headers.get('access-control-allow-headers')?.replace(/ /g, '')).toBe(wanted);
	});

	it('is gone after close()', async () => {
		const other = await startEverything('streamableHttp');
		await other.close();
		await expect(fetch(other.url, { method: 'OPTIONS' })).rejects.toThrow();
	});
});

describe('server-everything over HTTP+SSE (2024-11-05)', () => {
	let server: RunningEverything;
	beforeAll(async () => {
		server = await startEverything('sse');
	});
	afterAll(() => server.close());

	it('announces the POST endpoint, then answers on the stream', async () => {
		const controller = new AbortController();
		const stream = await fetch(server.url, {
			headers: { accept: 'text/event-stream', origin: PLAYGROUND },
			signal: controller.signal
		});
		expect(stream.headers.get('access-control-allow-origin')).toBe('*');
		const events = sseEvents(stream);
		const endpoint = (await events.next()).value;
		expect(endpoint?.event).toBe('endpoint');
		const postUrl = new URL(endpoint?.data ?? '', server.url).href;
		expect(postUrl).toMatch(/\/message\?sessionId=/);
		const posted = await postLegacyInitialize(postUrl);
		expect(posted.status).toBe(202);
		const reply = (await events.next()).value;
		expect(reply?.event).toBe('message');
		expect(JSON.parse(reply?.data ?? '{}').result.protocolVersion).toBe('2025-11-25');
		controller.abort();
	});

	it('answers preflights on /sse and /message for a browser at the playground origin', async () => {
		for (const path of ['/sse', '/message?sessionId=x']) {
			const response = await fetch(new URL(path, server.url), {
				method: 'OPTIONS',
				headers: {
					origin: PLAYGROUND,
					'access-control-request-method': path === '/sse' ? 'GET' : 'POST',
					'access-control-request-headers': 'authorization,content-type'
				}
			});
			expect(response.status).toBe(204);
			expect(response.headers.get('access-control-allow-origin')).toBe('*');
			expect(response.headers.get('access-control-allow-headers')).toBe(
				'authorization,content-type'
			);
		}
	});
});

describe('server-everything over stdio', () => {
	it('gives a command line that speaks newline-delimited JSON-RPC', async () => {
		const { command, args } = await startEverything('stdio');
		const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
		try {
			const lines = createInterface({ input: child.stdout });
			child.stdin.write(`${JSON.stringify(LEGACY_INITIALIZE)}\n`);
			const [line] = await Promise.race([
				new Promise<string[]>((resolve) => lines.once('line', (l) => resolve([l]))),
				new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no reply')), 10_000))
			]);
			expect(JSON.parse(line ?? '{}').result.serverInfo.name).toBe('mcp-servers/everything');
		} finally {
			child.kill('SIGKILL');
		}
	});
});

describe('no orphans', () => {
	it('the server dies with the process that started it, even on SIGKILL', async () => {
		const cli = spawn(process.execPath, ['tests/servers/cli.js', 'everything', 'streamableHttp'], {
			stdio: ['ignore', 'pipe', 'inherit']
		});
		const url = await new Promise<string>((resolve, reject) => {
			createInterface({ input: cli.stdout }).once('line', resolve);
			cli.once('exit', () => reject(new Error('cli exited before printing a URL')));
		});
		expect((await fetch(url, { method: 'OPTIONS' })).status).toBe(204);
		cli.kill('SIGKILL'); // no exit handler runs: only the stdin pipe can tell the child
		const deadline = Date.now() + 5000;
		let alive = true;
		while (alive && Date.now() < deadline) {
			alive = await fetch(url, { method: 'OPTIONS' }).then(
				() => true,
				() => false
			);
			if (alive) await new Promise((resolve) => setTimeout(resolve, 100));
		}
		expect(alive).toBe(false);
	});
});
