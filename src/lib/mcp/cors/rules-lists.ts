/**
 * The list headers: Access-Control-Allow-Methods and -Allow-Headers (preflight), and
 * Access-Control-Expose-Headers (every response the page must read headers from).
 */
import { coverage, headerValue } from './header-lists.js';
import { H } from './needs.js';
import type { CorsNeeds, CorsProblem, HttpExchange } from './types.js';

export const ACAM = 'Access-Control-Allow-Methods';
export const ACAH = 'Access-Control-Allow-Headers';
export const ACEH = 'Access-Control-Expose-Headers';

/** GET, HEAD and POST never need the preflight's permission (CORS-safelisted methods). */
const SAFELISTED_METHODS = new Set(['GET', 'HEAD', 'POST']);

const literalStar = (credentials: boolean) =>
	credentials
		? ` The list holds \`*\`, but with credentials \`*\` is only the literal name "*".`
		: '';

export function methodProblems(needs: CorsNeeds, preflight: HttpExchange): CorsProblem[] {
	const cov = coverage(preflight, ACAM, needs.methods, needs.credentials, 'methods');
	if (cov.missing.length === 0) return [];
	const blocked = cov.missing.filter((m) => !SAFELISTED_METHODS.has(m.toUpperCase()));
	const tolerated = cov.missing.filter((m) => SAFELISTED_METHODS.has(m.toUpperCase()));
	const parts: string[] = [];
	if (blocked.length) {
		parts.push(
			`The browser blocks ${blocked.join(' and ')} requests${blocked.includes('DELETE') ? ': the client cannot end its session (DELETE), which leaves it open on the server' : ''}.`
		);
	}
	if (tolerated.length) {
		parts.push(
			`${tolerated.join(' and ')} ${tolerated.length > 1 ? 'are' : 'is a'} CORS-safelisted method${tolerated.length > 1 ? 's' : ''}, so browsers send ${tolerated.length > 1 ? 'them' : 'it'} anyway, but the MCP guidance asks servers to list ${tolerated.length > 1 ? 'them' : 'it'} and stricter intermediaries rely on it.`
		);
	}
	const sent = headerValue(preflight, ACAM);
	return [
		{
			id: 'allow-methods-missing',
			severity: 'warning',
			header: ACAM,
			missing: cov.missing,
			phases: ['preflight'],
			message: `${ACAM} is ${sent === undefined ? 'absent' : `"${sent}"`}; it does not list ${cov.missing.join(', ')}. ${parts.join(' ')}${literalStar(needs.credentials)}`,
			specRule:
				'Fetch standard, CORS-preflight fetch: a method that is not CORS-safelisted must appear in Access-Control-Allow-Methods. MCP (CORS for browser clients): allow POST, and GET and DELETE for sessions.',
			fix: `List every method: ${ACAM}: ${[...new Set([...needs.methods, 'OPTIONS'])].join(', ')}.`
		}
	];
}

export function headerProblems(needs: CorsNeeds, preflight: HttpExchange): CorsProblem[] {
	const cov = coverage(preflight, ACAH, needs.requestHeaders, needs.credentials, 'headers');
	const sent = headerValue(preflight, ACAH);
	const shown = sent === undefined ? 'absent' : `"${sent}"`;
	const problems: CorsProblem[] = [];
	if (cov.authorizationNotCoveredByWildcard) {
		problems.push({
			id: 'allow-headers-wildcard-authorization',
			severity: 'error',
			header: ACAH,
			missing: [H.authorization],
			phases: ['preflight'],
			message: `${ACAH} is ${shown}: \`*\` allows any header except Authorization, and this connection sends an Authorization header. Browsers that implement this Fetch rule fail the preflight with a TypeError. Chromium still lets it through (checked on Chromium 156: the preflight passes and Authorization is sent); its only sign is a deprecation ("AuthorizationCoveredByWildcard") in DevTools' Issues panel and the Reporting API, not in the console. So the server may work in Chrome and fail elsewhere, and in Chrome once the deprecation turns into enforcement.`,
			specRule:
				'Fetch standard, CORS-preflight fetch: "Authorization" is not covered by the `*` wildcard in Access-Control-Allow-Headers and must be listed explicitly.',
			fix: `List Authorization explicitly: ${ACAH}: Authorization, *  (or the full list ${needs.requestHeaders.join(', ')}).`
		});
	}
	const others = cov.missing.filter(
		(h) => !(cov.authorizationNotCoveredByWildcard && h.toLowerCase() === 'authorization')
	);
	if (others.length === 0) return problems;
	const onlyResume = others.every((h) => h.toLowerCase() === 'last-event-id');
	problems.push({
		id: cov.wildcardLiteral ? 'allow-headers-wildcard-credentials' : 'allow-headers-missing',
		severity: onlyResume ? 'warning' : 'error',
		header: ACAH,
		missing: others,
		phases: ['preflight'],
		message: `${ACAH} is ${shown}; it does not allow ${others.join(', ')}, which this connection sends. The browser fails the preflight and fetch throws a TypeError without sending the request${onlyResume ? ' (Last-Event-ID is only sent when a dropped stream is resumed, so resumption fails)' : ''}.${literalStar(needs.credentials)}`,
		specRule:
			'Fetch standard, CORS-preflight fetch: every request header that is not CORS-safelisted must appear in Access-Control-Allow-Headers (names compare case-insensitively). MCP (CORS for browser clients) lists Content-Type, Authorization, MCP-Protocol-Version, Mcp-Method, Mcp-Name, Mcp-Param-*, Mcp-Session-Id, Last-Event-ID.',
		fix: `Allow ${others.join(', ')}: ${ACAH}: ${needs.requestHeaders.join(', ')}.`
	});
	return problems;
}

const EXPOSE_SEVERITY: Record<string, 'error' | 'warning'> = {
	'mcp-session-id': 'error',
	'www-authenticate': 'error',
	'mcp-protocol-version': 'warning'
};

const EXPOSE_SYMPTOM: Record<string, string> = {
	'mcp-session-id':
		'initialize succeeds, but the page cannot read the session id, so the next request goes out without Mcp-Session-Id and the server rejects it (400 "no valid session ID")',
	'www-authenticate':
		'the page sees a bare 401 without the challenge, so it cannot find the resource_metadata URL or the scope: OAuth discovery has to guess well-known URLs or fails',
	'mcp-protocol-version': 'the page cannot read the protocol version the server answered with'
};

/** Headers the server actually sent on `response` that the browser hides from the page. */
export function exposeProblems(needs: CorsNeeds, response: HttpExchange): CorsProblem[] {
	const cov = coverage(response, ACEH, needs.exposeHeaders, needs.credentials, 'expose');
	const sent = headerValue(response, ACEH);
	const hidden = cov.missing.filter((h) => headerValue(response, h) !== undefined);
	return hidden.map((h) => ({
		id: 'expose-headers-missing' as const,
		severity: EXPOSE_SEVERITY[h.toLowerCase()] ?? 'warning',
		header: ACEH,
		missing: [h],
		phases: ['request' as const],
		message: `The server sent ${h}, but ${ACEH} is ${sent === undefined ? 'absent' : `"${sent}"`}, so the browser hides ${h} from the page: ${EXPOSE_SYMPTOM[h.toLowerCase()] ?? 'the page cannot read it'}.${literalStar(needs.credentials)}`,
		specRule:
			'Fetch standard: a CORS response exposes only CORS-safelisted response headers and those listed in Access-Control-Expose-Headers. MCP (CORS for browser clients): expose Mcp-Session-Id, WWW-Authenticate and MCP-Protocol-Version.',
		fix: `Add ${h} to ${ACEH}: ${ACEH}: ${needs.exposeHeaders.join(', ')}.`
	}));
}
