// @ts-check
/**
 * CORS for the test servers, written the way CLIENT-SPEC.md says a server must answer a browser
 * MCP client: preflight without auth, the exact origin echoed (never `*` with Authorization),
 * every MCP request header allowed (including any `Mcp-Param-*`, which no static list can
 * name), and the headers the client must read exposed.
 */

/** The playground origins Playwright's webServer uses (playwright.config.ts: E2E_PORT, 4319). */
const E2E_PORT = process.env.E2E_PORT ?? '4319';
export const PLAYGROUND_ORIGINS = [`http://127.0.0.1:${E2E_PORT}`, `http://localhost:${E2E_PORT}`];

/** Request headers a browser MCP client may send (lower case). */
export const ALLOWED_REQUEST_HEADERS = [
	'content-type',
	'accept',
	'authorization',
	'mcp-protocol-version',
	'mcp-method',
	'mcp-name',
	'mcp-session-id',
	'last-event-id'
];

/** Response headers the browser must let the client read. */
export const EXPOSED_HEADERS = [
	'Mcp-Session-Id',
	'MCP-Protocol-Version',
	'WWW-Authenticate',
	'Last-Event-ID'
];

/**
 * @typedef {boolean | { origin: string | string[] } | undefined} CorsOption
 *   `true`: allow PLAYGROUND_ORIGINS; `{ origin }`: allow exactly these; falsy: no CORS headers.
 */

/**
 * @param {CorsOption} option
 * @returns {string[] | null} allowed origins, or null when CORS is off
 */
export function corsOrigins(option) {
	if (!option) return null;
	if (option === true) return PLAYGROUND_ORIGINS;
	return Array.isArray(option.origin) ? option.origin : [option.origin];
}

/**
 * Filters a preflight's Access-Control-Request-Headers down to the ones we allow, so the
 * answer names `Mcp-Param-Region` explicitly (a `*` would not cover Authorization).
 * @param {string | undefined} requested
 */
export function allowedHeadersFor(requested) {
	const asked = (requested ?? '')
		.split(',')
		.map((h) => h.trim().toLowerCase())
		.filter((h) => h.length > 0);
	const allowed = new Set(ALLOWED_REQUEST_HEADERS);
	for (const h of asked) if (h.startsWith('mcp-param-')) allowed.add(h);
	return [...allowed].join(', ');
}

/**
 * Applies CORS to one request. Answers preflights itself and refuses foreign origins with 403
 * (the transport spec: servers MUST validate Origin).
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {string[]} origins
 * @returns {boolean} true when the caller should go on handling the request
 */
export function handleCors(req, res, origins) {
	const origin = req.headers.origin;
	if (origin === undefined) return true; // not a browser: nothing to negotiate
	if (!origins.includes(origin)) {
		res.writeHead(403, { 'content-type': 'application/json' });
		res.end(JSON.stringify(forbiddenOrigin(origin)));
		return false;
	}
	res.setHeader('Access-Control-Allow-Origin', origin);
	res.setHeader('Vary', 'Origin');
	res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS.join(', '));
	if (req.method !== 'OPTIONS') return true;
	const requested = req.headers['access-control-request-headers'];
	res.writeHead(204, {
		'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
		'Access-Control-Allow-Headers': allowedHeadersFor(requested),
		'Access-Control-Max-Age': '600'
	});
	res.end();
	return false;
}

/** @param {string} origin */
function forbiddenOrigin(origin) {
	return {
		jsonrpc: '2.0',
		id: null,
		error: {
			code: -32000,
			message: `Forbidden: origin ${origin} is not on this server's allow-list`
		}
	};
}
