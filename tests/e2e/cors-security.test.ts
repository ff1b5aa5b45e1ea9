import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { expect, test, type APIRequestContext } from '@playwright/test';

/**
 * The probe, the proxy and the lab route refuse everything the relay refuses (the /api guard in
 * hooks.server.ts) and, past the guard, refuse anything but well-formed absolute http(s) targets.
 * Each refusal is also checked to have had no effect: a sentinel server counts every request it
 * receives, and must receive none.
 */

const BASE = `http://127.0.0.1:${process.env.E2E_PORT ?? 4319}`;
const token = () => readFileSync('test-results/.token', 'utf8').trim();

let hits = 0;
let sentinelUrl = '';
let sentinel: ReturnType<typeof import('node:http').createServer>;

test.beforeAll(async () => {
	const http = await import('node:http');
	sentinel = http.createServer((req, res) => {
		hits += 1;
		res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
	});
	await new Promise<void>((r) => sentinel.listen(0, '127.0.0.1', () => r()));
	const address = sentinel.address();
	sentinelUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/mcp`;
});
test.afterAll(async () => {
	sentinel.closeAllConnections();
	await new Promise<void>((r) => sentinel.close(() => r()));
});
test.beforeEach(() => {
	hits = 0;
});

const routes = () => [
	{
		path: '/api/probe',
		body: { url: sentinelUrl, origin: BASE, method: 'POST', requestHeaders: {} }
	},
	{ path: '/api/proxy', body: { url: sentinelUrl, method: 'POST', headers: {}, body: '{}' } }
];

type Post = { headers?: Record<string, string>; data?: unknown; path?: string };
async function post(request: APIRequestContext, path: string, o: Post) {
	return request.fetch(`${BASE}${o.path ?? path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...(o.headers ?? {}) },
		data: JSON.stringify(o.data ?? {}),
		failOnStatusCode: false
	});
}

test.describe('probe and proxy behind the /api guard', () => {
	test('work with the token (positive control)', async ({ request }) => {
		for (const r of routes()) {
			const res = await post(request, r.path, {
				headers: { 'x-playground-token': token() },
				data: r.body
			});
			expect(res.status(), r.path).toBe(200);
		}
		expect(hits).toBeGreaterThanOrEqual(4); // probe: preflight + request + control; proxy: 1
	});

	const refusals: Array<[string, (r: { path: string; body: unknown }) => Post, number]> = [
		['no token', (r) => ({ data: r.body }), 401],
		[
			'a wrong token',
			(r) => ({ headers: { 'x-playground-token': 'x'.repeat(43) }, data: r.body }),
			401
		],
		[
			'the token in the query string only',
			(r) => ({ path: `${r.path}?token=${token()}`, data: r.body }),
			401
		],
		[
			'a cross-origin Origin',
			(r) => ({
				headers: { 'x-playground-token': token(), origin: 'https://evil.example' },
				data: r.body
			}),
			403
		],
		[
			'a foreign Host (DNS rebinding)',
			(r) => ({
				headers: {
					'x-playground-token': token(),
					host: `evil.example:${process.env.E2E_PORT ?? 4319}`
				},
				data: r.body
			}),
			403
		]
	];
	for (const [name, build, status] of refusals) {
		test(`refuse ${name}`, async ({ request }) => {
			for (const r of routes()) {
				const res = await post(request, r.path, build(r));
				expect(res.status(), `${r.path} with ${name}`).toBe(status);
				expect(res.headers()['access-control-allow-origin']).toBeUndefined();
			}
			const lab = await post(
				request,
				'/api/lab/start',
				build({ path: '/api/lab/start', body: {} })
			);
			expect(lab.status()).toBe(status);
			expect(hits).toBe(0);
		});
	}

	test('refuse a form-encoded cross-site simple request', async ({ request }) => {
		for (const r of routes()) {
			const res = await request.fetch(`${BASE}${r.path}`, {
				method: 'POST',
				headers: {
					'content-type': 'application/x-www-form-urlencoded',
					origin: 'https://evil.example'
				},
				data: `url=${encodeURIComponent(sentinelUrl)}`,
				failOnStatusCode: false
			});
			expect(res.status()).toBe(403);
		}
		expect(hits).toBe(0);
	});

	test('a preflight from another origin gets no CORS permission', async ({ request }) => {
		for (const r of routes()) {
			const res = await request.fetch(`${BASE}${r.path}`, {
				method: 'OPTIONS',
				headers: {
					origin: 'https://evil.example',
					'access-control-request-method': 'POST',
					'access-control-request-headers': 'x-playground-token,content-type'
				},
				failOnStatusCode: false
			});
			expect(res.status()).toBeGreaterThanOrEqual(400);
			expect(res.headers()['access-control-allow-origin']).toBeUndefined();
		}
	});

	for (const target of [
		'file:///etc/passwd',
		'javascript:alert(1)',
		'ftp://127.0.0.1/x',
		'data:text/plain,x',
		'not a url',
		'/api/relay',
		'http://user:pw@127.0.0.1/'
	]) {
		test(`refuse the target ${target}`, async ({ request }) => {
			for (const path of ['/api/probe', '/api/proxy']) {
				const res = await post(request, path, {
					headers: { 'x-playground-token': token() },
					data: { url: target, origin: BASE }
				});
				expect(res.status(), path).toBe(400);
				expect((await res.json()).error).toMatch(/http|URL|Refused/);
			}
		});
	}
});

async function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const s = createServer();
		s.listen(0, '127.0.0.1', () => {
			const a = s.address();
			s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
		});
	});
}

test.describe('hosted mode', () => {
	let child: ChildProcess;
	let port = 0;
	test.beforeAll(async () => {
		port = await freePort();
		child = spawn(process.execPath, ['build/index.js'], {
			env: {
				...process.env,
				PLAYGROUND_MODE: 'hosted',
				HOST: '127.0.0.1',
				PORT: String(port),
				PLAYGROUND_TOKEN: 'hosted-token'
			},
			stdio: 'ignore'
		});
		for (let i = 0; i < 100; i++) {
			const ok = await fetch(`http://127.0.0.1:${port}/`).then(
				() => true,
				() => false
			);
			if (ok) return;
			await new Promise((r) => setTimeout(r, 100));
		}
		throw new Error('hosted build did not start');
	});
	test.afterAll(() => {
		child.kill('SIGTERM');
	});

	test('answers 404 for probe, proxy and lab, even with the right token', async ({ request }) => {
		for (const path of ['/api/probe', '/api/proxy', '/api/lab/start']) {
			const res = await request.fetch(`http://127.0.0.1:${port}${path}`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'x-playground-token': 'hosted-token' },
				data: JSON.stringify({ url: sentinelUrl, origin: `http://127.0.0.1:${port}` }),
				failOnStatusCode: false
			});
			expect(res.status(), path).toBe(404);
		}
		expect(hits).toBe(0);
	});
});
