/**
 * The CORS lab's servers: one correct, and each of the others wrong in exactly one way that
 * browsers MCP clients meet in the wild. `expect` is what the doctor must report (and nothing
 * else); the lab page shows it and the e2e tests assert it.
 */

/** How one lab server answers CORS. */
export interface LabCors {
	/** `echo`: the request's Origin when allowed; a string: that literal; `twice`: two headers; null: none. */
	allowOrigin: 'echo' | 'twice' | string | null;
	allowMethods: string;
	allowHeaders: string;
	exposeHeaders: string;
	/** Answer OPTIONS with this status and no CORS headers (auth or routing before CORS). */
	preflightStatus?: number;
	/** Answer OPTIONS with a 308 to the trailing-slash URL. */
	preflightRedirect?: boolean;
	/** The server's own Origin check: only these origins pass (403 otherwise). Default: the page's. */
	originAllowList?: string[];
}

export interface LabScenario {
	id: string;
	title: string;
	/** What is wrong, in one sentence (shown in the lab table). */
	wrong: string;
	cors: LabCors;
	/** The server requires `Authorization: Bearer <token>` on everything but OPTIONS. */
	token?: string;
	/** Authorization applies to OPTIONS too (the classic "auth before CORS" bug). */
	authOnOptions?: boolean;
	/** The page sends the token (so `Authorization` is among its request headers). */
	pageSendsToken?: boolean;
	/** The doctor's expected finding; null for the correct server. */
	expect: { id: string; header?: string; missing?: string[]; severity: 'error' | 'warning' } | null;
	/** Whether a direct browser connection is expected to work despite the finding. */
	connects: boolean;
	/** Answer every POST with one JSON body instead of an event stream (both are allowed). */
	jsonResponse?: boolean;
}

export const LAB_TOKEN = 'lab-secret-token';

const METHODS = 'GET, POST, DELETE, OPTIONS';
const HEADERS =
	'Content-Type, Authorization, MCP-Protocol-Version, Mcp-Method, Mcp-Name, Mcp-Session-Id, Last-Event-ID';
const EXPOSE = 'Mcp-Session-Id, WWW-Authenticate, MCP-Protocol-Version';
const GOOD: LabCors = {
	allowOrigin: 'echo',
	allowMethods: METHODS,
	allowHeaders: HEADERS,
	exposeHeaders: EXPOSE
};

export const SCENARIOS: LabScenario[] = [
	{
		id: 'correct',
		title: 'Correct',
		wrong: 'Nothing: this is what a browser-ready MCP server sends.',
		cors: GOOD,
		expect: null,
		connects: true
	},
	{
		id: 'correct-json',
		title: 'Correct, answering with JSON',
		wrong: 'Nothing: the same server, answering each POST with application/json, not a stream.',
		cors: GOOD,
		expect: null,
		connects: true,
		jsonResponse: true
	},
	{
		id: 'no-allow-origin',
		title: 'No Access-Control-Allow-Origin',
		wrong: 'Sends every other CORS header but never Access-Control-Allow-Origin.',
		cors: { ...GOOD, allowOrigin: null },
		expect: { id: 'acao-missing', header: 'Access-Control-Allow-Origin', severity: 'error' },
		connects: false
	},
	{
		id: 'wrong-origin',
		title: 'Wrong origin',
		wrong: 'Allows https://example.com instead of the page origin.',
		cors: { ...GOOD, allowOrigin: 'https://example.com' },
		expect: { id: 'acao-mismatch', header: 'Access-Control-Allow-Origin', severity: 'error' },
		connects: false
	},
	{
		id: 'two-allow-origins',
		title: 'Two Access-Control-Allow-Origin headers',
		wrong: 'The app and a proxy each add Access-Control-Allow-Origin.',
		cors: { ...GOOD, allowOrigin: 'twice' },
		expect: { id: 'acao-multiple', header: 'Access-Control-Allow-Origin', severity: 'error' },
		connects: false
	},
	{
		id: 'wildcard-authorization',
		title: '`*` with Authorization',
		wrong:
			'Allows any header with `*`, but `*` does not cover Authorization; the server needs a bearer token.',
		cors: { allowOrigin: '*', allowMethods: '*', allowHeaders: '*', exposeHeaders: '*' },
		token: LAB_TOKEN,
		pageSendsToken: true,
		expect: {
			id: 'allow-headers-wildcard-authorization',
			header: 'Access-Control-Allow-Headers',
			missing: ['Authorization'],
			severity: 'error'
		},
		// Chromium (checked on 156) still lets `*` cover Authorization and only files a deprecation
		// report (AuthorizationCoveredByWildcard); browsers implementing the Fetch rule refuse it.
		connects: true
	},
	{
		id: 'options-401',
		title: 'OPTIONS answered 401',
		wrong:
			'Authentication runs before CORS, so the preflight (which never carries credentials) gets 401.',
		cors: GOOD,
		token: LAB_TOKEN,
		authOnOptions: true,
		pageSendsToken: true,
		expect: { id: 'preflight-status', severity: 'error' },
		connects: false
	},
	{
		id: 'options-405',
		title: 'OPTIONS answered 405',
		wrong: 'The route only accepts GET, POST and DELETE; OPTIONS gets 405 before CORS runs.',
		cors: { ...GOOD, preflightStatus: 405 },
		expect: { id: 'preflight-status', severity: 'error' },
		connects: false
	},
	{
		id: 'preflight-redirect',
		title: 'Redirect on the preflight',
		wrong: 'OPTIONS /mcp is redirected (308) to /mcp/.',
		cors: { ...GOOD, preflightRedirect: true },
		expect: { id: 'preflight-redirect', header: 'Location', severity: 'error' },
		connects: false
	},
	{
		id: 'no-post-method',
		title: 'POST missing from Allow-Methods',
		wrong: 'Access-Control-Allow-Methods lists GET, DELETE and OPTIONS only.',
		cors: { ...GOOD, allowMethods: 'GET, DELETE, OPTIONS' },
		expect: {
			id: 'allow-methods-missing',
			header: 'Access-Control-Allow-Methods',
			missing: ['POST'],
			severity: 'warning'
		},
		connects: true
	},
	{
		id: 'no-protocol-version-header',
		title: 'MCP-Protocol-Version not allowed',
		wrong: 'Access-Control-Allow-Headers lacks MCP-Protocol-Version.',
		cors: { ...GOOD, allowHeaders: HEADERS.replace('MCP-Protocol-Version, ', '') },
		expect: {
			id: 'allow-headers-missing',
			header: 'Access-Control-Allow-Headers',
			missing: ['MCP-Protocol-Version'],
			severity: 'error'
		},
		connects: false
	},
	{
		id: 'hidden-session-id',
		title: 'Mcp-Session-Id not exposed',
		wrong: 'Access-Control-Expose-Headers lacks Mcp-Session-Id.',
		cors: { ...GOOD, exposeHeaders: 'WWW-Authenticate, MCP-Protocol-Version' },
		expect: {
			id: 'expose-headers-missing',
			header: 'Access-Control-Expose-Headers',
			missing: ['Mcp-Session-Id'],
			severity: 'error'
		},
		connects: false
	},
	{
		id: 'hidden-www-authenticate',
		title: 'WWW-Authenticate not exposed',
		wrong: 'Requires a token and answers 401 with WWW-Authenticate, but does not expose it.',
		cors: { ...GOOD, exposeHeaders: 'Mcp-Session-Id, MCP-Protocol-Version' },
		token: LAB_TOKEN,
		expect: {
			id: 'expose-headers-missing',
			header: 'Access-Control-Expose-Headers',
			missing: ['WWW-Authenticate'],
			severity: 'error'
		},
		connects: false
	},
	{
		id: 'origin-check',
		title: 'Server rejects the Origin',
		wrong:
			'Its own Origin validation only accepts http://localhost:3000 and answers 403 to this page.',
		cors: { ...GOOD, originAllowList: ['http://localhost:3000'] },
		expect: { id: 'origin-rejected', header: 'Origin', severity: 'error' },
		connects: false
	}
];
