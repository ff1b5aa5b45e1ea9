/**
 * The search both metadata steps run over their well-known locations (RFC 9728 for the protected
 * resource, RFC 8414 / OpenID Connect Discovery for the authorization server), in spec order.
 */
import type { FetchLike } from '../transport.js';
import { networkFailure, type AuthError } from './errors.js';
import type { AuthStep } from './events.js';

export interface PublishedDocument {
	url: string;
	/** The parsed JSON body; `undefined` when the answer was not JSON (the caller's check refuses it). */
	body: unknown;
}

/**
 * Fetches `urls` in order and returns the first that answers 2xx; a non-2xx answer (404 and
 * friends) moves on to the next. A 404 sent without CORS headers is indistinguishable from a
 * blocked answer, and many servers send exactly that for the locations they do not publish, so a
 * fetch that fails moves on too: the first such failure is thrown only when no location answered
 * readably. Resolves `undefined` when every location answered, none with 2xx.
 */
export async function firstPublished(
	step: AuthStep,
	fetchImpl: FetchLike,
	urls: string[]
): Promise<PublishedDocument | undefined> {
	let blocked: AuthError | undefined;
	for (const url of urls) {
		let response: Response;
		try {
			response = await fetchImpl(url, { headers: { Accept: 'application/json' } });
		} catch (error) {
			blocked ??= networkFailure(step, url, error);
			continue;
		}
		if (!response.ok) continue;
		return { url, body: await response.json().catch(() => undefined) };
	}
	if (blocked) throw blocked;
	return undefined;
}
