// @ts-check
/**
 * A protected MCP server (OAuth resource server) built with the official SDK v2: protected
 * resource metadata (RFC 9728) at `/.well-known/oauth-protected-resource/mcp`, the SDK's
 * `requireBearerAuth` gate (401 with `WWW-Authenticate: Bearer scope="mcp:read",
 * resource_metadata="…"`), tokens verified by introspection (RFC 7662) at the authorization
 * server with the token's audience as its resource, and a tool whose `scopeChallenge` needs
 * `mcp:admin` (the SDK answers 403 `insufficient_scope` → the client steps up). CORS for the
 * playground origin, with `WWW-Authenticate` exposed.
 */
import { createServer } from 'node:http';
import { toNodeHandler } from '@modelcontextprotocol/node';
import {
	buildOAuthProtectedResourceMetadata,
	createMcpHandler,
	McpServer,
	OAuthError,
	OAuthErrorCode,
	requireBearerAuth,
	requireScopes
} from '@modelcontextprotocol/server';
import { handleCors, PLAYGROUND_ORIGINS } from '../cors.js';
import { closeServer, listen } from '../listen.js';

export const READ_SCOPE = 'mcp:read';
export const ADMIN_SCOPE = 'mcp:admin';

/**
 * @typedef {object} ProtectedServerOptions
 * @property {string} issuer the authorization server
 * @property {{ clientId: string, clientSecret: string }} introspectionClient
 * @property {number} [port]
 * @property {string[]} [origins]
 */

/**
 * @typedef {object} RunningProtectedServer
 * @property {string} url the MCP endpoint (also the RFC 8707 resource)
 * @property {{ authorized: number, challenged: number }} stats
 * @property {() => Promise<void>} close
 */

/**
 * RFC 7662 introspection at the authorization server, as the SDK's `OAuthTokenVerifier`.
 * @param {ProtectedServerOptions} opts
 * @returns {import('@modelcontextprotocol/server').OAuthTokenVerifier}
 */
function introspectionVerifier(opts) {
	const { clientId, clientSecret } = opts.introspectionClient;
	const basic = Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
	return {
		async verifyAccessToken(token) {
			const response = await fetch(`${opts.issuer}/token/introspection`, {
				method: 'POST',
				headers: {
					authorization: `Basic ${basic}`,
					'content-type': 'application/x-www-form-urlencoded'
				},
				body: new URLSearchParams({ token })
			});
			const info = /** @type {Record<string, any>} */ (await response.json());
			if (!response.ok || info.active !== true) {
				throw new OAuthError(OAuthErrorCode.InvalidToken, 'The access token is not active.');
			}
			const audience = Array.isArray(info.aud) ? info.aud[0] : info.aud;
			return {
				token,
				clientId: String(info.client_id),
				scopes: String(info.scope ?? '')
					.split(' ')
					.filter(Boolean),
				expiresAt: Number(info.exp),
				resource: audience ? new URL(audience) : undefined,
				extra: { subject: info.sub }
			};
		}
	};
}

/** @returns {McpServer} */
function mcpServer() {
	const server = new McpServer({ name: 'mcp-playground-protected', version: '1.0.0' });
	server.registerTool(
		'whoami',
		{ description: 'Says who the access token belongs to and which scopes it carries.' },
		async (ctx) => {
			const auth = ctx.http?.authInfo;
			const text = `Signed in as ${String(auth?.extra?.subject)} (client ${auth?.clientId}) with scopes: ${auth?.scopes.join(' ')}`;
			return { content: [{ type: 'text', text }] };
		}
	);
	server.registerTool(
		'admin-action',
		{
			description: `Needs the ${ADMIN_SCOPE} scope: without it the server answers 403 insufficient_scope.`,
			scopeChallenge: requireScopes(READ_SCOPE, ADMIN_SCOPE)
		},
		async (ctx) => ({
			content: [
				{
					type: 'text',
					text: `Admin action done with scopes: ${ctx.http?.authInfo?.scopes.join(' ')}`
				}
			]
		})
	);
	return server;
}

/**
 * @param {ProtectedServerOptions} opts
 * @returns {Promise<RunningProtectedServer>}
 */
export async function startProtectedServer(opts) {
	const http = createServer();
	const port = await listen(http, opts.port ?? 0);
	const url = `http://127.0.0.1:${port}/mcp`;
	const metadataUrl = `http://127.0.0.1:${port}/.well-known/oauth-protected-resource/mcp`;
	const metadata = buildOAuthProtectedResourceMetadata({
		oauthMetadata: /** @type {any} */ ({ issuer: opts.issuer }),
		resourceServerUrl: new URL(url),
		scopesSupported: [READ_SCOPE, ADMIN_SCOPE],
		resourceName: 'MCP Playground protected test server',
		dangerouslyAllowInsecureIssuerUrl: true
	});
	const gate = requireBearerAuth({
		verifier: introspectionVerifier(opts),
		requiredScopes: [READ_SCOPE],
		resourceMetadataUrl: metadataUrl,
		expectedResource: new URL(url)
	});
	const handler = createMcpHandler(mcpServer, { legacy: 'stateless', keepAliveMs: 0 });
	const mcp = toNodeHandler(handler);
	const stats = { authorized: 0, challenged: 0 };
	const origins = opts.origins ?? PLAYGROUND_ORIGINS;
	http.on('request', async (req, res) => {
		if (!handleCors(req, res, origins)) return;
		const path = new URL(req.url ?? '/', url).pathname;
		if (path === '/.well-known/oauth-protected-resource/mcp' && req.method === 'GET') {
			res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(metadata));
			return;
		}
		if (path !== '/mcp') return void res.writeHead(404).end('Not found: the MCP endpoint is /mcp');
		const auth = await gate(
			new Request(url, { headers: { authorization: req.headers.authorization ?? '' } })
		);
		if (auth instanceof Response) {
			stats.challenged += 1;
			res.writeHead(auth.status, Object.fromEntries(auth.headers));
			res.end(await auth.text());
			return;
		}
		stats.authorized += 1;
		Object.assign(req, { auth });
		await mcp(req, res);
	});
	return {
		url,
		stats,
		close: async () => {
			await handler.close();
			await closeServer(http);
		}
	};
}
