/**
 * `GET /api/config` → `{mode, servers}`: the stdio server named on the launcher's command line
 * (first) and the `--config` file's servers, for the page to pre-fill. Behind the /api guard:
 * entries may hold secrets (env values, headers).
 */
import type { RequestHandler } from './$types';
import { getConfig } from '$lib/server/config';
import { jsonResponse } from '$lib/server/relay/http';

export const GET: RequestHandler = () => {
	const { mode, servers, initialServer, allowList } = getConfig();
	return jsonResponse(200, {
		mode,
		servers,
		initialServer: initialServer ?? null,
		commandAllowList: allowList?.entries ?? null
	});
};
