/** Small helpers shared by the relay's route handlers. */
import { SpawnRequestError } from './spawn-request.js';

export function jsonResponse(status: number, body: unknown): Response {
	return new Response(JSON.stringify(body), {
		status,
		headers: { 'content-type': 'application/json', 'cache-control': 'no-store' }
	});
}

/** Error bodies are `{error, hint?}`: what failed and what to do about it. */
export function errorResponse(status: number, error: string, hint?: string): Response {
	return jsonResponse(status, hint ? { error, hint } : { error });
}

export function spawnErrorResponse(error: unknown): Response {
	if (error instanceof SpawnRequestError) {
		return errorResponse(error.status, error.message, error.hint);
	}
	throw error;
}

export function unknownSession(id: string): Response {
	return errorResponse(
		404,
		`No relay session "${id}".`,
		'The server exited or was idle too long and was cleaned up; connect again.'
	);
}
