import { describe, expect, it } from 'vitest';
import { TransportError } from '$lib/mcp/errors';
import { doctorTrigger, transportErrors } from './doctor-trigger';

const http = (status: number, headers: Record<string, string> = {}, sessionExpired = false) =>
	new TransportError({ kind: 'http', message: `HTTP ${status}`, status, headers, sessionExpired });
const network = () =>
	new TransportError({ kind: 'network', message: 'Could not reach x: Failed to fetch.' });

describe('doctorTrigger', () => {
	it('runs at once on a bare TypeError (network or cors kind)', () => {
		expect(doctorTrigger(network())).toMatchObject({ auto: true, reason: /bare TypeError/ });
		const cors = new TransportError({ kind: 'cors', message: 'blocked' });
		expect(doctorTrigger(cors)?.auto).toBe(true);
	});

	it("looks inside connect()'s AggregateError (Streamable HTTP, then HTTP+SSE)", () => {
		const both = new AggregateError([http(400), http(405)], 'Could not connect with either');
		expect(doctorTrigger(both)).toMatchObject({ auto: true, reason: /Mcp-Session-Id/ });
	});

	it('and inside causes', () => {
		expect(doctorTrigger(new Error('wrapped', { cause: network() }))?.auto).toBe(true);
	});

	it('a 401 runs it only when the challenge was invisible', () => {
		expect(doctorTrigger(http(401))).toMatchObject({ auto: true, reason: /WWW-Authenticate/ });
		expect(doctorTrigger(http(401, { 'WWW-Authenticate': 'Bearer' }))?.auto).toBe(false);
	});

	it("a 403 may be the server's own Origin check", () => {
		expect(doctorTrigger(http(403))).toMatchObject({ auto: true, reason: /allow-list/ });
	});

	it('an expired session (404 with a session id) is not CORS: only offered', () => {
		expect(doctorTrigger(http(404, {}, true))?.auto).toBe(false);
	});

	it('other failures are offered, not run', () => {
		expect(doctorTrigger(http(500))).toMatchObject({ auto: false });
		expect(doctorTrigger(new Error('Unsupported protocol version'))?.auto).toBe(false);
	});

	it('a cancelled connection gets no doctor', () => {
		expect(doctorTrigger(new TransportError({ kind: 'aborted', message: 'x' }))).toBeUndefined();
		expect(doctorTrigger(new DOMException('stop', 'AbortError'))).toBeUndefined();
	});
});

describe('transportErrors', () => {
	it('finds each error once, and stops at a bounded depth', () => {
		const e = network();
		expect(transportErrors(new AggregateError([e, e]))).toEqual([e]);
		let deep: unknown = e;
		for (let i = 0; i < 10; i++) deep = new Error('layer', { cause: deep });
		expect(transportErrors(deep)).toEqual([]);
	});
});
