/**
 * The launcher's fast path on a real Node `http` server: every answer it writes itself (the
 * guard's refusals, the relay's answers, the SSE stream) carries the same security headers that
 * hooks.server.ts puts on SvelteKit's responses.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityHeaders } from '../headers';
import { relayFastPath } from './fast-path';
import { createSession } from './registry';
import type { RelaySession } from './session';

// Read by getConfig() on its first call, which comes after this module body has run.
const TOKEN = 'fast-path-spec-token-0123456789';
process.env.PLAYGROUND_TOKEN = TOKEN;
process.env.PLAYGROUND_LAUNCHER = '1'; // no "open this URL" line in the test output
process.env.PLAYGROUND_RELAY_GRACE_MS = '200';

let server: http.Server;
let port: number;
let session: RelaySession;

beforeAll(async () => {
	server = http.createServer((req, res) => {
		if (!relayFastPath(req, res)) res.writeHead(418).end('not for the fast path');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	port = (server.address() as AddressInfo).port;
	const script = "process.stdin.resume(); console.log('{}'); setInterval(() => {}, 1000)";
	session = await createSession({ command: process.execPath, args: ['-e', script], env: {} });
});

afterAll(async () => {
	session?.killNow();
	await new Promise((resolve) => server?.close(resolve));
});

function pageHeaders(): Record<string, string> {
	return {
		host: `127.0.0.1:${port}`,
		origin: `http://127.0.0.1:${port}`,
		'x-playground-token': TOKEN,
		'content-type': 'application/json'
	};
}

/** Resolves with the status and headers as soon as they arrive (an SSE body never ends). */
function headersOf(
	method: string,
	pathname: string,
	headers: Record<string, string>,
	body?: string
): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
	return new Promise((resolve, reject) => {
		const req = http.request(
			{ host: '127.0.0.1', port, method, path: pathname, headers },
			(res) => {
				resolve({ status: res.statusCode ?? 0, headers: res.headers });
				res.destroy();
			}
		);
		req.on('error', reject);
		req.end(body);
	});
}

function expectSecurityHeaders(headers: http.IncomingHttpHeaders, pathname: string): void {
	const expected = securityHeaders(pathname, null, false, {});
	expect(Object.keys(expected).length).toBeGreaterThan(0);
	for (const [name, value] of Object.entries(expected)) {
		expect(headers[name.toLowerCase()], name).toBe(value);
	}
	expect(headers['access-control-allow-origin']).toBeUndefined();
}

describe('relay fast path', () => {
	it('is the one answering (control: other paths fall through)', async () => {
		expect((await headersOf('GET', '/api/config', pageHeaders())).status).toBe(418);
	});

	it('puts the security headers on the guard’s refusals', async () => {
		const path = `/api/relay/${session.id}`;
		const foreignHost = { ...pageHeaders(), host: `evil.example:${port}` };
		const foreignOrigin = { ...pageHeaders(), origin: 'http://evil.example' };
		const { 'x-playground-token': _t, ...noToken } = pageHeaders();
		for (const [headers, status] of [
			[foreignHost, 403],
			[foreignOrigin, 403],
			[noToken, 401]
		] as const) {
			for (const method of ['GET', 'POST']) {
				const answer = await headersOf(method, path, headers, method === 'POST' ? '{}' : undefined);
				expect(answer.status, `${method} ${JSON.stringify(headers)}`).toBe(status);
				expect(answer.headers['content-type']).toBe('application/json');
				expectSecurityHeaders(answer.headers, path);
			}
		}
	});

	it('puts them on the relay’s own answers: unknown session, stdin accepted, SSE stream', async () => {
		const unknown = '/api/relay/00000000-0000-0000-0000-000000000000';
		const missing = await headersOf('GET', unknown, pageHeaders());
		expect(missing.status).toBe(404);
		expectSecurityHeaders(missing.headers, unknown);

		const path = `/api/relay/${session.id}`;
		const written = await headersOf('POST', path, pageHeaders(), '{"jsonrpc":"2.0"}');
		expect(written.status).toBe(202);
		expectSecurityHeaders(written.headers, path);

		const { 'content-type': _c, ...getHeaders } = pageHeaders();
		const sse = await headersOf('GET', `${path}?x=1`, getHeaders);
		expect(sse.status).toBe(200);
		expect(sse.headers['content-type']).toBe('text/event-stream');
		expectSecurityHeaders(sse.headers, path);
	});
});
