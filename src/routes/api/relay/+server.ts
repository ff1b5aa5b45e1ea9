/** `POST /api/relay {command, args, env, cwd}` → `201 {id}`. Behind the /api guard (hooks.server.ts). */
import type { RequestHandler } from './$types';
import { createSession } from '$lib/server/relay/registry';
import { parseSpawnRequest } from '$lib/server/relay/spawn-request';
import { errorResponse, jsonResponse, spawnErrorResponse } from '$lib/server/relay/http';

export const POST: RequestHandler = async ({ request }) => {
	let body: unknown;
	try {
		body = await request.json();
	} catch {
		return errorResponse(400, 'The body must be JSON: {command, args, env, cwd}.');
	}
	try {
		const session = await createSession(parseSpawnRequest(body));
		return jsonResponse(201, { id: session.id, pid: session.child.pid });
	} catch (error) {
		return spawnErrorResponse(error);
	}
};
