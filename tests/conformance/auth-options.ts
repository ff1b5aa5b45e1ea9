/**
 * How the conformance harness configures the auth core for a scenario: the same
 * `OAuthClientProvider` the browser uses, with the authorization step done by fetching the
 * authorization URL with `redirect: "manual"` (the mock's /authorize answers an immediate 302 to
 * the redirect URI) and credentials from MCP_CONFORMANCE_CONTEXT. The extension scenarios name the
 * grant they test; the playground configures those grants the same way from its settings.
 */
import type { AuthEvent } from '../../src/lib/mcp/auth/events.js';
import type { OAuthClientOptions } from '../../src/lib/mcp/auth/provider.js';

/** The Client ID Metadata Document URL the conformance suite expects a CIMD client to use. */
export const CONFORMANCE_CIMD_URL = 'https://conformance-test.local/client-metadata.json';
const REDIRECT_URI = 'http://127.0.0.1:45454/oauth/callback';

/** Follows the authorization URL one hop: the mock answers 302 to our redirect URI. */
export async function authorizeByRedirect(authorizationUrl: string): Promise<string> {
	const response = await fetch(authorizationUrl, { redirect: 'manual' });
	const location = response.headers.get('location');
	if (response.status < 300 || response.status > 399 || !location) {
		throw new Error(
			`The authorization endpoint answered HTTP ${response.status} instead of redirecting back`
		);
	}
	return new URL(location, authorizationUrl).href;
}

function text(context: Record<string, unknown>, key: string): string | undefined {
	const value = context[key];
	return typeof value === 'string' ? value : undefined;
}

async function importPkcs8(pem: string): Promise<CryptoKey> {
	const base64 = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
	const der = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
	return crypto.subtle.importKey('pkcs8', der, { name: 'ECDSA', namedCurve: 'P-256' }, false, [
		'sign'
	]);
}

function extensionGrant(
	scenario: string,
	context: Record<string, unknown>
): Partial<OAuthClientOptions> {
	const clientId = text(context, 'client_id') ?? '';
	const clientSecret = text(context, 'client_secret');
	switch (scenario) {
		case 'auth/client-credentials-basic':
			return { grant: { type: 'client_credentials' }, preRegistered: [{ clientId, clientSecret }] };
		case 'auth/wif-jwt-bearer':
			return {
				grant: { type: 'jwt_bearer', assertion: () => text(context, 'valid_jwt') ?? '' },
				preRegistered: [{ clientId, tokenEndpointAuthMethod: 'none' }]
			};
		case 'auth/enterprise-managed-authorization':
			return {
				grant: {
					type: 'enterprise',
					idToken: () => text(context, 'idp_id_token') ?? '',
					idp: {
						tokenEndpoint: text(context, 'idp_token_endpoint') ?? '',
						clientId: text(context, 'idp_client_id') ?? ''
					}
				},
				preRegistered: [{ clientId, clientSecret }]
			};
		default:
			return {};
	}
}

export async function authOptionsFor(
	serverUrl: string,
	scenario: string,
	context: Record<string, unknown>,
	onEvent?: (event: AuthEvent) => void
): Promise<OAuthClientOptions> {
	const options: OAuthClientOptions = {
		serverUrl,
		redirectUri: REDIRECT_URI,
		authorize: authorizeByRedirect,
		clientMetadataUrl: CONFORMANCE_CIMD_URL,
		clientMetadata: { client_name: 'MCP Playground (conformance)' },
		onEvent,
		...extensionGrant(scenario, context)
	};
	if (scenario === 'auth/client-credentials-jwt') {
		const pem = text(context, 'private_key_pem') ?? '';
		options.grant = { type: 'client_credentials' };
		options.clientPrivateKey = await importPkcs8(pem);
		options.preRegistered = [
			{ clientId: text(context, 'client_id') ?? '', tokenEndpointAuthMethod: 'private_key_jwt' }
		];
	} else if (!options.preRegistered && text(context, 'client_id')) {
		// Pre-registration: credentials the operator obtained out of band, for the named issuer.
		options.preRegistered = [
			{
				issuer: text(context, 'issuer'),
				clientId: text(context, 'client_id') ?? '',
				clientSecret: text(context, 'client_secret')
			}
		];
	}
	return options;
}
