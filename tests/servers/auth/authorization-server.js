// @ts-check
/**
 * A real OAuth 2.1 authorization server for the e2e tests, built on `oidc-provider` 8 (certified
 * OpenID provider, maintained): PKCE S256 required, RFC 8707 resource indicators (opaque access
 * tokens whose audience is the resource, scopes per resource), Dynamic Client Registration
 * (RFC 7591), RFC 9207 `iss` in the authorization response, refresh tokens, and token
 * introspection (RFC 7662) for the protected MCP server. Login and consent are real HTML forms
 * (interactions.js).
 *
 * CORS: oidc-provider answers CORS on discovery, JWKS and the token endpoint, but not on the
 * registration endpoint, which a browser client needs for DCR — `registrationCors` below adds it
 * for the allowed origins (our own piece, a few lines). `tokenCors: false` builds the broken
 * variant: the token endpoint still works, but sends no `Access-Control-*` headers, so a browser
 * sends the request (a CORS-simple form POST, no preflight) and cannot read the answer.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import Provider, { errors } from 'oidc-provider';
import { PLAYGROUND_ORIGINS } from '../cors.js';
import { closeServer, listen } from '../listen.js';
import { handleInteraction } from './interactions.js';

/**
 * @typedef {object} AuthorizationServerOptions
 * @property {number} [port] 0 (default) picks a free port
 * @property {boolean} [tokenCors] false: no CORS headers on the token endpoint (default true)
 * @property {string[]} [origins] browser origins allowed (default: the Playwright playground)
 * @property {boolean} [registration] false: no Dynamic Client Registration endpoint (default true)
 * @property {{ clientId: string, redirectUris: string[] }} [publicClient] a client registered by
 *   hand (public: no secret, PKCE), for the "pre-registered client ID" path
 */

/**
 * @typedef {object} RunningAuthorizationServer
 * @property {string} issuer
 * @property {(resource: string, scopes: string[]) => void} addResource registers a protected
 *   resource (RFC 8707 indicator) and the scopes a token for it may carry
 * @property {{ clientId: string, clientSecret: string }} introspectionClient credentials the
 *   resource server uses at the introspection endpoint
 * @property {{ tokenRequests: number, registrations: number }} stats what the server saw
 * @property {() => Promise<void>} close
 */

/** A signing key for ID tokens (oidc-provider's default algorithm is RS256). */
function signingKeys() {
	const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
	return { keys: [{ ...privateKey.export({ format: 'jwk' }), use: 'sig', kid: 'e2e-rs256' }] };
}

/** @typedef {any} Untyped an oidc-provider object (see oidc-provider.d.ts) */

/**
 * @param {Map<string, string[]>} resources
 * @param {{ clientId: string, clientSecret: string }} introspectionClient
 * @param {string[]} origins browser origins allowed on client endpoints (token, introspection)
 * @param {AuthorizationServerOptions} opts
 * @returns {any} oidc-provider's Configuration (untyped, see oidc-provider.d.ts)
 */
function configuration(resources, introspectionClient, origins, opts) {
	const publicClients = opts.publicClient
		? [
				{
					client_id: opts.publicClient.clientId,
					redirect_uris: opts.publicClient.redirectUris,
					token_endpoint_auth_method: 'none',
					application_type: 'web',
					grant_types: ['authorization_code', 'refresh_token'],
					response_types: ['code']
				}
			]
		: [];
	return {
		clients: [
			{
				client_id: introspectionClient.clientId,
				client_secret: introspectionClient.clientSecret,
				grant_types: [],
				redirect_uris: [],
				response_types: []
			},
			...publicClients
		],
		jwks: signingKeys(),
		cookies: { keys: [randomBytes(32).toString('hex')] },
		scopes: ['openid', 'offline_access'],
		ttl: {
			AccessToken: 3600,
			AuthorizationCode: 60,
			Grant: 86_400,
			IdToken: 3600,
			Interaction: 3600,
			RefreshToken: 86_400,
			Session: 86_400
		},
		pkce: { required: () => true, methods: ['S256'] },
		features: {
			devInteractions: { enabled: false },
			registration: { enabled: opts.registration ?? true },
			introspection: {
				enabled: true,
				// Only the resource server may introspect.
				allowedPolicy: async (/** @type {Untyped} */ _ctx, /** @type {Untyped} */ client) =>
					client.clientId === introspectionClient.clientId
			},
			revocation: { enabled: true },
			resourceIndicators: {
				enabled: true,
				defaultResource: () => undefined,
				useGrantedResource: () => true,
				getResourceServerInfo: (/** @type {Untyped} */ _ctx, /** @type {string} */ resource) => {
					const scopes = resources.get(resource);
					if (!scopes) throw new errors.InvalidTarget(`unknown resource ${resource}`);
					return {
						scope: scopes.join(' '),
						audience: resource,
						accessTokenFormat: 'opaque',
						accessTokenTTL: 3600
					};
				}
			}
		},
		// A browser client cannot keep a secret: public clients get refresh tokens too (rotated).
		issueRefreshToken: async (/** @type {Untyped} */ _ctx, /** @type {Untyped} */ client) =>
			client.grantTypeAllowed('refresh_token'),
		rotateRefreshToken: true,
		// oidc-provider refuses CORS on its client endpoints (token…) unless told which origins may.
		clientBasedCORS: (/** @type {Untyped} */ _ctx, /** @type {string} */ origin) =>
			origins.includes(origin),
		interactions: {
			url: (/** @type {Untyped} */ _ctx, /** @type {Untyped} */ interaction) =>
				`/interaction/${interaction.uid}`
		},
		findAccount: async (/** @type {Untyped} */ _ctx, /** @type {string} */ id) => ({
			accountId: id,
			claims: async () => ({ sub: id })
		})
	};
}

/**
 * CORS for the registration endpoint (oidc-provider has none there), and the "no CORS on the
 * token endpoint" variant.
 * @param {{ origins: string[], tokenCors: boolean, stats: RunningAuthorizationServer['stats'] }} opts
 * @returns {(ctx: any, next: () => Promise<void>) => Promise<void>}
 */
function corsAdjustments({ origins, tokenCors, stats }) {
	return async (ctx, next) => {
		const origin = ctx.get('Origin');
		const allowed = origins.includes(origin);
		if (ctx.path === '/reg' && ctx.method === 'OPTIONS' && allowed) {
			ctx.set('Access-Control-Allow-Origin', origin);
			ctx.set('Access-Control-Allow-Methods', 'POST');
			ctx.set('Access-Control-Allow-Headers', 'content-type, accept');
			ctx.set('Vary', 'Origin');
			ctx.status = 204;
			return;
		}
		if (ctx.path === '/token' && ctx.method === 'POST') stats.tokenRequests += 1;
		if (ctx.path === '/reg' && ctx.method === 'POST') stats.registrations += 1;
		await next();
		if (ctx.path === '/reg' && allowed) {
			ctx.set('Access-Control-Allow-Origin', origin);
			ctx.vary('Origin');
		}
		if (ctx.path === '/token' && !tokenCors) {
			for (const name of Object.keys(ctx.response.headers)) {
				if (name.toLowerCase().startsWith('access-control-')) ctx.remove(name);
			}
		}
	};
}

/**
 * @param {AuthorizationServerOptions} [opts]
 * @returns {Promise<RunningAuthorizationServer>}
 */
export async function startAuthorizationServer(opts = {}) {
	const http = createServer();
	const port = await listen(http, opts.port ?? 0);
	const issuer = `http://127.0.0.1:${port}`;
	/** @type {Map<string, string[]>} */
	const resources = new Map();
	const introspectionClient = {
		clientId: 'mcp-resource-server',
		clientSecret: randomBytes(16).toString('hex')
	};
	const stats = { tokenRequests: 0, registrations: 0 };
	const origins = opts.origins ?? PLAYGROUND_ORIGINS;
	const provider = new Provider(
		issuer,
		configuration(resources, introspectionClient, origins, opts)
	);
	provider.use(
		corsAdjustments({
			origins,
			tokenCors: opts.tokenCors ?? true,
			stats
		})
	);
	const callback = provider.callback();
	http.on('request', (req, res) => {
		if ((req.url ?? '').startsWith('/interaction/')) {
			handleInteraction(provider, req, res).catch((error) => {
				res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error?.message ?? error));
			});
			return;
		}
		callback(req, res);
	});
	return {
		issuer,
		addResource: (resource, scopes) => resources.set(resource, scopes),
		introspectionClient,
		stats,
		close: () => closeServer(http)
	};
}
