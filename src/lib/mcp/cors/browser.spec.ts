import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FetchLike } from '../transport.js';
import { diagnoseFromBrowser } from './browser.js';
import { connectionNeeds } from './needs.js';
import { observeFromBrowser, type BrowserObservations } from './observe.js';

/**
 * `observeFromBrowser` and `diagnoseFromBrowser` against a fake browser: a `fetch` that applies
 * the CORS rules a browser applies (a blocked request is a bare TypeError; only exposed headers
 * are readable) to a described server. The fake is the browser here, not the server under test:
 * what is checked is which questions the doctor asks and what it concludes from the answers.
 */

interface FakeServer {
	/** Not even an opaque no-cors request gets an answer. */
	down?: boolean;
	/** The server's CORS lets this origin read responses (ACAO right, preflight 2xx). */
	corsOk?: boolean;
	/** Request headers the preflight allows (lower case); `*` allows all but Authorization. */
	allowHeaders?: string[];
	exposeHeaders?: string[];
	sessionId?: string;
	/** Every POST answers 401 with this WWW-Authenticate. */
	challenge?: string;
	/** Behave like Chromium: `*` covers Authorization, with a deprecation report. */
	chromium?: boolean;
}

/** Reports filed by the fake browser, handed out by the fake ReportingObserver. */
let filed: { body: { id: string } }[] = [];

class FakeReportingObserver {
	constructor(
		_callback: unknown,
		readonly options: { types: string[] }
	) {}
	observe() {}
	disconnect() {}
	takeRecords() {
		const taken = this.options.types.includes('deprecation') ? filed : [];
		filed = [];
		return taken;
	}
}

interface Sent {
	mode?: string;
	credentials?: string;
	headers: Record<string, string>;
	body?: string;
}

const SAFELISTED = new Set(['accept', 'content-type']);
const PAGE = 'http://127.0.0.1:6280';
const TARGET = 'http://127.0.0.1:7301/mcp';

function fakeBrowser(server: FakeServer): { fetch: FetchLike; sent: Sent[] } {
	const sent: Sent[] = [];
	const fetchFn: FetchLike = async (_input, init = {}) => {
		const headers: Record<string, string> = {};
		new Headers(init.headers).forEach((v, k) => (headers[k] = v));
		sent.push({
			mode: init.mode,
			credentials: init.credentials,
			headers,
			body: init.body as string
		});
		if (server.down) throw new TypeError('Failed to fetch');
		if (init.mode === 'no-cors') return new Response(null);
		const allowed = server.allowHeaders ?? ['*'];
		const viaStar = (h: string) =>
			allowed.includes('*') && (h !== 'authorization' || server.chromium);
		const blockedHeader = Object.keys(headers).some(
			(h) => !SAFELISTED.has(h) && !allowed.includes(h) && !viaStar(h)
		);
		if (!server.corsOk || blockedHeader) throw new TypeError('Failed to fetch');
		if (server.chromium && 'authorization' in headers && !allowed.includes('authorization'))
			filed.push({ body: { id: 'AuthorizationCoveredByWildcard' } });
		return answer(server, headers, String(init.body ?? ''));
	};
	return { fetch: fetchFn, sent };
}

/** The server's answer as the page sees it: only exposed (and safelisted) headers survive. */
function answer(server: FakeServer, headers: Record<string, string>, body: string): Response {
	const full: Record<string, string> = { 'content-type': 'application/json' };
	let status = 200;
	if (server.challenge) {
		status = 401;
		full['www-authenticate'] = server.challenge;
	} else if (body.includes('"initialize"')) {
		if (server.sessionId) full['mcp-session-id'] = server.sessionId;
	} else if (server.sessionId && headers['mcp-session-id'] !== server.sessionId) {
		status = 400;
	}
	const visible = new Headers();
	for (const [name, value] of Object.entries(full)) {
		if (name === 'content-type' || (server.exposeHeaders ?? []).includes(name))
			visible.set(name, value);
	}
	return new Response('{}', { status, headers: visible });
}

async function observe(server: FakeServer, authorization?: string) {
	const needs = connectionNeeds({
		pageOrigin: PAGE,
		targetUrl: TARGET,
		era: 'auto',
		authorization: authorization !== undefined
	});
	const browser = fakeBrowser(server);
	const observations = await observeFromBrowser({ fetch: browser.fetch, needs, authorization });
	return { observations, sent: browser.sent, diagnosis: diagnoseFromBrowser(observations) };
}

const summary = (d: ReturnType<typeof diagnoseFromBrowser>) =>
	d.problems.map((p) => [p.id, p.header ?? '', (p.missing ?? []).join(',')]);

const GOOD: FakeServer = {
	corsOk: true,
	exposeHeaders: ['mcp-session-id', 'www-authenticate', 'mcp-protocol-version'],
	sessionId: 'sess-1'
};

describe('observeFromBrowser', () => {
	it('asks reachability first with an opaque no-cors request, then a Content-Type-only baseline', async () => {
		const { observations, sent } = await observe(GOOD);
		expect(observations.reachable).toBe(true);
		expect(sent[0]?.mode).toBe('no-cors');
		expect(observations.steps[0]).toMatchObject({ kind: 'baseline', method: 'POST' });
		expect(observations.steps[0]?.sentHeaders).toEqual(['Content-Type', 'Accept']);
	});

	it('adds one needed header at a time, each with a realistic value', async () => {
		const { observations, sent } = await observe(GOOD);
		const singles = observations.steps.filter((s) => s.kind === 'header').map((s) => s.header);
		expect(singles).toEqual([
			'MCP-Protocol-Version',
			'Mcp-Method',
			'Mcp-Name',
			'Mcp-Session-Id',
			'Last-Event-ID'
		]);
		const versionStep = sent.find(
			(s) => 'mcp-protocol-version' in s.headers && !s.body?.includes('initialized')
		);
		expect(versionStep?.headers['mcp-protocol-version']).toBe('2025-11-25');
		// Each header step carries exactly the baseline plus its one header.
		for (const s of observations.steps.filter((x) => x.kind === 'header'))
			expect(s.sentHeaders).toHaveLength(3);
	});

	it('stops after a blocked baseline: nothing more can be learnt from the page', async () => {
		const { observations } = await observe({ corsOk: false });
		expect(observations.steps.map((s) => s.kind)).toEqual(['baseline']);
		expect(observations.steps[0]?.outcome).toEqual({ kind: 'blocked', message: 'Failed to fetch' });
	});

	it('echoes the session id it could see after initialize, and records what was visible', async () => {
		const { observations, sent } = await observe(GOOD);
		const init = observations.steps.find((s) => s.kind === 'initialize');
		expect(init?.outcome).toMatchObject({
			kind: 'response',
			status: 200,
			visibleHeaders: { 'mcp-session-id': 'sess-1' }
		});
		const followUp = sent.at(-1);
		expect(followUp?.body).toContain('notifications/initialized');
		expect(followUp?.headers['mcp-session-id']).toBe('sess-1');
		expect(followUp?.headers['mcp-protocol-version']).toBe('2025-11-25');
	});

	it('sends the real Authorization value on the Authorization step and the initialize', async () => {
		const { sent } = await observe({ ...GOOD, allowHeaders: ['*'] }, 'Bearer real-token');
		const withAuth = sent.filter((s) => s.headers.authorization);
		expect(withAuth.length).toBeGreaterThanOrEqual(2);
		expect(new Set(withAuth.map((s) => s.headers.authorization))).toEqual(
			new Set(['Bearer real-token'])
		);
	});

	it('uses credentials: omit unless the connection needs cookies', async () => {
		const { sent } = await observe(GOOD);
		expect(sent.filter((s) => s.mode !== 'no-cors').map((s) => s.credentials)).not.toContain(
			'include'
		);
	});
});

describe('diagnoseFromBrowser', () => {
	afterEach(() => {
		vi.unstubAllGlobals();
		filed = [];
	});

	it('Chromium letting Authorization through `*`: caught from its deprecation report', async () => {
		vi.stubGlobal('ReportingObserver', FakeReportingObserver);
		const { observations, diagnosis } = await observe(
			{ ...GOOD, allowHeaders: ['*'], chromium: true },
			'Bearer t'
		);
		const step = observations.steps.find((s) => s.header === 'Authorization');
		expect(step?.deprecations).toEqual(['AuthorizationCoveredByWildcard']);
		expect(summary(diagnosis)).toEqual([
			['allow-headers-wildcard-authorization', 'Access-Control-Allow-Headers', 'Authorization']
		]);
	});

	it('Authorization listed explicitly: no report, no problem, and no claim about `*`', async () => {
		vi.stubGlobal('ReportingObserver', FakeReportingObserver);
		const { diagnosis } = await observe(
			{ ...GOOD, allowHeaders: ['authorization', '*'], chromium: true },
			'Bearer t'
		);
		expect(diagnosis.problems).toEqual([]);
		expect(diagnosis.unknowns.join(' ')).toMatch(/files once per tab/);
	});

	it('a server with the right headers: no problem, and still says what a page cannot see', async () => {
		const { diagnosis } = await observe(GOOD);
		expect(diagnosis.problems).toEqual([]);
		expect(diagnosis.unknowns).toHaveLength(2);
		expect(diagnosis.unknowns[0]).toMatch(/preflight: its status and headers are invisible/);
		expect(diagnosis.unknowns[1]).toMatch(/did not expose.*inferred from its effect/);
	});

	it('no answer at all: unreachable, not a CORS finding', async () => {
		const { diagnosis, observations } = await observe({ down: true });
		expect(observations.reachable).toBe(false);
		expect(summary(diagnosis)).toEqual([['unreachable', '', '']]);
		expect(diagnosis.unknowns).toEqual([expect.stringMatching(/preflight/)]);
	});

	it('a blocked baseline: CORS-blocked, and which header is wrong is listed as unknowable', async () => {
		const { diagnosis } = await observe({ corsOk: false });
		expect(summary(diagnosis)).toEqual([['cors-blocked', '', '']]);
		expect(diagnosis.problems[0]?.message).toMatch(/The browser does not say which/);
		expect(diagnosis.unknowns).toContain(
			'Which CORS header is wrong: only the server-side probe can read the blocked answer.'
		);
	});

	it('names exactly the headers whose single addition made the browser block the request', async () => {
		const { diagnosis } = await observe({
			...GOOD,
			allowHeaders: ['mcp-method', 'mcp-name', 'mcp-session-id', 'last-event-id']
		});
		expect(summary(diagnosis)).toEqual([
			['allow-headers-missing', 'Access-Control-Allow-Headers', 'MCP-Protocol-Version']
		]);
	});

	it('Authorization blocked under `*`: says the wildcard never covers it', async () => {
		const { diagnosis } = await observe({ ...GOOD, allowHeaders: ['*'] }, 'Bearer t');
		expect(summary(diagnosis)[0]).toEqual([
			'allow-headers-missing',
			'Access-Control-Allow-Headers',
			'Authorization'
		]);
		expect(diagnosis.problems[0]?.message).toContain('`*` never covers Authorization');
	});

	it('a session id the page could not see, followed by a refused request: Expose-Headers', async () => {
		const { diagnosis, sent } = await observe({ ...GOOD, exposeHeaders: ['www-authenticate'] });
		expect(sent.at(-1)?.headers['mcp-session-id']).toBeUndefined();
		expect(summary(diagnosis)).toEqual([
			['expose-headers-missing', 'Access-Control-Expose-Headers', 'Mcp-Session-Id']
		]);
	});

	it('a stateless server (no session at all) is not blamed for hiding one', async () => {
		const { diagnosis } = await observe({ ...GOOD, sessionId: undefined, exposeHeaders: [] });
		expect(diagnosis.problems).toEqual([]);
	});

	it('a 401 whose challenge the page cannot read: WWW-Authenticate not exposed (or not sent)', async () => {
		const { diagnosis } = await observe({
			...GOOD,
			exposeHeaders: ['mcp-session-id'],
			challenge: 'Bearer resource_metadata="http://127.0.0.1:7301/.well-known/x"'
		});
		expect(summary(diagnosis)).toEqual([
			['expose-headers-missing', 'Access-Control-Expose-Headers', 'WWW-Authenticate']
		]);
		expect(diagnosis.problems[0]?.message).toMatch(
			/either it is not listed .* or the server sent none/
		);
	});

	it('a 401 with a readable challenge is not a CORS problem', async () => {
		const { diagnosis } = await observe({ ...GOOD, challenge: 'Bearer realm="x"' });
		expect(diagnosis.problems).toEqual([]);
	});

	it('an https page and a plain-http remote server: mixed content, before any CORS question', () => {
		const needs = connectionNeeds({
			pageOrigin: 'https://playground.example',
			targetUrl: 'http://mcp.example/mcp'
		});
		const observations: BrowserObservations = { needs, reachable: false, steps: [] };
		const ids = diagnoseFromBrowser(observations).problems.map((p) => p.id);
		expect(ids).toEqual(['mixed-content', 'unreachable']);
	});
});
