/**
 * What a rejected `fetch` means. A browser rejects with the same bare `TypeError` whether the
 * server is unreachable or answered but CORS withheld the answer — it hides the reason from the
 * page on purpose. One thing the page *can* learn: whether the server answers at all. A
 * `mode: "no-cors"` GET needs no CORS permission (its response is opaque, never readable), so if
 * it resolves, the server is up and the first failure was CORS; if it rejects too, the network
 * (DNS, refused connection, offline, mixed content, private-network blocking) is at fault.
 */
import type { FailureKind } from './errors.js';
import type { FetchLike } from './transport.js';

/** How long the reachability check may take before the failure is called a network one. */
const REACHABILITY_TIMEOUT_MS = 3_000;

/**
 * A `TypeError` without a `cause` is how browsers report both network and CORS failures.
 * Node's fetch (undici) always attaches the underlying system error as `cause`, and there is no
 * CORS outside a browser, so a failure with a cause is never probed.
 */
function isOpaqueFetchError(error: unknown): boolean {
	return error instanceof TypeError && (error as { cause?: unknown }).cause === undefined;
}

/** TLS problems are visible in Node (`cause.code`); a browser reports them as a bare TypeError. */
function causeKind(error: unknown): FailureKind {
	const code = (error as { cause?: { code?: unknown } } | undefined)?.cause?.code;
	if (typeof code === 'string' && /CERT|TLS|SSL|UNABLE_TO_VERIFY/.test(code)) return 'tls';
	return 'network';
}

/** True when `url` answers a credential-less, header-less `no-cors` GET (an opaque response). */
export async function answersWithoutCors(fetch: FetchLike, url: string): Promise<boolean> {
	const controller = new AbortController();
	const timer = setTimeout(() => controller.abort(), REACHABILITY_TIMEOUT_MS);
	try {
		await fetch(url, {
			method: 'GET',
			mode: 'no-cors',
			credentials: 'omit',
			cache: 'no-store',
			signal: controller.signal
		});
		return true;
	} catch {
		return false;
	} finally {
		clearTimeout(timer);
		// The answer is only needed to have arrived: drop a body still streaming (e.g. an SSE GET).
		controller.abort();
	}
}

/** `cors`, `tls` or `network` for a `fetch` that rejected without any response. */
export async function classifyFetchFailure(
	fetch: FetchLike,
	url: string,
	error: unknown
): Promise<FailureKind> {
	if (!isOpaqueFetchError(error)) return causeKind(error);
	return (await answersWithoutCors(fetch, url)) ? 'cors' : 'network';
}
