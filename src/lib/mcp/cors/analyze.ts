/**
 * The CORS doctor's analysis: given what a connection needs and what the server answered (the
 * preflight, the request, and the request without Origin), list every problem with its spec rule
 * and fix. Pure and framework-free; the probe (local mode) supplies the observation.
 */
import { isOkStatus, isRedirect, headerValue } from './header-lists.js';
import { networkProblems } from './network.js';
import { originProblems } from './rules-origin.js';
import { exposeProblems, headerProblems, methodProblems } from './rules-lists.js';
import type { CorsNeeds, CorsObservation, CorsProblem, HttpExchange } from './types.js';

export interface CorsAnalysisInput {
	needs: CorsNeeds;
	observed: CorsObservation;
}

const PREFLIGHT_OK =
	'Fetch standard, CORS-preflight fetch: the OPTIONS response must have an ok status (200–299), and a redirect is a network error. MCP (CORS for browser clients): answer the preflight with 2xx without requiring authentication.';

const STATUS_HINT: Record<number, string> = {
	401: 'The server demands authentication on OPTIONS, but browsers never send Authorization or cookies on a preflight. Answer OPTIONS before the auth check.',
	403: 'The server refuses the OPTIONS request (often an auth or firewall rule running before CORS). Answer OPTIONS before that check.',
	404: 'Nothing answers OPTIONS at this path: the CORS middleware is not mounted on the MCP route (or the route only matches POST/GET).',
	405: 'The route does not accept OPTIONS: the framework answers 405 before CORS runs. Mount the CORS handler so it answers OPTIONS for the MCP path.'
};

/** The server validates Origin itself: 403 with our Origin, something else without it. */
function originRejected(needs: CorsNeeds, o: CorsObservation): CorsProblem | undefined {
	const rejected = [o.preflight, o.request].some((ex) => ex?.status === 403);
	const control = o.control;
	if (!rejected || o.request?.status !== 403 || !control || control.error) return undefined;
	if (control.status === 403) return undefined;
	return {
		id: 'origin-rejected',
		severity: 'error',
		header: 'Origin',
		phases: o.preflight?.status === 403 ? ['preflight', 'request'] : ['request'],
		message: `The server answers 403 to requests carrying Origin: ${needs.pageOrigin} and ${control.status} to the same request without Origin: its own Origin validation (the MCP spec requires one against DNS rebinding) does not include this page's origin.${o.request?.bodySnippet ? ` It said: "${o.request.bodySnippet.slice(0, 200)}".` : ''}`,
		specRule:
			"MCP (Streamable HTTP, security warning): servers MUST validate the Origin header and SHOULD answer 403 to invalid origins — so a browser client's origin must be on the server's allow-list.",
		fix: `Add ${needs.pageOrigin} to the server's allowed origins (its Origin check and its CORS configuration).`
	};
}

function preflightProblems(needs: CorsNeeds, ex: HttpExchange, explained: boolean): CorsProblem[] {
	if (ex.error) return [];
	if (isRedirect(ex.status)) {
		const location = headerValue(ex, 'Location') ?? '(no Location)';
		return [
			{
				id: 'preflight-redirect',
				severity: 'error',
				header: 'Location',
				phases: ['preflight'],
				message: `The preflight was answered ${ex.status} redirecting to ${location}. Browsers never follow redirects for a preflight, so fetch fails with a TypeError. Common causes: a trailing-slash redirect (/mcp → /mcp/), http → https, or a login redirect.`,
				specRule: PREFLIGHT_OK,
				fix: `Point the client at the final URL (${location}) or answer OPTIONS at ${needs.targetUrl} directly with 204 and the CORS headers.`
			}
		];
	}
	if (!isOkStatus(ex.status)) {
		if (explained) return [];
		return [
			{
				id: 'preflight-status',
				severity: 'error',
				phases: ['preflight'],
				message: `The preflight (OPTIONS) was answered ${ex.status}${ex.statusText ? ` ${ex.statusText}` : ''}; a preflight needs a 2xx status, so fetch fails with a TypeError before the real request is sent. ${STATUS_HINT[ex.status] ?? 'Answer OPTIONS with 204 and the CORS headers.'}`,
				specRule: PREFLIGHT_OK,
				fix: `Answer OPTIONS ${new URL(needs.targetUrl).pathname} with 204 and the CORS headers, before authentication and routing.`
			}
		];
	}
	return [
		...originProblems(needs, ex, 'preflight'),
		...methodProblems(needs, ex),
		...headerProblems(needs, ex)
	];
}

function requestProblems(needs: CorsNeeds, ex: HttpExchange, explained: boolean): CorsProblem[] {
	if (ex.error || (explained && ex.status === 403)) return [];
	const problems: CorsProblem[] = [];
	if (isRedirect(ex.status)) {
		problems.push({
			id: 'request-redirect',
			severity: 'warning',
			header: 'Location',
			phases: ['request'],
			message: `The request was answered ${ex.status} redirecting to ${headerValue(ex, 'Location') ?? '(no Location)'}. Any request that needs a preflight fails on a redirect, and ${ex.status === 301 || ex.status === 302 || ex.status === 303 ? 'this status turns POST into GET' : 'every hop must pass the CORS check'}.`,
			specRule: PREFLIGHT_OK,
			fix: 'Use the final URL as the server URL.'
		});
	}
	const origin = originProblems(needs, ex, 'request');
	// Headers of a response the page cannot read at all are moot until the CORS check passes.
	const readable = !origin.some((p) => p.severity === 'error');
	return [...problems, ...origin, ...(readable ? exposeProblems(needs, ex) : [])];
}

/** Problems with the same id and header are one problem seen in several phases. */
function merge(problems: CorsProblem[]): CorsProblem[] {
	const byKey = new Map<string, CorsProblem>();
	for (const p of problems) {
		const key = `${p.id}|${p.header ?? ''}|${(p.missing ?? []).join(',')}`;
		const seen = byKey.get(key);
		if (seen) seen.phases = [...new Set([...seen.phases, ...p.phases])];
		else byKey.set(key, { ...p, phases: [...p.phases] });
	}
	return [...byKey.values()];
}

/** Every problem that stops (error) or hampers (warning) this connection, most severe first. */
export function analyzeCors({ needs, observed }: CorsAnalysisInput): CorsProblem[] {
	const problems: CorsProblem[] = [...networkProblems(needs.pageOrigin, needs.targetUrl)];
	const unreachable = [observed.preflight, observed.request].find((ex) => ex?.error);
	if (unreachable && !observed.request?.status) {
		problems.push({
			id: 'unreachable',
			severity: 'error',
			phases: ['preflight', 'request'],
			message: `The server did not answer at all (${unreachable.error}). This is not a CORS problem: check the URL, that the server is running, and that it listens on this host and port.`,
			specRule: 'Not a CORS rule: without an HTTP answer there is nothing to check.',
			fix: `Start the server or correct the URL (${needs.targetUrl}).`
		});
		return problems;
	}
	const rejected = originRejected(needs, observed);
	if (rejected) problems.push(rejected);
	if (observed.preflight)
		problems.push(...preflightProblems(needs, observed.preflight, !!rejected));
	if (observed.request) problems.push(...requestProblems(needs, observed.request, !!rejected));
	const rank = { error: 0, warning: 1, info: 2 };
	return merge(problems).sort((a, b) => rank[a.severity] - rank[b.severity]);
}
