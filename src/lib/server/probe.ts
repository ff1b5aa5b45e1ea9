/**
 * The CORS probe (local mode): replays, from the server side, what a browser on `origin` would
 * send — the OPTIONS preflight, the real request, and the real request without `Origin` (the
 * control that tells a server's Origin check from other 403s) — with `redirect: manual`
 * semantics, and returns every status and header exactly as received (repeats kept), for
 * `analyzeCors` to diagnose. Uses node:http rather than fetch to keep raw, repeated headers.
 */
import http from 'node:http';
import https from 'node:https';
import { accessControlRequestHeaders } from '$lib/mcp/cors/needs';
import type { HttpExchange, ProbeResult, SentRequest } from '$lib/mcp/cors/types';

export type { ProbeResult, SentRequest } from '$lib/mcp/cors/types';
import {
	LATEST_LEGACY_PROTOCOL_VERSION,
	META_CLIENT_CAPABILITIES,
	META_CLIENT_INFO,
	META_PROTOCOL_VERSION,
	MODERN_PROTOCOL_VERSION
} from '$lib/mcp/protocol';
import { parseHeaders, parseMethod, parseOrigin, parseTargetUrl, TargetError } from './target.js';

export interface ProbeInput {
	url: URL;
	origin: string;
	method: string;
	/** The real request's headers (name → value). */
	requestHeaders: Record<string, string>;
	/**
	 * Header names the connection will send on *some* request (MCP-Protocol-Version after
	 * initialize, Mcp-Session-Id, Mcp-Name, Mcp-Param-*, …). The preflight asks for them too, as
	 * the browser's later preflights will: a server that reflects the requested headers would
	 * otherwise seem to refuse every header this one request did not carry.
	 */
	askHeaders?: string[];
	era: 'modern' | 'legacy' | 'auto';
	body?: string;
	timeoutMs?: number;
}

const SNIPPET_BYTES = 2048;
const CLIENT_INFO = { name: 'mcp-playground-cors-probe', version: '0.1.0' };

/** The body of the real request: server/discover (modern) or initialize (legacy / unknown). */
export function defaultBody(era: ProbeInput['era']): string {
	if (era === 'modern') {
		const _meta = {
			[META_PROTOCOL_VERSION]: MODERN_PROTOCOL_VERSION,
			[META_CLIENT_CAPABILITIES]: {},
			[META_CLIENT_INFO]: CLIENT_INFO
		};
		return JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'server/discover', params: { _meta } });
	}
	const params = {
		protocolVersion: LATEST_LEGACY_PROTOCOL_VERSION,
		capabilities: {},
		clientInfo: CLIENT_INFO
	};
	return JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params });
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** `askHeaders`: a list of at most 64 valid header names, or nothing. */
function parseHeaderNames(raw: unknown): string[] | undefined {
	if (raw === undefined) return undefined;
	if (!Array.isArray(raw) || raw.length > 64 || !raw.every((n) => typeof n === 'string'))
		throw new TargetError('"askHeaders" must be an array of at most 64 header names.');
	const bad = raw.find((n) => !HEADER_NAME.test(n));
	if (bad !== undefined) throw new TargetError(`"askHeaders" has an invalid header name: ${bad}`);
	return raw;
}

/** Validates the JSON body of `POST /api/probe`. Throws `TargetError` with a user-facing message. */
export function parseProbeInput(raw: unknown): ProbeInput {
	if (typeof raw !== 'object' || raw === null)
		throw new TargetError(
			'The body must be a JSON object {url, origin, method, requestHeaders, era}.'
		);
	const body = raw as Record<string, unknown>;
	const era = body.era === 'modern' || body.era === 'legacy' ? body.era : 'auto';
	if (body.body !== undefined && typeof body.body !== 'string')
		throw new TargetError('"body" must be a string.');
	return {
		url: parseTargetUrl(body.url),
		origin: parseOrigin(body.origin),
		method: parseMethod(body.method, 'POST'),
		requestHeaders: parseHeaders(body.requestHeaders),
		askHeaders: parseHeaderNames(body.askHeaders),
		era,
		body: body.body as string | undefined
	};
}

/** One request with node:http(s); never follows redirects; reads at most a snippet of the body. */
function exchange(req: SentRequest, timeoutMs: number): Promise<HttpExchange> {
	const url = new URL(req.url);
	const client = url.protocol === 'https:' ? https : http;
	return new Promise((resolve) => {
		const headers: http.OutgoingHttpHeaders = {};
		for (const [name, value] of req.headers) headers[name] = value;
		const outgoing = client.request(
			url,
			{ method: req.method, headers, timeout: timeoutMs },
			(res) => {
				const pairs: Array<[string, string]> = [];
				for (let i = 0; i + 1 < res.rawHeaders.length; i += 2)
					pairs.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!]);
				const chunks: Buffer[] = [];
				let size = 0;
				const done = () => {
					clearTimeout(timer);
					res.destroy();
					const bodySnippet = Buffer.concat(chunks).toString('utf8').slice(0, SNIPPET_BYTES);
					resolve({
						status: res.statusCode ?? 0,
						statusText: res.statusMessage,
						headers: pairs,
						bodySnippet
					});
				};
				// An SSE body may never end: stop at the snippet size or after a short wait.
				const timer = setTimeout(done, Math.min(timeoutMs, 1500));
				res.on('data', (chunk: Buffer) => {
					chunks.push(chunk);
					size += chunk.length;
					if (size >= SNIPPET_BYTES) done();
				});
				res.on('end', done);
				res.on('error', done);
			}
		);
		outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)));
		outgoing.on('error', (error: NodeJS.ErrnoException) =>
			resolve({
				status: 0,
				headers: [],
				error: error.code ? `${error.code}: ${error.message}` : error.message
			})
		);
		outgoing.end(req.body);
	});
}

/** The three requests a browser's attempt implies. */
export function plannedRequests(input: ProbeInput): ProbeResult['sent'] {
	const body =
		input.method === 'GET' || input.method === 'HEAD'
			? undefined
			: (input.body ?? defaultBody(input.era));
	const real: Array<[string, string]> = Object.entries(input.requestHeaders);
	const hasType = real.some(([n]) => n.toLowerCase() === 'content-type');
	if (body !== undefined && !hasType) real.push(['Content-Type', 'application/json']);
	if (!real.some(([n]) => n.toLowerCase() === 'accept'))
		real.push(['Accept', 'application/json, text/event-stream']);
	const unsafe = [...real.map(([n]) => n), ...(input.askHeaders ?? [])]
		.filter((n) => !['accept', 'accept-language', 'content-language'].includes(n.toLowerCase()))
		.filter((n, i, all) => all.findIndex((m) => m.toLowerCase() === n.toLowerCase()) === i);
	const preflightHeaders: Array<[string, string]> = [
		['Origin', input.origin],
		['Access-Control-Request-Method', input.method]
	];
	if (unsafe.length)
		preflightHeaders.push(['Access-Control-Request-Headers', accessControlRequestHeaders(unsafe)]);
	preflightHeaders.push(['Accept', '*/*'], ['Sec-Fetch-Mode', 'cors']);
	const url = input.url.href;
	return {
		preflight: { method: 'OPTIONS', url, headers: preflightHeaders },
		request: { method: input.method, url, headers: [['Origin', input.origin], ...real], body },
		control: { method: input.method, url, headers: real, body }
	};
}

/** A session the probe's initialize opened is closed again, best effort. */
function endSession(ex: HttpExchange, sent: SentRequest): void {
	const id = ex.headers.find(([n]) => n.toLowerCase() === 'mcp-session-id')?.[1];
	if (!id) return;
	const headers = sent.headers.filter(([n]) => !['content-type'].includes(n.toLowerCase()));
	void exchange(
		{ method: 'DELETE', url: sent.url, headers: [...headers, ['Mcp-Session-Id', id]] },
		3000
	);
}

export async function probeCors(input: ProbeInput): Promise<ProbeResult> {
	const sent = plannedRequests(input);
	const timeout = input.timeoutMs ?? 10_000;
	const preflight = await exchange(sent.preflight, timeout);
	const request = await exchange(sent.request, timeout);
	const control = await exchange(sent.control, timeout);
	endSession(request, sent.request);
	endSession(control, sent.control);
	return { sent, preflight, request, control };
}
