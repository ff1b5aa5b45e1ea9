/**
 * One lab server: the scenario's CORS behaviour (deliberately wrong in one way) in front of a
 * real MCP endpoint at /mcp, on its own 127.0.0.1 port — a second origin for the playground.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createMcpEndpoint } from './mcp.js';
import type { LabCors, LabScenario } from './scenarios.js';

export interface RunningLabServer {
	scenario: LabScenario;
	url: string;
	close(): Promise<void>;
}

function setAllowOrigin(res: ServerResponse, cors: LabCors, origin: string | undefined): void {
	if (cors.allowOrigin === null || origin === undefined) return;
	if (cors.allowOrigin === 'echo') res.setHeader('Access-Control-Allow-Origin', origin);
	else if (cors.allowOrigin === 'twice')
		res.setHeader('Access-Control-Allow-Origin', [origin, '*']);
	else res.setHeader('Access-Control-Allow-Origin', cors.allowOrigin);
	res.setHeader('Vary', 'Origin');
}

function authorized(req: IncomingMessage, token: string | undefined): boolean {
	return token === undefined || req.headers.authorization === `Bearer ${token}`;
}

function unauthorized(res: ServerResponse, port: number): void {
	res.writeHead(401, {
		'content-type': 'application/json',
		'WWW-Authenticate': `Bearer resource_metadata="http://127.0.0.1:${port}/.well-known/oauth-protected-resource/mcp"`
	});
	res.end(
		JSON.stringify({ error: 'invalid_token', error_description: 'A bearer token is required.' })
	);
}

/** Answers OPTIONS; returns after writing the response. */
function preflight(
	req: IncomingMessage,
	res: ServerResponse,
	s: LabScenario,
	port: number,
	path: string
): void {
	const { cors } = s;
	if (s.authOnOptions && !authorized(req, s.token)) return unauthorized(res, port);
	if (cors.preflightStatus) {
		res.writeHead(cors.preflightStatus, { Allow: 'GET, POST, DELETE' }).end();
		return;
	}
	setAllowOrigin(res, cors, req.headers.origin);
	if (cors.preflightRedirect && path === '/mcp') {
		res.writeHead(308, { Location: `http://127.0.0.1:${port}/mcp/` }).end();
		return;
	}
	res.writeHead(204, {
		'Access-Control-Allow-Methods': cors.allowMethods,
		'Access-Control-Allow-Headers': cors.allowHeaders,
		// No preflight caching: the lab is for watching preflights happen.
		'Access-Control-Max-Age': '0'
	});
	res.end();
}

function listener(s: LabScenario, pageOrigins: string[], port: () => number) {
	const mcp = createMcpEndpoint(s.id, s.jsonResponse);
	const handler = async (req: IncomingMessage, res: ServerResponse) => {
		const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
		if (path !== '/mcp' && path !== '/mcp/') {
			res.writeHead(404, { 'content-type': 'text/plain' }).end('The MCP endpoint is /mcp');
			return;
		}
		const origin = req.headers.origin;
		// MCP: "Servers MUST validate the Origin header … respond with HTTP 403 Forbidden".
		if (origin !== undefined && !(s.cors.originAllowList ?? pageOrigins).includes(origin)) {
			res
				.writeHead(403, { 'content-type': 'text/plain' })
				.end(`Forbidden: Origin ${origin} is not allowed`);
			return;
		}
		if (req.method === 'OPTIONS') return preflight(req, res, s, port(), path);
		setAllowOrigin(res, s.cors, origin);
		res.setHeader('Access-Control-Expose-Headers', s.cors.exposeHeaders);
		if (!authorized(req, s.token)) return unauthorized(res, port());
		await mcp.handle(req, res);
	};
	return { mcp, handler };
}

export async function startLabServer(
	scenario: LabScenario,
	pageOrigins: string[],
	requestedPort = 0
): Promise<RunningLabServer> {
	let port = 0;
	const { mcp, handler } = listener(scenario, pageOrigins, () => port);
	const served = await serve(handler, requestedPort, mcp.close);
	port = served.port;
	return { scenario, url: `http://127.0.0.1:${port}/mcp`, close: served.close };
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * Listens on 127.0.0.1 (`requestedPort` 0: a free port) with `handler`; a handler that throws
 * answers 500 with its message. `close()` runs `closeSessions`, then drops every connection.
 */
export async function serve(
	handler: Handler,
	requestedPort: number,
	closeSessions: () => Promise<void>
): Promise<{ port: number; close(): Promise<void> }> {
	const server: Server = createServer((req, res) => {
		handler(req, res).catch((error: Error) => {
			if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
			res.end(`Lab server error: ${error.message}`);
		});
	});
	const port = await new Promise<number>((resolve, reject) => {
		server.once('error', reject);
		server.listen(requestedPort, '127.0.0.1', () => {
			const address = server.address();
			if (address && typeof address === 'object') resolve(address.port);
			else reject(new Error('no TCP address'));
		});
	});
	return {
		port,
		close: async () => {
			await closeSessions();
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		}
	};
}
