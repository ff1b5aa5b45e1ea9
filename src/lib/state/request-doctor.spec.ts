import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectionNeeds } from '$lib/mcp/cors/needs';
import { runDoctor } from '$lib/mcp/cors/doctor';
import type { FetchLike } from '$lib/mcp/transport';
import type { Tool } from '$lib/mcp/types';
import { Doctor } from './doctor.svelte';
import type { Playground } from './playground.svelte';
import { requestDiagnosis, requestParamHeaders, type FailedRequest } from './request-doctor';
import { emptyConfig, type ServerConfig } from './server-config';

const URL_ = 'http://127.0.0.1:9/mcp';
const config: ServerConfig = { ...emptyConfig(), url: URL_ };
/** Like the modern test server's route-message: three mirrored parameters, one nested object. */
const routeMessage = {
	name: 'route-message',
	inputSchema: {
		type: 'object',
		properties: {
			region: { type: 'string', 'x-mcp-header': 'Region' },
			priority: { type: 'integer', 'x-mcp-header': 'Priority' },
			message: { type: 'string' },
			meta: { type: 'object', properties: { tenant: { type: 'string', 'x-mcp-header': 'Tenant' } } }
		}
	}
} as unknown as Tool;
const tools = [routeMessage, { name: 'echo', inputSchema: { type: 'object' } } as Tool];

const failedCall = (kind = 'network', name = 'route-message'): FailedRequest => ({
	method: 'tools/call',
	params: { name, arguments: { region: 'eu' } },
	status: 'error',
	error: { message: 'Failed to fetch', kind }
});
const modern = { config, era: 'modern' as const, tools };

describe('requestDiagnosis', () => {
	it('offers the doctor for a CORS-like tools/call failure, with every Mcp-Param-* of the tool', () => {
		const d = requestDiagnosis(failedCall(), modern);
		expect(d?.paramHeaders).toEqual(['Mcp-Param-Region', 'Mcp-Param-Priority', 'Mcp-Param-Tenant']);
		expect(d?.era).toBe('modern');
		expect(d?.reason).toMatch(/tools\/call failed .*Mcp-Param-Region, Mcp-Param-Priority/);
		expect(requestDiagnosis(failedCall('cors'), modern)).toBeDefined();
	});

	it('names no headers for other methods, other tools, or the legacy era', () => {
		expect(requestDiagnosis(failedCall('network', 'echo'), modern)?.paramHeaders).toEqual([]);
		const read = { ...failedCall(), method: 'resources/read', params: { uri: 'a://b' } };
		expect(requestDiagnosis(read, modern)?.reason).toMatch(/^resources\/read failed/);
		expect(requestParamHeaders(failedCall(), { era: 'legacy', tools })).toEqual([]);
		expect(requestParamHeaders(failedCall(), { era: 'modern', tools: [] })).toEqual([]);
	});

	it('stays out of failures CORS does not cause, stdio, the proxy and the disconnected', () => {
		for (const kind of ['http', 'timeout', 'protocol', 'aborted'])
			expect(requestDiagnosis(failedCall(kind), modern), kind).toBeUndefined();
		const jsonRpc = {
			...failedCall(),
			error: { message: 'Tool not found (JSON-RPC error -32602)' }
		};
		expect(requestDiagnosis(jsonRpc, modern)).toBeUndefined();
		expect(requestDiagnosis({ ...failedCall(), status: 'done' }, modern)).toBeUndefined();
		const stdio = { ...emptyConfig(), transport: 'stdio' as const };
		expect(requestDiagnosis(failedCall(), { ...modern, config: stdio })).toBeUndefined();
		expect(requestDiagnosis(failedCall(), { ...modern, via: 'the local proxy' })).toBeUndefined();
		expect(requestDiagnosis(failedCall(), { ...modern, config: undefined })).toBeUndefined();
	});

	it('puts the names into the needs the doctor checks', () => {
		const { paramHeaders } = requestDiagnosis(failedCall(), modern)!;
		const needs = connectionNeeds({
			pageOrigin: 'http://127.0.0.1:4319',
			targetUrl: URL_,
			era: 'modern',
			paramHeaders
		});
		expect(needs.requestHeaders).toEqual(expect.arrayContaining(paramHeaders));
		expect(needs.requestHeaders).toContain('Mcp-Method');
	});
});

/**
 * A browser in front of a server whose Access-Control-Allow-Headers lists the MCP headers but no
 * Mcp-Param-*: a request with any other non-safelisted header fails as a bare TypeError.
 */
const ALLOWED = [
	'content-type',
	'accept',
	'mcp-protocol-version',
	'mcp-method',
	'mcp-name',
	'mcp-session-id',
	'last-event-id'
];
const fakeBrowser: FetchLike = async (_input, init) => {
	if (init?.mode === 'no-cors') return new Response(null);
	const names = Object.keys((init?.headers ?? {}) as Record<string, string>);
	if (names.some((n) => !ALLOWED.includes(n.toLowerCase()))) throw new TypeError('Failed to fetch');
	return new Response('{"jsonrpc":"2.0","id":1,"result":{}}', {
		headers: { 'content-type': 'application/json' }
	});
};

describe('the doctor with the call headers', () => {
	afterEach(() => vi.unstubAllGlobals());

	it('finds the refused Mcp-Param header only when told the call sends it', async () => {
		const base = {
			url: URL_,
			pageOrigin: 'http://127.0.0.1:4319',
			era: 'modern' as const,
			fetch: fakeBrowser
		};
		const without = await runDoctor(base);
		expect(JSON.stringify(without.problems)).not.toMatch(/Mcp-Param-Region/);
		const paramHeaders = requestDiagnosis(failedCall(), modern)!.paramHeaders;
		const withNames = await runDoctor({ ...base, paramHeaders });
		expect(JSON.stringify(withNames.problems)).toMatch(/Mcp-Param-Region/);
	});

	it("Doctor.actionFor runs the doctor with the tool's headers and the connection's era", async () => {
		vi.stubGlobal('location', { origin: 'http://127.0.0.1:4319' });
		vi.stubGlobal('fetch', fakeBrowser);
		const pg = {
			connection: { config, via: undefined, server: { era: 'modern' }, relayToken: null },
			features: { tools: { items: tools } }
		} as unknown as Playground;
		const doctor = new Doctor(pg);
		expect(doctor.actionFor(failedCall('http'))).toBeUndefined();
		const action = doctor.actionFor(failedCall());
		expect(action).toBeTypeOf('function');
		action!();
		expect(doctor.visible).toBe(true);
		await vi.waitFor(() => expect(doctor.status).toBe('done'));
		expect(doctor.error).toBeUndefined();
		expect(doctor.report?.needs.era).toBe('modern');
		expect(doctor.report?.needs.requestHeaders).toContain('Mcp-Param-Tenant');
		expect(JSON.stringify(doctor.report?.problems)).toMatch(/Mcp-Param-Region/);
		doctor.reset();
		expect(doctor.paramHeaders).toEqual([]);
	});
});
