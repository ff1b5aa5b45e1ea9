/**
 * No orphans: children die with their relay session (DELETE), with the page (the idle timeout
 * when no SSE reader is attached; shortened here through the environment), and with the server.
 * Each test runs its own playground through the launcher so it can count that server's children.
 */
import { expect, test } from '@playwright/test';
import http from 'node:http';
import {
	childPids,
	EVERYTHING,
	hasExit,
	isAlive,
	pageHeaders,
	rawRequest,
	readRelay,
	spawnViaRelay,
	startPlayground,
	waitFor,
	watchdogPids,
	type Playground
} from './relay-helpers';

const FAST = {
	PLAYGROUND_RELAY_IDLE_MS: '1000',
	PLAYGROUND_RELAY_GRACE_MS: '300',
	PLAYGROUND_RELAY_MAX_LINE_BYTES: '4096'
};

let pg: Playground;
test.beforeAll(async () => {
	pg = await startPlayground(FAST);
});
test.afterAll(async () => {
	await pg?.stop();
});

const everything = { command: process.execPath, args: [EVERYTHING, 'stdio'] };

/** One page lifetime: spawn, read until the server is up, initialize, DELETE, see the exit. */
async function cycle(): Promise<void> {
	const { status, json } = await spawnViaRelay(pg.port, pg.token, everything);
	expect(status).toBe(201);
	const init = JSON.stringify({
		jsonrpc: '2.0',
		id: 1,
		method: 'initialize',
		params: {
			protocolVersion: '2025-06-18',
			capabilities: {},
			clientInfo: { name: 't', version: '1' }
		}
	});
	const posted = await rawRequest(
		pg.port,
		'POST',
		`/api/relay/${json.id}`,
		pageHeaders(pg.port, pg.token),
		init
	);
	expect(posted.status).toBe(202);
	await readRelay(pg.port, json.id!, pg.token, (f) => f.some((x) => x.event === 'stdout'));
	const deleted = await rawRequest(
		pg.port,
		'DELETE',
		`/api/relay/${json.id}`,
		pageHeaders(pg.port, pg.token)
	);
	expect(deleted.status).toBe(204);
	await readRelay(pg.port, json.id!, pg.token, hasExit);
}

test('100 connect/disconnect cycles leave zero child processes', async () => {
	test.setTimeout(240_000);
	const serverPid = pg.child.pid!;
	const lanes = 4;
	for (let done = 0; done < 100; done += lanes) {
		await Promise.all(Array.from({ length: Math.min(lanes, 100 - done) }, () => cycle()));
	}
	expect(await waitFor(() => childPids(serverPid).length === 0, 10_000)).toBe(true);
	expect(childPids(serverPid)).toEqual([]);
});

test('20 abandoned pages (SSE readers that vanish) leave zero child processes', async () => {
	test.setTimeout(120_000);
	const serverPid = pg.child.pid!;
	const pids: number[] = [];
	const sockets: http.ClientRequest[] = [];
	for (let i = 0; i < 20; i++) {
		const { json } = await spawnViaRelay(pg.port, pg.token, everything);
		pids.push(json.pid!);
		// An attached reader that is then dropped without a DELETE, as when a tab closes.
		const req = http.get({
			host: '127.0.0.1',
			port: pg.port,
			path: `/api/relay/${json.id}`,
			headers: pageHeaders(pg.port, pg.token)
		});
		req.on('error', () => {});
		sockets.push(req);
	}
	await new Promise((r) => setTimeout(r, 1500)); // past the idle timeout: readers keep them alive
	expect(pids.filter(isAlive)).toHaveLength(20);
	for (const req of sockets) req.destroy();
	expect(await waitFor(() => childPids(serverPid).length === 0, 15_000)).toBe(true);
	expect(pids.filter(isAlive)).toEqual([]);
});

test('20 abandoned browser tabs connected over stdio leave zero child processes', async ({
	browser
}) => {
	// The same as above, from real pages: each tab connects through the playground's stdio form and
	// is then closed without Disconnect, as a user closes a tab.
	test.setTimeout(180_000);
	const serverPid = pg.child.pid!;
	const base = `http://127.0.0.1:${pg.port}`;
	const pids: number[] = [];
	for (let batch = 0; batch < 20; batch += 4) {
		const tabs = await Promise.all(
			Array.from({ length: 4 }, async () => {
				const context = await browser.newContext();
				const page = await context.newPage();
				await page.goto(`${base}/#token=${pg.token}`);
				const form = page.getByRole('form', { name: 'Connect to a server' });
				await form.getByLabel('Transport').selectOption('stdio');
				await form.getByLabel('Command').fill(everything.command);
				await form.getByLabel('Arguments (one per line)').fill(everything.args.join('\n'));
				await form.getByRole('button', { name: 'Connect' }).click();
				await expect(page.getByText(/^Connected to/)).toBeVisible({ timeout: 30_000 });
				const pid = /pid (\d+)/.exec(await page.getByTestId('stdio-pid').innerText())![1];
				pids.push(Number(pid));
				return context;
			})
		);
		await Promise.all(tabs.map((context) => context.close()));
	}
	expect(pids).toHaveLength(20);
	expect(await waitFor(() => childPids(serverPid).length === 0, 20_000)).toBe(true);
	expect(pids.filter(isAlive)).toEqual([]);
});

test('a session nobody ever reads is reaped too', async () => {
	const { json } = await spawnViaRelay(pg.port, pg.token, everything);
	expect(isAlive(json.pid!)).toBe(true);
	expect(await waitFor(() => !isAlive(json.pid!), 10_000)).toBe(true);
});

test('a line over the maximum size is an error event, and the stream carries on', async () => {
	const script =
		'process.stdout.write(\'x\'.repeat(10000) + \'\\n\'); console.log(\'{"jsonrpc":"2.0","method":"after"}\')';
	const { json } = await spawnViaRelay(pg.port, pg.token, {
		command: 'node',
		args: ['-e', script]
	});
	const frames = await readRelay(pg.port, json.id!, pg.token, hasExit);
	const error = frames.find((f) => f.event === 'error');
	expect(JSON.parse(error!.data)).toMatchObject({ stream: 'stdout', bytes: 10000 });
	expect(JSON.parse(error!.data).message).toMatch(/exceeded the relay's limit of 4096 bytes/);
	expect(frames.filter((f) => f.event === 'stdout').map((f) => f.data)).toEqual([
		'{"jsonrpc":"2.0","method":"after"}'
	]);
});

test('stopping the server (SIGTERM) takes its children with it', async () => {
	const own = await startPlayground(FAST);
	const pids: number[] = [];
	for (let i = 0; i < 3; i++)
		pids.push((await spawnViaRelay(own.port, own.token, everything)).json.pid!);
	// A child that ignores SIGTERM and stdin EOF still goes (SIGKILL after the grace period).
	const stubborn = "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)";
	pids.push(
		(await spawnViaRelay(own.port, own.token, { command: 'node', args: ['-e', stubborn] })).json
			.pid!
	);
	await new Promise((r) => setTimeout(r, 300));
	expect(pids.filter(isAlive)).toHaveLength(4);
	const watchdogs = await watchdogPids(own.child.pid!);
	expect(watchdogs).toHaveLength(1);
	await own.stop('SIGTERM');
	expect(await waitFor(() => pids.every((p) => !isAlive(p)), 10_000)).toBe(true);
	// The watchdog does not outlive the server it watches.
	expect(await waitFor(() => !isAlive(watchdogs[0]!), 5_000)).toBe(true);
});

test('killing the server with SIGKILL: the watchdog takes every child’s group down, then exits', async () => {
	const own = await startPlayground(FAST);
	const watchdogs = await watchdogPids(own.child.pid!);
	expect(watchdogs).toHaveLength(1);
	// A child that ignores SIGTERM and the end of its stdin, with a grandchild in its process
	// group that does the same: only a SIGKILL to the group ends them.
	const stubborn = "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)";
	const parent = `${stubborn}; const c = require('child_process').spawn(process.execPath, ['-e', ${JSON.stringify(stubborn)}], { stdio: 'ignore' }); console.log(JSON.stringify({ grandchild: c.pid }))`;
	const { status, json } = await spawnViaRelay(own.port, own.token, {
		command: 'node',
		args: ['-e', parent]
	});
	expect(status).toBe(201);
	const frames = await readRelay(own.port, json.id!, own.token, (f) =>
		f.some((x) => x.event === 'stdout')
	);
	const { grandchild } = JSON.parse(frames.find((f) => f.event === 'stdout')!.data);
	const server = (await spawnViaRelay(own.port, own.token, everything)).json.pid!;
	const pids = [json.pid!, grandchild as number, server];
	await new Promise((r) => setTimeout(r, 300)); // the SIGTERM handlers are installed
	expect(pids.filter(isAlive)).toHaveLength(3);

	const killedAt = Date.now();
	await own.stop('SIGKILL'); // no handler of the server runs
	expect(await waitFor(() => pids.every((p) => !isAlive(p)), 6_000)).toBe(true);
	console.log(`children gone ${Date.now() - killedAt} ms after SIGKILL of the server`);
	expect(await waitFor(() => !isAlive(watchdogs[0]!), 3_000)).toBe(true);
});
