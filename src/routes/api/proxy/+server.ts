/**
 * `POST /api/proxy {method, url, headers, body}` → the remote server's answer, streamed (local
 * mode; behind the /api guard in hooks.server.ts). Refuses anything but well-formed absolute
 * http(s) targets.
 */
import type { RequestHandler } from './$types';
import { forward, parseProxyInput } from '$lib/server/proxy';
import { TargetError } from '$lib/server/target';
import { errorResponse } from '$lib/server/relay/http';

export const POST: RequestHandler = async ({ request }) => {
	let raw: unknown;
	try {
		raw = await request.json();
	} catch {
		return errorResponse(400, 'The body must be JSON: {method, url, headers, body}.');
	}
	try {
		return await forward(parseProxyInput(raw), request.signal);
	} catch (error) {
		if (error instanceof TargetError) return errorResponse(400, error.message, error.hint);
		throw error;
	}
};
