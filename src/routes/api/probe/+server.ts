/**
 * `POST /api/probe {url, origin, method, requestHeaders, era, body?}` → the preflight, the real
 * request and the Origin-less control as the server answered them (local mode; behind the /api
 * guard in hooks.server.ts). Refuses anything but well-formed absolute http(s) targets.
 */
import type { RequestHandler } from './$types';
import { parseProbeInput, probeCors } from '$lib/server/probe';
import { TargetError } from '$lib/server/target';
import { errorResponse, jsonResponse } from '$lib/server/relay/http';

export const POST: RequestHandler = async ({ request }) => {
	let raw: unknown;
	try {
		raw = await request.json();
	} catch {
		return errorResponse(400, 'The body must be JSON: {url, origin, method, requestHeaders, era}.');
	}
	try {
		return jsonResponse(200, await probeCors(parseProbeInput(raw)));
	} catch (error) {
		if (error instanceof TargetError) return errorResponse(400, error.message, error.hint);
		throw error;
	}
};
