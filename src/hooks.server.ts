/**
 * Server hooks. `handle` puts the /api guard (src/lib/server/security.ts) in front of every /api
 * route — the relay, the config endpoint, and the proxy/probe routes added later — so no route
 * can forget it.
 */
import type { Handle, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import type { IncomingMessage } from 'node:http';
import { getConfig } from '$lib/server/config';
import { checkApiRequest, isApiPath, refusalResponse } from '$lib/server/security';
import { installShutdownHandlers, liveChildCount } from '$lib/server/relay/registry';
import { FAST_PATH_KEY, relayFastPath } from '$lib/server/relay/fast-path';
import { withSecurityHeaders, type HeaderEnv } from '$lib/server/headers';

export const init: ServerInit = () => {
	const config = getConfig();
	if (config.mode !== 'local') return;
	installShutdownHandlers();
	// The launcher serves the relay's per-message routes through this (see fast-path.ts).
	(globalThis as Record<symbol, unknown>)[FAST_PATH_KEY] = relayFastPath;
	// …and waits on this before exiting on Ctrl+C, so children shut down gracefully.
	(globalThis as Record<symbol, unknown>)[Symbol.for('mcp-playground.relay-live')] = liveChildCount;
};

/** adapter-node passes the Node request as `platform.req`; its socket knows the real port. */
function localPort(platform: unknown): number | undefined {
	const req = (platform as { req?: IncomingMessage } | undefined)?.req;
	return req?.socket?.localPort;
}

const apiGuard: Handle = async ({ event, resolve }) => {
	const routeIsApi = event.route.id?.startsWith('/api') ?? false;
	if (!routeIsApi && !isApiPath(event.url.pathname)) return resolve(event);
	const refusal = checkApiRequest(
		{
			method: event.request.method,
			headers: event.request.headers,
			localPort: localPort(event.platform)
		},
		getConfig()
	);
	if (refusal) return refusalResponse(refusal);
	return resolve(event);
};

const headerEnv: HeaderEnv = {
	PLAYGROUND_FRAME_ANCESTORS: process.env.PLAYGROUND_FRAME_ANCESTORS,
	PLAYGROUND_CONNECT_SRC: process.env.PLAYGROUND_CONNECT_SRC
};

/** CSP, frame-ancestors, Referrer-Policy, nosniff on every response (src/lib/server/headers.ts). */
const securityHeaders: Handle = async ({ event, resolve }) =>
	withSecurityHeaders(await resolve(event), event.url.pathname, headerEnv);

export const handle = sequence(securityHeaders, apiGuard);
