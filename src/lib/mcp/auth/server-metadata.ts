/**
 * Step 3: Authorization Server Metadata (RFC 8414, OpenID Connect Discovery 1.0). For an issuer
 * with a path: `oauth-authorization-server/<path>`, `openid-configuration/<path>`,
 * `<path>/.well-known/openid-configuration`; without: `oauth-authorization-server`, then
 * `openid-configuration`. The document's `issuer` MUST equal the issuer we built the URL from,
 * compared as strings (RFC 8414 §3.3) — otherwise anyone who can serve that path could redirect the
 * flow to their own endpoints.
 */
import type { AuthorizationServer } from 'oauth4webapi';
import type { FetchLike } from '../transport.js';
import { AuthError, asAuthError } from './errors.js';
import type { AuthEventSink } from './events.js';
import { StepRecorder } from './events.js';
import { appendWellKnown, insertWellKnown, safeUrl } from './urls.js';
import { firstPublished } from './well-known.js';

export interface ServerMetadata extends AuthorizationServer {
	/** `fallback`: no metadata anywhere; endpoints assumed per 2025-03-26 (`/authorize`, …). */
	readonly source?: 'discovered' | 'fallback';
}

const RULE_ORDER =
	'MCP Authorization §Authorization Server Metadata Discovery: try RFC 8414 and OIDC Discovery well-known URLs in order';
const RULE_ISSUER =
	'RFC 8414 §3.3: the issuer value MUST be identical to the issuer identifier used to build the URL';
const RULE_PKCE =
	'MCP Authorization §Authorization Code Protection: if code_challenge_methods_supported is absent or lacks S256, clients MUST refuse to proceed';

export function serverMetadataCandidates(issuer: URL): string[] {
	const hasPath = issuer.pathname.replace(/\/+$/, '') !== '';
	if (!hasPath) {
		return [
			insertWellKnown(issuer, 'oauth-authorization-server'),
			insertWellKnown(issuer, 'openid-configuration')
		];
	}
	return [
		insertWellKnown(issuer, 'oauth-authorization-server'),
		insertWellKnown(issuer, 'openid-configuration'),
		appendWellKnown(issuer, 'openid-configuration')
	];
}

function checkDocument(
	body: unknown,
	issuer: string,
	url: string,
	allowHttp: boolean
): ServerMetadata {
	if (typeof body !== 'object' || body === null) {
		throw new AuthError('server-metadata', `${url} did not return a JSON object`, {
			specRule: RULE_ORDER
		});
	}
	const metadata = body as ServerMetadata;
	if (metadata.issuer !== issuer) {
		throw new AuthError(
			'server-metadata',
			`The metadata at ${url} says issuer ${JSON.stringify(metadata.issuer)}, but it was fetched for issuer ${JSON.stringify(issuer)}. Refusing to use its endpoints. The authorization server must publish its exact issuer identifier (no added or missing trailing slash).`,
			{ specRule: RULE_ISSUER }
		);
	}
	safeUrl(
		metadata.authorization_endpoint ?? metadata.token_endpoint,
		'authorization_endpoint',
		allowHttp
	);
	return { ...metadata, source: 'discovered' };
}

/** Refuses servers that do not advertise PKCE S256 (our fallback metadata assumes it). */
export function requirePkce(metadata: ServerMetadata): void {
	if (metadata.source === 'fallback') return;
	if (!metadata.code_challenge_methods_supported?.includes('S256')) {
		throw new AuthError(
			'server-metadata',
			`Authorization server ${metadata.issuer} does not advertise PKCE S256 (code_challenge_methods_supported: ${JSON.stringify(metadata.code_challenge_methods_supported ?? null)}). Refusing to start an authorization code flow without it; the server must support and advertise S256.`,
			{ specRule: RULE_PKCE }
		);
	}
}

/** 2025-03-26 "Fallbacks for servers without metadata discovery": default paths at the origin. */
export function fallbackMetadata(origin: URL): ServerMetadata {
	return {
		issuer: origin.origin,
		authorization_endpoint: `${origin.origin}/authorize`,
		token_endpoint: `${origin.origin}/token`,
		registration_endpoint: `${origin.origin}/register`,
		code_challenge_methods_supported: ['S256'],
		source: 'fallback'
	};
}

export interface ServerMetadataOptions {
	fetch: FetchLike;
	sink?: AuthEventSink;
	allowHttp?: boolean;
	/** 2025-03-26 servers (no resource metadata): use default endpoints if nothing is published. */
	legacyFallback?: boolean;
}

export async function discoverServerMetadata(
	issuer: string,
	options: ServerMetadataOptions
): Promise<ServerMetadata> {
	const step = new StepRecorder('server-metadata', options.fetch, options.sink);
	try {
		const issuerUrl = safeUrl(issuer, 'Authorization server issuer', options.allowHttp);
		const candidates = serverMetadataCandidates(issuerUrl);
		const found = await firstPublished('server-metadata', step.fetch, candidates);
		if (found) {
			const { url } = found;
			const metadata = checkDocument(found.body, issuer, url, options.allowHttp ?? false);
			step.emit('success', `Found authorization server metadata for ${issuer} at ${url}`, {
				specRule: `${RULE_ORDER}; ${RULE_ISSUER}`,
				details: { url, issuer, pkce: metadata.code_challenge_methods_supported }
			});
			return metadata;
		}
		if (options.legacyFallback) {
			step.emit(
				'info',
				`No metadata published; using 2025-03-26 default endpoints at ${issuerUrl.origin}`,
				{
					specRule: 'MCP 2025-03-26 Authorization §Fallbacks for Servers without Metadata Discovery'
				}
			);
			return fallbackMetadata(issuerUrl);
		}
		throw new AuthError(
			'server-metadata',
			`No authorization server metadata for ${issuer} (tried ${candidates.join(', ')}). The authorization server must publish RFC 8414 or OpenID Connect discovery metadata.`,
			{ specRule: RULE_ORDER }
		);
	} catch (error) {
		const failure = asAuthError('server-metadata', error, RULE_ORDER);
		step.emit('failure', failure.message, { specRule: failure.specRule });
		throw failure;
	}
}
