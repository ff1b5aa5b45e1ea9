/**
 * Diagnosis from what the browser could observe (hosted mode: no server-side probe). Each
 * conclusion says how sure it is, and `unknowns` lists what the browser cannot know.
 */
import { H } from './needs.js';
import { networkProblems } from './network.js';
import { ACAH, ACEH } from './rules-lists.js';
import type { BrowserObservations, BrowserStep } from './observe.js';
import type { CorsProblem } from './types.js';

export interface BrowserDiagnosis {
	problems: CorsProblem[];
	/** Things only the server-side probe (local mode) could tell. */
	unknowns: string[];
}

const HIDDEN_PREFLIGHT =
	'Browsers never show a page the preflight: its status and headers are invisible to JavaScript.';

function blockedProblem(o: BrowserObservations): CorsProblem {
	return {
		id: 'cors-blocked',
		severity: 'error',
		phases: ['preflight', 'request'],
		message: `The server is reachable, but even a request with only Content-Type: application/json was blocked by CORS from ${o.needs.pageOrigin}. The cause is one of: no or wrong Access-Control-Allow-Origin, a preflight answered with a non-2xx status or a redirect, Content-Type missing from Access-Control-Allow-Headers, or the server rejecting this Origin. The browser does not say which.`,
		specRule:
			'Fetch standard: a CORS failure is reported to the page as a network error with no details.',
		fix: 'Run the playground locally (npm start) and use the doctor there: it replays the preflight server-side and names the exact header.'
	};
}

function headerBlocked(o: BrowserObservations, headers: string[]): CorsProblem {
	return {
		id: 'allow-headers-missing',
		severity: 'error',
		header: ACAH,
		missing: headers,
		phases: ['preflight'],
		message: `A request with Content-Type alone passes, but adding ${headers.join(', ')} makes the browser block it: the preflight does not allow ${headers.length > 1 ? 'these headers' : 'this header'}${headers.some((h) => h.toLowerCase() === 'authorization') ? ' (note that `*` never covers Authorization)' : ''}.`,
		specRule:
			'Fetch standard, CORS-preflight fetch: every request header that is not CORS-safelisted must appear in Access-Control-Allow-Headers.',
		fix: `Allow them: ${ACAH}: ${o.needs.requestHeaders.join(', ')}.`
	};
}

function sessionHidden(init: BrowserStep, next: BrowserStep | undefined): CorsProblem | undefined {
	if (init.outcome.kind !== 'response' || 'mcp-session-id' in init.outcome.visibleHeaders) return;
	if (next?.outcome.kind !== 'response' || ![400, 404].includes(next.outcome.status)) return;
	return {
		id: 'expose-headers-missing',
		severity: 'error',
		header: ACEH,
		missing: [H.sessionId],
		phases: ['request'],
		message: `initialize succeeded (${init.outcome.status}) but no Mcp-Session-Id was visible to the page, and the next request without it was refused (${next.outcome.status}). The server most likely sends Mcp-Session-Id without listing it in ${ACEH}.`,
		specRule:
			'Fetch standard: only exposed headers are readable from a CORS response. MCP: the client must echo Mcp-Session-Id on every request after initialize.',
		fix: `Add Mcp-Session-Id to ${ACEH}.`
	};
}

function challengeHidden(init: BrowserStep): CorsProblem | undefined {
	if (init.outcome.kind !== 'response' || init.outcome.status !== 401) return;
	if ('www-authenticate' in init.outcome.visibleHeaders) return;
	return {
		id: 'expose-headers-missing',
		severity: 'error',
		header: ACEH,
		missing: [H.wwwAuthenticate],
		phases: ['request'],
		message: `The server answered 401, but no WWW-Authenticate header was visible to the page: either it is not listed in ${ACEH} or the server sent none. Without it the client cannot find the resource_metadata URL or the scope.`,
		specRule:
			'MCP authorization: servers MUST use WWW-Authenticate on 401 to point at their protected-resource metadata; a browser can read it only if it is exposed.',
		fix: `Add WWW-Authenticate to ${ACEH}.`
	};
}

/** Chromium's Reporting API id for "`*` in Allow-Headers let Authorization through". */
export const WILDCARD_AUTHORIZATION_REPORT = 'AuthorizationCoveredByWildcard';

function authorizationStep(o: BrowserObservations): BrowserStep | undefined {
	return o.steps.find(
		(s) =>
			s.kind === 'header' &&
			s.header?.toLowerCase() === 'authorization' &&
			s.outcome.kind === 'response'
	);
}

function wildcardAuthorization(o: BrowserObservations): CorsProblem | undefined {
	if (!authorizationStep(o)?.deprecations?.includes(WILDCARD_AUTHORIZATION_REPORT)) return;
	return {
		id: 'allow-headers-wildcard-authorization',
		severity: 'error',
		header: ACAH,
		missing: [H.authorization],
		phases: ['preflight'],
		message: `The request with Authorization went through, but this browser filed the deprecation report "${WILDCARD_AUTHORIZATION_REPORT}": the preflight allowed Authorization only through \`*\` in ${ACAH}. Chromium still accepts that; the Fetch standard does not, so browsers that implement the standard fail this preflight with a TypeError.`,
		specRule:
			'Fetch standard, CORS-preflight fetch: "Authorization" is not covered by the `*` wildcard in Access-Control-Allow-Headers and must be listed explicitly.',
		fix: `List Authorization explicitly: ${ACAH}: ${o.needs.requestHeaders.join(', ')}.`
	};
}

export function diagnoseFromBrowser(o: BrowserObservations): BrowserDiagnosis {
	const problems = networkProblems(o.needs.pageOrigin, o.needs.targetUrl);
	const unknowns = [HIDDEN_PREFLIGHT];
	if (o.reachable === false) {
		problems.push({
			id: 'unreachable',
			severity: 'error',
			phases: ['request'],
			message: `Not even an opaque (no-cors) request reached ${o.needs.targetUrl}: the server is down, the URL is wrong, or the network (mixed content, private network access, a firewall) blocked it.`,
			specRule: 'Not a CORS rule: without an HTTP answer there is nothing to check.',
			fix: 'Check the URL and that the server is running.'
		});
		return { problems, unknowns };
	}
	const baseline = o.steps.find((s) => s.kind === 'baseline');
	if (baseline?.outcome.kind === 'blocked') {
		problems.push(blockedProblem(o));
		unknowns.push(
			'Which CORS header is wrong: only the server-side probe can read the blocked answer.'
		);
		return { problems, unknowns };
	}
	const blocked = o.steps.filter((s) => s.kind === 'header' && s.outcome.kind === 'blocked');
	if (blocked.length)
		problems.push(
			headerBlocked(
				o,
				blocked.map((s) => s.header ?? '?')
			)
		);
	const wildcard = wildcardAuthorization(o);
	if (wildcard) problems.push(wildcard);
	else if (authorizationStep(o))
		unknowns.push(
			'Whether Authorization is listed in Access-Control-Allow-Headers or only passed through `*` (which the Fetch standard forbids): only Chromium tells a page, through a deprecation report it files once per tab, and none was filed for the doctor’s request (an earlier request in this tab, such as the connection itself, may have used it up).'
		);
	const init = o.steps.find((s) => s.kind === 'initialize');
	const next = o.steps.find((s) => s.kind === 'follow-up');
	const hidden = init && (sessionHidden(init, next) ?? challengeHidden(init));
	if (hidden) problems.push(hidden);
	unknowns.push(
		'Headers the server sent but did not expose: the page sees only exposed ones, so a missing Mcp-Session-Id or WWW-Authenticate is inferred from its effect.'
	);
	return { problems, unknowns };
}
