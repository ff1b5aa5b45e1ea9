/**
 * The relay's security model against the built server (playwright.config.ts starts it through the
 * launcher). Every refusal test also proves that nothing was spawned: the command it sends would
 * create a marker file the moment it ran.
 */
import { expect, test } from '@playwright/test';
import {
	chmodSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	symlinkSync,
	writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
	E2E_PORT as PORT,
	expectNoMarker,
	hasExit,
	isAlive,
	launcherRefusal,
	mainToken,
	markerCommand,
	markerPath,
	pageHeaders,
	rawRequest,
	readRelay,
	spawnViaRelay,
	startPlayground,
	type Playground
} from './relay-helpers';

async function attempt(
	headers: Record<string, string>,
	pathname = '/api/relay',
	bodyOverride?: string
) {
	const marker = markerPath('spawned');
	const body = bodyOverride ?? JSON.stringify(markerCommand(marker));
	const response = await rawRequest(PORT, 'POST', pathname, headers, body);
	return { response, marker };
}

test.describe('the /api guard refuses, and nothing is spawned', () => {
	test('control: the page’s own request spawns (so the marker check can fail)', async () => {
		const { response, marker } = await attempt(pageHeaders(PORT, mainToken()));
		expect(response.status).toBe(201);
		await expect.poll(() => existsSync(marker)).toBe(true);
	});

	test('no token', async () => {
		const { 'x-playground-token': _t, ...headers } = pageHeaders(PORT, mainToken());
		const { response, marker } = await attempt(headers);
		expect(response.status).toBe(401);
		expect(JSON.parse(response.body).error).toMatch(/X-Playground-Token/);
		expect(await expectNoMarker(marker)).toBe(true);
	});

	test('wrong token (same length and different length)', async () => {
		const token = mainToken();
		const sameLength = token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
		for (const wrong of [sameLength, token + 'x', token.slice(0, 10)]) {
			const { response, marker } = await attempt({
				...pageHeaders(PORT, token),
				'x-playground-token': wrong
			});
			expect(response.status).toBe(401);
			expect(await expectNoMarker(marker)).toBe(true);
		}
	});

	test('token only in the query string', async () => {
		const token = mainToken();
		const { 'x-playground-token': _t, ...headers } = pageHeaders(PORT, token);
		for (const query of [
			`token=${token}`,
			`x-playground-token=${token}`,
			`X-Playground-Token=${token}`
		]) {
			const { response, marker } = await attempt(headers, `/api/relay?${query}`);
			expect(response.status).toBe(401);
			expect(await expectNoMarker(marker)).toBe(true);
		}
	});

	test('a cross-origin Origin, even with the right token', async () => {
		for (const origin of [
			'http://evil.example',
			`http://localhost:${PORT}`,
			'null',
			`https://127.0.0.1:${PORT}`
		]) {
			const { response, marker } = await attempt({ ...pageHeaders(PORT, mainToken()), origin });
			expect(response.status, origin).toBe(403);
			expect(response.headers['access-control-allow-origin']).toBeUndefined();
			expect(await expectNoMarker(marker)).toBe(true);
		}
	});

	test('a foreign Host (DNS rebinding), even with the right token', async () => {
		for (const host of [
			'evil.example:' + PORT,
			'127.0.0.1',
			'localhost:80',
			`attacker.127.0.0.1.nip.io:${PORT}`
		]) {
			const headers = { ...pageHeaders(PORT, mainToken()), host, origin: `http://${host}` };
			const { response, marker } = await attempt(headers);
			expect(response.status, host).toBe(403);
			expect(JSON.parse(response.body).error).toMatch(/Host/);
			expect(await expectNoMarker(marker)).toBe(true);
		}
	});

	test('a form-encoded simple POST from another origin', async () => {
		const marker = markerPath('spawned');
		const form = new URLSearchParams({
			command: 'node',
			args: `-e require('fs').writeFileSync('${marker}','x')`
		});
		const simple = {
			host: `127.0.0.1:${PORT}`,
			origin: 'http://evil.example',
			'content-type': 'application/x-www-form-urlencoded'
		};
		const cross = await rawRequest(PORT, 'POST', '/api/relay', simple, form.toString());
		expect(cross.status).toBe(403);
		// Even with a stolen token a non-JSON body is refused before any route runs: SvelteKit's own
		// CSRF check takes the form-like types (403), our guard every other type (415).
		const body = JSON.stringify(markerCommand(marker));
		for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
			const headers = { ...pageHeaders(PORT, mainToken()), 'content-type': type };
			const refused = await rawRequest(PORT, 'POST', '/api/relay', headers, body);
			expect([403, 415], type).toContain(refused.status);
		}
		const { origin: _o, ...noOrigin } = pageHeaders(PORT, mainToken());
		const xml = await rawRequest(
			PORT,
			'POST',
			'/api/relay',
			{ ...noOrigin, 'content-type': 'application/xml' },
			body
		);
		expect(xml.status).toBe(415);
		expect(await expectNoMarker(marker)).toBe(true);
	});

	test('CORS preflights get no allow headers', async () => {
		const preflight = await rawRequest(PORT, 'OPTIONS', '/api/relay', {
			host: `127.0.0.1:${PORT}`,
			origin: 'http://evil.example',
			'access-control-request-method': 'POST',
			'access-control-request-headers': 'x-playground-token, content-type'
		});
		expect(preflight.status).toBeGreaterThanOrEqual(400);
		expect(Object.keys(preflight.headers).filter((h) => h.startsWith('access-control-'))).toEqual(
			[]
		);
	});

	test('the guard covers every /api path and spelling', async () => {
		for (const pathname of [
			'/api/config',
			'/%61pi/config',
			'/api/relay/00000000-0000-0000-0000-000000000000'
		]) {
			const response = await rawRequest(PORT, 'GET', pathname, { host: `127.0.0.1:${PORT}` });
			expect(response.status, pathname).toBe(401);
		}
	});

	test('hosted mode answers 404 for the whole /api surface', async () => {
		const hosted = await startPlayground({ PLAYGROUND_MODE: 'hosted' });
		try {
			const marker = markerPath('spawned');
			const headers = pageHeaders(hosted.port, hosted.token);
			const spawn = await rawRequest(
				hosted.port,
				'POST',
				'/api/relay',
				headers,
				JSON.stringify(markerCommand(marker))
			);
			expect(spawn.status).toBe(404);
			expect((await rawRequest(hosted.port, 'GET', '/api/config', headers)).status).toBe(404);
			expect(
				(await rawRequest(hosted.port, 'GET', '/', { host: `127.0.0.1:${hosted.port}` })).status
			).toBe(200);
			expect(await expectNoMarker(marker)).toBe(true);
		} finally {
			await hosted.stop();
		}
	});

	test('the token never appears in server-rendered HTML', async () => {
		const token = mainToken();
		for (const pathname of ['/', `/?token=${token}`]) {
			const page = await rawRequest(PORT, 'GET', pathname, { host: `127.0.0.1:${PORT}` });
			expect(page.status).toBe(200);
			expect(page.body).not.toContain(token);
		}
	});
});

test.describe('a live session refuses a foreign Host or Origin on GET, POST and DELETE', () => {
	/** Records everything that reaches it: stdin data, stdin closing, SIGTERM. */
	function recorder(file: string): string {
		const f = JSON.stringify(file);
		return `const fs = require('fs');
			process.stdin.on('data', (d) => fs.appendFileSync(${f}, d));
			process.stdin.on('end', () => fs.appendFileSync(${f}, '<stdin closed>'));
			process.on('SIGTERM', () => { fs.appendFileSync(${f}, '<SIGTERM>'); process.exit(0); });
			console.log('{"ready":true}'); setInterval(() => {}, 1000);`;
	}
	const recorded = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : '');

	test('each gets a 403, and the child keeps running with nothing written to its stdin', async () => {
		const token = mainToken();
		const record = markerPath('stdin');
		const { status, json } = await spawnViaRelay(PORT, token, {
			command: 'node',
			args: ['-e', recorder(record)]
		});
		expect(status).toBe(201);
		await readRelay(PORT, json.id!, token, (f) => f.some((x) => x.event === 'stdout'));
		const session = `/api/relay/${json.id}`;
		const line = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' });
		const foreign: Array<[RegExp, Record<string, string>]> = [
			[/Host/, { host: `evil.example:${PORT}`, origin: `http://evil.example:${PORT}` }],
			[/Host/, { host: `attacker.127.0.0.1.nip.io:${PORT}` }],
			[/Host/, { host: `127.0.0.1:${PORT + 1}`, origin: `http://127.0.0.1:${PORT + 1}` }],
			[/Origin/, { origin: 'http://evil.example' }],
			[/Origin/, { origin: `http://localhost:${PORT}` }],
			[/Origin/, { origin: 'null' }]
		];
		for (const [error, change] of foreign) {
			for (const method of ['GET', 'POST', 'DELETE']) {
				const headers = { ...pageHeaders(PORT, token), ...change };
				const body = method === 'POST' ? line : undefined;
				const response = await rawRequest(PORT, method, session, headers, body);
				const what = `${method} ${JSON.stringify(change)}`;
				expect(response.status, what).toBe(403);
				expect(JSON.parse(response.body).error, what).toMatch(error);
				expect(response.headers['access-control-allow-origin'], what).toBeUndefined();
				expect(response.headers['x-content-type-options'], what).toBe('nosniff');
			}
		}
		// Longer than the grace period after which a DELETE that got through would send SIGTERM.
		await new Promise((r) => setTimeout(r, 1_500));
		expect(isAlive(json.pid!)).toBe(true);
		expect(recorded(record)).toBe('');

		// Control: the page's own requests do reach the child (so the checks above can fail).
		const written = await rawRequest(PORT, 'POST', session, pageHeaders(PORT, token), line);
		expect(written.status).toBe(202);
		await expect.poll(() => recorded(record)).toBe(`${line}\n`);
		const deleted = await rawRequest(PORT, 'DELETE', session, pageHeaders(PORT, token));
		expect(deleted.status).toBe(204);
		await readRelay(PORT, json.id!, token, hasExit);
		expect(recorded(record)).toContain('<stdin closed>');
	});
});

test.describe('the launcher', () => {
	test('refuses a PLAYGROUND_TOKEN shorter than 22 characters, saying what to fix', async () => {
		for (const token of ['short', 'a'.repeat(21)]) {
			const { code, stderr } = await launcherRefusal({ PLAYGROUND_TOKEN: token }, []);
			expect(code, token).toBe(2);
			expect(stderr, token).toContain(
				`mcp-playground: PLAYGROUND_TOKEN is ${token.length} characters long; it must be at least 22`
			);
			expect(stderr, token).toContain('Unset PLAYGROUND_TOKEN');
		}
	});

	test('uses a PLAYGROUND_TOKEN of 22 characters or more as the token', async () => {
		const fixed = 'fixed-token-for-e2e-0123456789';
		const pg = await startPlayground({ PLAYGROUND_TOKEN: fixed });
		try {
			expect(pg.token).toBe(fixed);
			const config = await rawRequest(pg.port, 'GET', '/api/config', pageHeaders(pg.port, fixed));
			expect(config.status).toBe(200);
		} finally {
			await pg.stop();
		}
	});

	test('refuses --allowed-host with a loopback --host, saying why and what to do', async () => {
		for (const args of [
			['--allowed-host', 'mybox.local'],
			['--host', '::1', '--allowed-host', 'mybox.local']
		]) {
			const { code, stderr } = await launcherRefusal({}, args);
			expect(code, args.join(' ')).toBe(2);
			expect(stderr).toMatch(
				/^mcp-playground: --allowed-host mybox\.local cannot be used with the loopback address (127\.0\.0\.1|::1) .*Drop --allowed-host, or bind to the address others reach it at with --host <address>/
			);
		}
	});

	test('--host ::1: the printed [::1] URL works, its Host and Origin pass the guard, others do not', async () => {
		const pg = await startPlayground({}, ['--host', '::1']);
		try {
			expect(pg.urlHost).toBe('[::1]');
			const own = {
				...pageHeaders(pg.port, pg.token),
				host: `[::1]:${pg.port}`,
				origin: `http://[::1]:${pg.port}`
			};
			const config = await rawRequest(pg.port, 'GET', '/api/config', own, undefined, '::1');
			expect(config.status).toBe(200);
			const marker = markerPath('spawned');
			const body = JSON.stringify(markerCommand(marker));
			const spawned = await rawRequest(pg.port, 'POST', '/api/relay', own, body, '::1');
			expect(spawned.status).toBe(201);
			await expect.poll(() => existsSync(marker)).toBe(true);
			// The fast path (stdin line) checks the same Host.
			const session = `/api/relay/${JSON.parse(spawned.body).id}`;
			const refused: Array<[string, Record<string, string>]> = [
				['Host', { host: `::1:${pg.port}` }],
				['Host', { host: `[::1]:${pg.port + 1}`, origin: `http://[::1]:${pg.port + 1}` }],
				['Origin', { origin: `http://127.0.0.1:${pg.port}` }]
			];
			for (const [what, change] of refused) {
				for (const [method, pathname] of [
					['GET', '/api/config'],
					['POST', session]
				] as const) {
					const headers = { ...own, ...change };
					const body = method === 'POST' ? '{}' : undefined;
					const res = await rawRequest(pg.port, method, pathname, headers, body, '::1');
					expect(res.status, `${method} ${JSON.stringify(change)}`).toBe(403);
					expect(JSON.parse(res.body).error).toMatch(new RegExp(what));
				}
			}
		} finally {
			await pg.stop();
		}
	});
});

test.describe('shell metacharacters reach the program literally', () => {
	const hostile = [
		'; rm -rf "$HOME/nonexistent"',
		'$(touch MARKER)',
		'`touch MARKER`',
		'| touch MARKER',
		'&& touch MARKER',
		'> MARKER',
		'\' " \\ * ? ~ {a,b}'
	];

	test('args are echoed back exactly and no shell runs', async () => {
		const marker = markerPath('spawned');
		const args = hostile.map((a) => a.replaceAll('MARKER', marker));
		const token = mainToken();
		const echo = 'console.log(JSON.stringify(process.argv.slice(1)))';
		const { status, json } = await spawnViaRelay(PORT, token, {
			command: 'node',
			args: ['-e', echo, ...args]
		});
		expect(status).toBe(201);
		const frames = await readRelay(PORT, json.id!, token, hasExit);
		const stdout = frames.filter((f) => f.event === 'stdout').map((f) => f.data);
		expect(stdout).toEqual([JSON.stringify(args)]);
		expect(JSON.parse(frames.find((f) => f.event === 'exit')!.data).code).toBe(0);
		expect(await expectNoMarker(marker)).toBe(true);
	});

	test('a command with metacharacters is a (missing) program name, not a shell line', async () => {
		const marker = markerPath('spawned');
		for (const command of [
			`node; touch ${marker}`,
			`$(touch ${marker})`,
			`\`touch ${marker}\``,
			`node && touch ${marker}`
		]) {
			const { status, json } = await spawnViaRelay(PORT, mainToken(), { command, args: [] });
			expect(status, command).toBe(400);
			expect(json.error).toContain(`"${command}"`);
		}
		expect(await expectNoMarker(marker)).toBe(true);
	});

	test('a command not on PATH names the command and the PATH searched, and suggests a full path', async () => {
		const { status, json } = await spawnViaRelay(PORT, mainToken(), {
			command: 'no-such-mcp-server',
			env: { PATH: '/nowhere:/also-nowhere' }
		});
		expect(status).toBe(400);
		expect(json.error).toBe(
			'Command "no-such-mcp-server" was not found on PATH (searched: /nowhere:/also-nowhere).'
		);
		expect(json.hint).toMatch(/full path/);
	});
});

test.describe('the command allow-list (--config "allowedCommands")', () => {
	let pg: Playground;
	let configFile: string;
	let dir: string;
	test.beforeAll(async () => {
		dir = mkdtempSync(path.join(tmpdir(), 'relay-allow-'));
		configFile = path.join(dir, 'mcp.json');
		writeFileSync(configFile, JSON.stringify({ mcpServers: {}, allowedCommands: ['node'] }));
		pg = await startPlayground({}, ['--config', configFile]);
	});
	test.afterAll(async () => {
		await pg?.stop();
	});

	/** A program named `node` that is not node: it would create `marker` if it ever ran. */
	function fakeNode(marker: string): string {
		const bin = mkdtempSync(path.join(dir, 'fake-'));
		const file = path.join(bin, 'node');
		writeFileSync(file, `#!/bin/sh\necho spawned > '${marker}'\n`);
		chmodSync(file, 0o755);
		return bin;
	}

	async function refused(body: Record<string, unknown>, marker: string, command: string) {
		const { status, json } = await spawnViaRelay(pg.port, pg.token, body);
		expect(status, command).toBe(403);
		expect(json.error).toContain(`"${command}"`);
		expect(json.error).toContain(configFile);
		expect(await expectNoMarker(marker)).toBe(true);
	}

	test('a listed command starts', async () => {
		const marker = markerPath('spawned');
		const { status } = await spawnViaRelay(pg.port, pg.token, markerCommand(marker));
		expect(status).toBe(201);
		await expect.poll(() => existsSync(marker)).toBe(true);
	});

	test('a command that is not listed is refused, and nothing runs', async () => {
		const marker = markerPath('spawned');
		await refused({ command: 'sh', args: ['-c', `echo x > '${marker}'`] }, marker, 'sh');
		const withPath = { command: '/bin/sh', args: ['-c', `echo x > '${marker}'`] };
		await refused(withPath, marker, '/bin/sh');
	});

	test('the PATH trick: a program named node in a directory the request puts on PATH', async () => {
		const marker = markerPath('spawned');
		const bin = fakeNode(marker);
		const command = path.join(bin, 'node');
		await refused({ command, args: [], env: { PATH: bin } }, marker, command);
		// A bare "node" is looked up on the server's PATH, not the request's: the real node runs.
		const { status, json } = await spawnViaRelay(pg.port, pg.token, {
			command: 'node',
			args: ['-e', 'console.log(JSON.stringify(process.versions.node))'],
			env: { PATH: bin }
		});
		expect(status).toBe(201);
		const frames = await readRelay(pg.port, json.id!, pg.token, hasExit);
		expect(frames.filter((f) => f.event === 'stdout').map((f) => f.data)).toEqual([
			JSON.stringify(process.versions.node)
		]);
		expect(await expectNoMarker(marker)).toBe(true);
	});

	test('the symlink trick: a link named node that points at another program', async () => {
		const marker = markerPath('spawned');
		const fake = path.join(fakeNode(marker), 'node');
		const links = mkdtempSync(path.join(dir, 'links-'));
		mkdirSync(path.join(links, 'bin'));
		const link = path.join(links, 'bin', 'node');
		symlinkSync(fake, link);
		await refused({ command: link, args: [] }, marker, link);
		await refused({ command: './node', args: [], cwd: path.join(links, 'bin') }, marker, './node');
	});
});
