/**
 * Types of the CORS doctor: what a connection needs from a server, what the server answered,
 * and the problems found. Plain data (JSON safe) so the probe route can return them and the
 * page can render them.
 */

/** One HTTP exchange as the server sent it (probe) — every header, in order, repeats kept. */
export interface HttpExchange {
	status: number;
	statusText?: string;
	/** `[name, value]` pairs as received; a header sent twice appears twice. */
	headers: Array<[string, string]>;
	/** The start of the body (bounded), for messages such as an Origin-check 403. */
	bodySnippet?: string;
	/** Set when the exchange got no HTTP answer (refused, DNS, TLS, timeout). */
	error?: string;
}

export type EraNeed = 'modern' | 'legacy' | 'auto';

/** What this connection needs from the server (computed by `connectionNeeds`). */
export interface CorsNeeds {
	/** The page's origin, e.g. `http://127.0.0.1:6280`. */
	pageOrigin: string;
	/** The MCP endpoint URL. */
	targetUrl: string;
	/** Methods the connection uses: POST; GET and DELETE for legacy sessions. */
	methods: string[];
	/** Request headers the connection sends that need the preflight's permission. */
	requestHeaders: string[];
	/** Response headers the page must be able to read. */
	exposeHeaders: string[];
	/** `fetch` with `credentials: 'include'` (cookies). `Authorization` is not a credential here. */
	credentials: boolean;
	era: EraNeed;
}

/** What the server answered: the preflight, the real request, and the same request without `Origin`. */
export interface CorsObservation {
	preflight?: HttpExchange;
	request?: HttpExchange;
	/** The real request replayed without an `Origin` header — tells an Origin check from other 403s. */
	control?: HttpExchange;
}

export type Severity = 'error' | 'warning' | 'info';
export type Phase = 'preflight' | 'request' | 'page';

export type ProblemId =
	| 'unreachable'
	| 'cors-blocked'
	| 'mixed-content'
	| 'private-network'
	| 'origin-rejected'
	| 'preflight-redirect'
	| 'preflight-status'
	| 'request-redirect'
	| 'acao-missing'
	| 'acao-multiple'
	| 'acao-mismatch'
	| 'acao-wildcard-credentials'
	| 'allow-credentials-missing'
	| 'allow-methods-missing'
	| 'allow-headers-missing'
	| 'allow-headers-wildcard-authorization'
	| 'allow-headers-wildcard-credentials'
	| 'expose-headers-missing';

export interface CorsProblem {
	id: ProblemId;
	severity: Severity;
	/** The header at fault (canonical spelling), when one is. */
	header?: string;
	/** For list headers: the exact entries missing, e.g. `["MCP-Protocol-Version"]`. */
	missing?: string[];
	/** Where it was seen. */
	phases: Phase[];
	/** What is wrong and what the user saw because of it. Plain text (never HTML). */
	message: string;
	/** The rule behind it (Fetch standard / MCP spec), quoted or cited. */
	specRule: string;
	/** One sentence: what to change on the server. */
	fix: string;
}

/** One request the probe sent (shown beside the answer). */
export interface SentRequest {
	method: string;
	url: string;
	headers: Array<[string, string]>;
	body?: string;
}

/** What `POST /api/probe` returns. */
export interface ProbeResult {
	sent: { preflight: SentRequest; request: SentRequest; control: SentRequest };
	preflight: HttpExchange;
	request: HttpExchange;
	control: HttpExchange;
}
