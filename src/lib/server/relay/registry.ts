/**
 * The live relay sessions of this server process, and the handlers that take every child down
 * with the server (SIGINT, SIGTERM, normal exit, crash) so no server is ever orphaned — plus the
 * watchdog (watchdog.ts) for the deaths no handler sees: SIGKILL, the OOM killer.
 */
import { randomUUID } from 'node:crypto';
import { getConfig } from '../config.js';
import { RelaySession } from './session.js';
import { prepareSpawn, SpawnRequestError, type SpawnRequest } from './spawn-request.js';
import { startWatchdog } from './watchdog.js';

const sessions = new Map<string, RelaySession>();

export function getSession(id: string): RelaySession | undefined {
	return sessions.get(id);
}

/** Live (not yet exited) children, for diagnostics and tests. */
export function liveChildCount(): number {
	let count = 0;
	for (const session of sessions.values()) if (!session.exited) count += 1;
	return count;
}

/** Validates, spawns and registers a session; throws `SpawnRequestError` for the page. */
export async function createSession(request: SpawnRequest): Promise<RelaySession> {
	const config = getConfig();
	if (liveChildCount() >= config.relay.maxSessions) {
		throw new SpawnRequestError(
			429,
			`Too many stdio servers running (${config.relay.maxSessions}).`,
			'Disconnect some servers first.'
		);
	}
	const prepared = prepareSpawn(request, config.allowList);
	// Unguessable ids: the token guards the API, this just keeps sessions from colliding.
	const session = new RelaySession(randomUUID(), prepared, config.relay, (s) =>
		sessions.delete(s.id)
	);
	sessions.set(session.id, session);
	try {
		await session.started();
	} catch (error) {
		sessions.delete(session.id);
		throw new SpawnRequestError(
			400,
			`Could not start "${request.command}": ${(error as Error).message}`,
			'Check that the program exists and is executable.'
		);
	}
	return session;
}

let installed = false;

/**
 * Closes every session (stdin, SIGTERM, SIGKILL) and, at process exit, kills what is left; starts
 * the watchdog for when none of that gets to run.
 */
export function installShutdownHandlers(): void {
	if (installed) return;
	installed = true;
	startWatchdog(getConfig().relay.graceMs);
	const terminateAll = () => {
		for (const session of sessions.values()) session.terminate();
	};
	process.on('SIGINT', terminateAll);
	process.on('SIGTERM', terminateAll);
	process.on('sveltekit:shutdown', terminateAll);
	// 'exit' handlers must be synchronous: SIGKILL is the only thing that still works there.
	process.on('exit', () => {
		for (const session of sessions.values()) session.killNow();
	});
}
