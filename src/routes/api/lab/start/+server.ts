/**
 * `POST /api/lab/start` → `{servers, sse, stdio}`: starts the CORS lab (once per process) for
 * this page's origin and lists its servers; `sse` (the HTTP+SSE server) and `stdio` (a command
 * for the relay) are the transports guide's other demo servers.
 * Local mode only, behind the /api guard (hooks.server.ts).
 */
import type { RequestHandler } from './$types';
import { sharedLab } from '$lib/server/lab';
import { stdioDemoCommand } from '$lib/server/lab/stdio-demo';
import { jsonResponse } from '$lib/server/relay/http';

export const POST: RequestHandler = async ({ request }) => {
	// The guard accepted only a loopback Host and an Origin equal to http://<Host>; adapter-node's
	// `url.origin` would say https:// unless ORIGIN is set, so build the page origin the same way.
	const lab = await sharedLab(`http://${request.headers.get('host')}`);
	return jsonResponse(200, {
		servers: lab.servers,
		sse: lab.sse,
		stdio: stdioDemoCommand(),
		pageOrigins: lab.pageOrigins
	});
};
