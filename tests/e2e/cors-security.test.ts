import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { expect, test, type APIRequestContext } from '@playwright/test';
import { API_REFUSALS, corsHeadersIn, encodedSpellings } from './api-refusals';
import { E2E_PORT as PORT, mainToken as token, pageHeaders, rawRequest } from './relay-helpers';

/**
 * The probe, the proxy and the lab route refuse everything the relay refuses (the /api guard in
 * hooks.server.ts; the shared table in api-refusals.ts mirrors relay-security.test.ts) and, past
 * the guard, refuse anything but well-formed absolute http(s) targets. Each refusal is also
 * checked to have had no effect: a sentinel server counts every request it receives, and must
 * receive none; the lab must still be the same running lab (same server URLs).
 */

const BASE = `http://127.0.0.1:${PORT}`;

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

/** Each route with a body that reaches the sentinel if the route runs (the lab's has no target). */
const routes = () => [
	{
		path: '/api/probe',
		body: { url: sentinelUrl, origin: BASE, method: 'POST', requestHeaders: {} }
	},
	{ path: '/api/proxy', body: { url: sentinelUrl, method: 'POST', headers: {}, body: '{}' } },
	{ path: '/api/lab/start', body: {} }
];

/** The running lab's server URLs. A refused start that got through for another Host restarts it. */
async function labUrls(): Promise<string[]> {
	const res = await rawRequest(PORT, 'POST', '/api/lab/start', pageHeaders(PORT, token()), '{}');
	expect(res.status).toBe(200);
	const { servers } = JSON.parse(res.body) as { servers: Array<{ url: string }> };
	expect(servers.length).toBeGreaterThan(0);
	return servers.map((s) => s.url);
}

type Post = { headers?: Record<string, string>; data?: unknown };
async function post(request: APIRequestContext, path: string, o: Post) {
	return request.fetch(`${BASE}${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...(o.headers ?? {}) },
		data: JSON.stringify(o.data ?? {}),
		failOnStatusCode: false
	});
}

test.describe('probe, proxy and lab behind the /api guard', () => {
	test('work with the token (positive control)', async () => {
		for (const r of routes()) {
			const res = await rawRequest(
				PORT,
				'POST',
				r.path,
				pageHeaders(PORT, token()),
				JSON.stringify(r.body)
			);
			expect(res.status, r.path).toBe(200);
		}
		expect(hits).toBeGreaterThanOrEqual(4); // probe: preflight + request + control; proxy: 1
		expect(await labUrls()).toEqual(await labUrls()); // starting it again is a no-op
	});

	test('the encoded spellings of /api reach the routes (control for the refusal)', async () => {
		for (const r of routes()) {
			for (const path of encodedSpellings(r.path)) {
				hits = 0;
				const headers = pageHeaders(PORT, token());
				const res = await rawRequest(PORT, 'POST', path, headers, JSON.stringify(r.body));
				expect(res.status, path).toBe(200);
				if (r.path !== '/api/lab/start') expect(hits, path).toBeGreaterThan(0);
			}
		}
	});

	for (const refusal of API_REFUSALS) {
		test(`refuse ${refusal.name}`, async () => {
			const lab = await labUrls();
			for (const r of routes()) {
				const { method, path, headers } = refusal.build({
					port: PORT,
					token: token(),
					route: r.path
				});
				const body = method === 'POST' ? JSON.stringify(r.body) : undefined;
				const res = await rawRequest(PORT, method, path, headers, body);
				expect(res.status, `${method} ${path}: ${res.body}`).toBe(refusal.status);
				if (refusal.error) expect(JSON.parse(res.body).error, path).toMatch(refusal.error);
				expect(corsHeadersIn(res.headers), path).toEqual([]);
			}
			expect(hits).toBe(0);
			expect(await labUrls()).toEqual(lab);
		});
	}

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
