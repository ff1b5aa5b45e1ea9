/**
 * The relay's per-message routes served straight on Node's `http` objects, in front of
 * SvelteKit, when the launcher runs the server. A stdin line and an SSE frame are the hot path of
 * every stdio round trip; going through SvelteKit (Request/Response objects, a web stream per
 * SSE reader) costs ~0.5 ms per message on a small machine. Same guard (checkApiRequest, same
 * order), same answers (http.ts) and same security headers (headers.ts) as the routes in
 * src/routes/api/relay/[id]; anything that is not exactly `GET|POST /api/relay/<uuid>` falls
 * through to SvelteKit and its guard.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getConfig } from '../config.js';
import { securityHeaders } from '../headers.js';
import { checkApiRequest, type HeaderReader, type Refusal } from '../security.js';
import {
	maxStdinBytes,
	openRelayStream,
	SSE_HEADERS,
	tooLarge,
	unknownSession,
	writeStdinLine,
	type RelayAnswer
} from './http.js';
import { getSession } from './registry.js';
import type { RelaySession } from './session.js';

export type FastPath = (req: IncomingMessage, res: ServerResponse) => boolean;

/** Where hooks.server.ts publishes the fast path for the launcher (src/cli/start.js). */
export const FAST_PATH_KEY = Symbol.for('mcp-playground.relay-fast-path');

const SESSION_PATH =
	/^\/api\/relay\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

function headerReader(req: IncomingMessage): HeaderReader {
	return {
		get(name) {
			const value = req.headers[name];
			return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
		}
	};
}

/**
 * What hooks.server.ts adds to every SvelteKit response (none of these answers is HTML, so no
 * CSP). Computed per request, as the hook does, so the two cannot drift apart.
 */
function withSecurity(
	req: IncomingMessage,
	headers: Record<string, string>
): Record<string, string> {
	const pathname = (req.url ?? '/').split('?')[0]!;
	return { ...headers, ...securityHeaders(pathname, null, false, process.env) };
}

function answer(req: IncomingMessage, res: ServerResponse, result: RelayAnswer | Refusal): void {
	const error = 'error' in result ? result.error : undefined;
	if (!error) {
		res.writeHead(result.status, withSecurity(req, { 'cache-control': 'no-store' })).end();
		return;
	}
	const body = JSON.stringify({ error, hint: result.hint });
	const headers = { 'content-type': 'application/json', 'cache-control': 'no-store' };
	res.writeHead(result.status, withSecurity(req, headers));
	res.end(body);
}

function stream(req: IncomingMessage, res: ServerResponse, session: RelaySession): void {
	res.writeHead(200, withSecurity(req, SSE_HEADERS));
	const sink = { write: (frame: Buffer) => res.write(frame), end: () => res.end() };
	res.on('close', openRelayStream(session, sink, headerReader(req).get('last-event-id')));
}

function writeLine(req: IncomingMessage, res: ServerResponse, session: RelaySession): void {
	const max = maxStdinBytes();
	const chunks: Buffer[] = [];
	let bytes = 0;
	req.on('data', (chunk: Buffer) => {
		bytes += chunk.length;
		if (bytes <= max) chunks.push(chunk);
	});
	req.on('end', () => {
		if (bytes > max) return answer(req, res, tooLarge());
		const line = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8');
		answer(req, res, writeStdinLine(session, line, bytes));
	});
}

/** Handles the request and returns true, or returns false to let SvelteKit handle it. */
export const relayFastPath: FastPath = (req, res) => {
	const method = req.method ?? '';
	if (method !== 'GET' && method !== 'POST') return false;
	const url = req.url ?? '';
	const query = url.indexOf('?');
	const match = SESSION_PATH.exec(query === -1 ? url : url.slice(0, query));
	if (!match) return false;
	const input = { method, headers: headerReader(req), localPort: req.socket.localPort };
	const refusal = checkApiRequest(input, getConfig());
	if (refusal) {
		req.resume();
		answer(req, res, refusal);
		return true;
	}
	const session = getSession(match[1]!);
	if (!session) {
		req.resume();
		answer(req, res, unknownSession(match[1]!));
	} else if (method === 'GET') stream(req, res, session);
	else writeLine(req, res, session);
	return true;
};
