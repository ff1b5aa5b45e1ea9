/**
 * What the browser itself can find out about a server's CORS setup, with an injected `fetch`
 * (the page's). Used in hosted mode, where there is no server-side probe, and in local mode to
 * show "what the browser let the page see" beside "what the server sent".
 *
 * The browser hides every preflight and every blocked response, so the runner asks questions a
 * page *can* answer: is the host reachable at all (`mode: 'no-cors'` resolves with an opaque
 * response when it is)? Does a request with only `Content-Type` pass? Which single extra header
 * makes it fail? Is the session id visible after initialize?
 */
import type { FetchLike } from '../transport.js';
import { LATEST_LEGACY_PROTOCOL_VERSION } from '../protocol.js';
import type { CorsNeeds } from './types.js';

export type BrowserOutcome =
	| { kind: 'response'; status: number; visibleHeaders: Record<string, string> }
	| { kind: 'blocked'; message: string };

export interface BrowserStep {
	/** `baseline`, `header`, `initialize`, `follow-up`. */
	kind: 'baseline' | 'header' | 'initialize' | 'follow-up';
	/** For `header` steps: the one header added to the baseline. */
	header?: string;
	method: string;
	sentHeaders: string[];
	outcome: BrowserOutcome;
	/**
	 * Deprecation reports the browser filed during this step (Reporting API ids). Chromium lets
	 * `Access-Control-Allow-Headers: *` cover Authorization but files `AuthorizationCoveredByWildcard`
	 * — the only way a page can tell that Authorization passed because of `*`.
	 */
	deprecations?: string[];
}

export interface BrowserObservations {
	needs: CorsNeeds;
	/** `no-cors` GET resolved (true), rejected (false), or was not tried. */
	reachable?: boolean;
	steps: BrowserStep[];
}

const PING = JSON.stringify({ jsonrpc: '2.0', id: 'cors-doctor', method: 'ping' });

/** A plausible value for each header, so the server sees a realistic request. */
function sampleValue(header: string, authorization?: string): string {
	const lower = header.toLowerCase();
	if (lower === 'authorization') return authorization ?? 'Bearer cors-doctor';
	if (lower === 'mcp-protocol-version') return LATEST_LEGACY_PROTOCOL_VERSION;
	if (lower === 'mcp-method') return 'ping';
	if (lower === 'last-event-id') return '0';
	return 'cors-doctor';
}

async function attempt(
	fetchFn: FetchLike,
	url: string,
	init: { method: string; headers: Record<string, string>; body?: string },
	credentials: boolean
): Promise<BrowserOutcome> {
	try {
		const response = await fetchFn(url, {
			...init,
			credentials: credentials ? 'include' : 'omit',
			redirect: 'follow'
		});
		const visibleHeaders: Record<string, string> = {};
		response.headers.forEach((value, name) => (visibleHeaders[name] = value));
		await response.body?.cancel().catch(() => {});
		return { kind: 'response', status: response.status, visibleHeaders };
	} catch (error) {
		return { kind: 'blocked', message: error instanceof Error ? error.message : String(error) };
	}
}

async function reachable(fetchFn: FetchLike, url: string): Promise<boolean> {
	const controller = new AbortController();
	try {
		// Resolves with an opaque response whenever the server answered anything at all.
		await fetchFn(url, { mode: 'no-cors', signal: controller.signal });
		return true;
	} catch {
		return false;
	} finally {
		controller.abort();
	}
}

interface ReportLike {
	body?: { id?: unknown } | null;
}
type ReportingObserverLike = new (
	callback: (reports: ReportLike[]) => void,
	options: { types: string[]; buffered?: boolean }
) => { observe(): void; disconnect(): void; takeRecords(): ReportLike[] };

/**
 * Runs `task` while collecting the deprecation reports it causes. Chromium files the report with
 * the response, so `takeRecords()` right after the fetch settles already holds it.
 */
async function withDeprecations<T>(
	Observer: ReportingObserverLike | undefined,
	task: () => Promise<T>
): Promise<[T, string[]]> {
	if (!Observer) return [await task(), []];
	const ids: string[] = [];
	const collect = (reports: ReportLike[]) =>
		reports.forEach((r) => typeof r.body?.id === 'string' && ids.push(r.body.id));
	const observer = new Observer(collect, { types: ['deprecation'] });
	observer.observe();
	let result: T;
	try {
		result = await task();
	} finally {
		collect(observer.takeRecords());
		observer.disconnect();
	}
	return [result, ids];
}

export interface ObserveOptions {
	fetch: FetchLike;
	needs: CorsNeeds;
	/** The real Authorization value, when the connection has one. */
	authorization?: string;
}

/** Runs the browser-side questions in order and records every answer. */
export async function observeFromBrowser(options: ObserveOptions): Promise<BrowserObservations> {
	const { fetch: fetchFn, needs, authorization } = options;
	// Chromium files a deprecation report once per tab: only the first such request is seen.
	const Observer = (globalThis as { ReportingObserver?: ReportingObserverLike }).ReportingObserver;
	const url = needs.targetUrl;
	const result: BrowserObservations = {
		needs,
		steps: [],
		reachable: await reachable(fetchFn, url)
	};
	const base = {
		'Content-Type': 'application/json',
		Accept: 'application/json, text/event-stream'
	};
	const send = async (
		kind: BrowserStep['kind'],
		headers: Record<string, string>,
		body: string,
		header?: string
	) => {
		const [outcome, deprecations] = await withDeprecations(Observer, () =>
			attempt(fetchFn, url, { method: 'POST', headers, body }, needs.credentials)
		);
		const step: BrowserStep = { kind, method: 'POST', sentHeaders: Object.keys(headers), outcome };
		if (header) step.header = header;
		if (deprecations.length) step.deprecations = [...new Set(deprecations)];
		result.steps.push(step);
		return outcome;
	};
	const baseline = await send('baseline', base, PING);
	if (baseline.kind === 'blocked') return result;
	for (const header of needs.requestHeaders) {
		if (header.toLowerCase() === 'content-type') continue;
		const headers = { ...base, [header]: sampleValue(header, authorization) };
		await send('header', headers, PING, header);
	}
	await initializeFlow(send, authorization);
	return result;
}

type Send = (
	kind: BrowserStep['kind'],
	headers: Record<string, string>,
	body: string,
	header?: string
) => Promise<BrowserOutcome>;

/** initialize, then the follow-up notification with the session id the page could see. */
async function initializeFlow(send: Send, authorization?: string): Promise<void> {
	const base: Record<string, string> = {
		'Content-Type': 'application/json',
		Accept: 'application/json, text/event-stream'
	};
	if (authorization) base.Authorization = authorization;
	const init = await send(
		'initialize',
		base,
		JSON.stringify({
			jsonrpc: '2.0',
			id: 'cors-doctor-init',
			method: 'initialize',
			params: {
				protocolVersion: LATEST_LEGACY_PROTOCOL_VERSION,
				capabilities: {},
				clientInfo: { name: 'mcp-playground-cors-doctor', version: '0.1.0' }
			}
		})
	);
	if (init.kind !== 'response' || init.status >= 300) return;
	const sessionId = init.visibleHeaders['mcp-session-id'];
	const next: Record<string, string> = {
		...base,
		'MCP-Protocol-Version': LATEST_LEGACY_PROTOCOL_VERSION
	};
	if (sessionId) next['Mcp-Session-Id'] = sessionId;
	await send(
		'follow-up',
		next,
		JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })
	);
}
