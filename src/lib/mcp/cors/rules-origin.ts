/**
 * The Fetch "CORS check" on one response: exactly one Access-Control-Allow-Origin that is `*`
 * (no credentials) or the page's origin byte for byte, and Access-Control-Allow-Credentials:
 * true when credentials are included. https://fetch.spec.whatwg.org/#cors-check
 */
import { headerValue, headerValues } from './header-lists.js';
import type { CorsNeeds, CorsProblem, HttpExchange, Phase } from './types.js';

export const ACAO = 'Access-Control-Allow-Origin';
export const ACAC = 'Access-Control-Allow-Credentials';

const CORS_CHECK =
	"Fetch standard, CORS check: the response must carry exactly one Access-Control-Allow-Origin whose value is `*` (only without credentials) or the request's Origin, byte for byte.";

function what(phase: Phase): string {
	return phase === 'preflight' ? 'The preflight (OPTIONS) response' : 'The response to the request';
}

function missing(needs: CorsNeeds, phase: Phase): CorsProblem {
	return {
		id: 'acao-missing',
		severity: 'error',
		header: ACAO,
		phases: [phase],
		message: `${what(phase)} has no ${ACAO} header, so the browser withholds it from the page and fetch fails with a TypeError ("Failed to fetch") — the page cannot see the status, headers or body.`,
		specRule: CORS_CHECK,
		fix: `Send ${ACAO}: ${needs.pageOrigin} on the OPTIONS response and on every other response, errors (401, 4xx, 5xx) included.`
	};
}

function multiple(needs: CorsNeeds, phase: Phase, value: string): CorsProblem {
	return {
		id: 'acao-multiple',
		severity: 'error',
		header: ACAO,
		phases: [phase],
		message: `${what(phase)} carries more than one ${ACAO} value ("${value}"). Browsers reject a list; this usually means two layers (the app and a proxy such as nginx, or two CORS middlewares) each add the header.`,
		specRule: `${CORS_CHECK} A value such as "a, b" or the header sent twice fails the check.`,
		fix: `Set ${ACAO} in exactly one place (remove it from either the proxy or the application) and send the single value ${needs.pageOrigin}.`
	};
}

function mismatch(needs: CorsNeeds, phase: Phase, value: string): CorsProblem {
	const hint =
		value.replace(/\/+$/, '') === needs.pageOrigin
			? ' (an origin has no trailing slash)'
			: value.toLowerCase() === needs.pageOrigin.toLowerCase()
				? ' (the comparison is case-sensitive)'
				: '';
	return {
		id: 'acao-mismatch',
		severity: 'error',
		header: ACAO,
		phases: [phase],
		message: `${what(phase)} allows the origin "${value}", but this page's origin is "${needs.pageOrigin}"${hint}. The browser withholds the response and fetch fails with a TypeError.`,
		specRule: CORS_CHECK,
		fix: `Add ${needs.pageOrigin} to the server's allowed origins and answer with ${ACAO}: ${needs.pageOrigin} (echo the request's Origin when it is on the list, and send Vary: Origin).`
	};
}

function wildcardWithCredentials(needs: CorsNeeds, phase: Phase): CorsProblem {
	return {
		id: 'acao-wildcard-credentials',
		severity: 'error',
		header: ACAO,
		phases: [phase],
		message: `${what(phase)} answers ${ACAO}: * but this connection includes credentials (cookies); with credentials the browser treats \`*\` as a literal origin and fails the request.`,
		specRule: `${CORS_CHECK} "*" is not allowed when the request's credentials mode is "include".`,
		fix: `Echo the exact origin (${ACAO}: ${needs.pageOrigin}) with ${ACAC}: true instead of \`*\`.`
	};
}

function credentialsMissing(phase: Phase, value: string | undefined): CorsProblem {
	return {
		id: 'allow-credentials-missing',
		severity: 'error',
		header: ACAC,
		phases: [phase],
		message: `${what(phase)} has ${value === undefined ? `no ${ACAC}` : `${ACAC}: ${value}`}, but this connection includes credentials (cookies); the browser requires exactly "true".`,
		specRule:
			'Fetch standard, CORS check: with credentials mode "include", Access-Control-Allow-Credentials must be `true` (case-sensitive).',
		fix: `Send ${ACAC}: true (or stop sending cookies and authenticate with an Authorization header).`
	};
}

/** Problems of one response's CORS check; empty when the browser would let the page read it. */
export function originProblems(needs: CorsNeeds, ex: HttpExchange, phase: Phase): CorsProblem[] {
	const values = headerValues(ex, ACAO);
	if (values.length === 0) return [missing(needs, phase)];
	const combined = values.join(', ');
	if (values.length > 1 || combined.includes(',')) return [multiple(needs, phase, combined)];
	const value = combined.trim();
	const problems: CorsProblem[] = [];
	if (value === '*') {
		if (needs.credentials) problems.push(wildcardWithCredentials(needs, phase));
	} else if (value !== needs.pageOrigin) {
		problems.push(mismatch(needs, phase, value));
	}
	const acac = headerValue(ex, ACAC);
	if (needs.credentials && acac !== 'true') problems.push(credentialsMissing(phase, acac));
	return problems;
}
