/**
 * Observable auth steps, for the auth debugger and the conformance log. Every step of the OAuth
 * flow emits one `AuthEvent` carrying the HTTP exchanges it made, its outcome and the spec rule it
 * checks. Events are plain data (JSON and structured-clone safe).
 */
import type { FetchLike } from '../transport.js';

export type AuthStep =
	| 'challenge'
	| 'resource-metadata'
	| 'server-metadata'
	| 'registration'
	| 'authorization'
	| 'token'
	| 'refresh'
	| 'authenticated-request';

export type AuthOutcome = 'success' | 'failure' | 'skipped' | 'info';

/** One HTTP request/response pair as the caller saw it (in a browser: CORS-exposed headers only). */
export interface HttpExchange {
	request: { method: string; url: string; headers: Record<string, string>; body?: string };
	response?: { status: number; headers: Record<string, string>; body?: string };
	/**
	 * Set when `fetch` rejected without a response. In a browser a `TypeError` here almost always
	 * means CORS blocked the answer (or the host is unreachable): the debugger says so.
	 */
	networkError?: string;
}

export interface AuthEvent {
	step: AuthStep;
	outcome: AuthOutcome;
	/** What happened, in words a user can act on. */
	message: string;
	/** The spec rule this step checks, e.g. "RFC 9728 §3.3: resource MUST match". */
	specRule?: string;
	exchanges: HttpExchange[];
	/** Step-specific data (discovered URLs, chosen scopes, registration method…). No secrets. */
	details?: Record<string, unknown>;
	time: number;
}

export type AuthEventSink = (event: AuthEvent) => void;

const MAX_BODY = 4096;
/** Secrets never enter the event log: tokens, codes, verifiers, client secrets, assertions. */
const SECRET_KEYS =
	/"?(access_token|refresh_token|id_token|client_secret|code_verifier|code|assertion|client_assertion|subject_token)"?\s*[:=]\s*"?[^"&,}\s]+/g;

export function redact(text: string): string {
	return text.replace(SECRET_KEYS, (match) => {
		const key = match.split(/[:=]/, 1)[0];
		const separator = match.includes('=') && !match.includes(':') ? '=' : ': ';
		return `${key}${separator}[redacted]`;
	});
}

function redactHeaders(headers: Headers): Record<string, string> {
	const out: Record<string, string> = {};
	headers.forEach((value, key) => {
		out[key] = /^(authorization|dpop)$/i.test(key) ? `${value.split(' ', 1)[0]} [redacted]` : value;
	});
	return out;
}

function bodyText(body: unknown): string | undefined {
	if (typeof body === 'string') return redact(body).slice(0, MAX_BODY);
	if (body instanceof URLSearchParams) return redact(body.toString()).slice(0, MAX_BODY);
	return undefined;
}

async function responseText(response: Response): Promise<string | undefined> {
	try {
		return redact(await response.clone().text()).slice(0, MAX_BODY);
	} catch {
		return undefined;
	}
}

/**
 * Wraps `fetch` so that every exchange it makes is appended to `log` (secrets redacted). The
 * original response is returned untouched; the body is read from a clone.
 */
export function recordingFetch(fetchImpl: FetchLike, log: HttpExchange[]): FetchLike {
	return async (input, init) => {
		const request = new Request(input, init);
		const exchange: HttpExchange = {
			request: {
				method: request.method,
				url: request.url,
				headers: redactHeaders(request.headers),
				body: bodyText(init?.body)
			}
		};
		log.push(exchange);
		try {
			const response = await fetchImpl(input, init);
			exchange.response = {
				status: response.status,
				headers: redactHeaders(response.headers),
				body: await responseText(response)
			};
			return response;
		} catch (error) {
			exchange.networkError = error instanceof Error ? error.message : String(error);
			throw error;
		}
	};
}

/** Collects the exchanges of one step and emits its event once the step settles. */
export class StepRecorder {
	readonly exchanges: HttpExchange[] = [];
	readonly fetch: FetchLike;

	constructor(
		readonly step: AuthStep,
		fetchImpl: FetchLike,
		private readonly sink: AuthEventSink | undefined
	) {
		this.fetch = recordingFetch(fetchImpl, this.exchanges);
	}

	emit(
		outcome: AuthOutcome,
		message: string,
		extra?: Pick<AuthEvent, 'specRule' | 'details'>
	): void {
		this.sink?.({
			step: this.step,
			outcome,
			message,
			exchanges: [...this.exchanges],
			time: Date.now(),
			...extra
		});
	}
}
