// @ts-check
/**
 * The OAuth test stack: an oidc-provider authorization server and an SDK v2 protected MCP server
 * that trusts it, both on 127.0.0.1 free ports.
 *
 *   const stack = await startAuthStack({ tokenCors: false });
 *   stack.mcpUrl; stack.issuer; await stack.close();
 *
 * From a shell: `node tests/servers/auth/index.js [--no-token-cors]` prints both URLs as JSON.
 */
import { startAuthorizationServer } from './authorization-server.js';
import { ADMIN_SCOPE, READ_SCOPE, startProtectedServer } from './protected-server.js';

export { TEST_USER } from './interactions.js';
export { ADMIN_SCOPE, READ_SCOPE };

/**
 * @typedef {object} AuthStack
 * @property {string} mcpUrl
 * @property {string} issuer
 * @property {Awaited<ReturnType<typeof startAuthorizationServer>>['stats']} asStats
 * @property {Awaited<ReturnType<typeof startProtectedServer>>['stats']} mcpStats
 * @property {() => Promise<void>} close
 */

/**
 * @param {Pick<import('./authorization-server.js').AuthorizationServerOptions, 'tokenCors' | 'origins' | 'registration' | 'publicClient'>} [opts]
 * @returns {Promise<AuthStack>}
 */
export async function startAuthStack(opts = {}) {
	const as = await startAuthorizationServer(opts);
	const mcp = await startProtectedServer({
		issuer: as.issuer,
		introspectionClient: as.introspectionClient,
		origins: opts.origins
	});
	as.addResource(mcp.url, [READ_SCOPE, ADMIN_SCOPE]);
	return {
		mcpUrl: mcp.url,
		issuer: as.issuer,
		asStats: as.stats,
		mcpStats: mcp.stats,
		close: async () => {
			await mcp.close();
			await as.close();
		}
	};
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const stack = await startAuthStack({ tokenCors: !process.argv.includes('--no-token-cors') });
	console.log(JSON.stringify({ mcpUrl: stack.mcpUrl, issuer: stack.issuer }));
	const stop = () => void stack.close().then(() => process.exit(0));
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}
