/**
 * Step 2: Protected Resource Metadata (RFC 9728). Spec order: the `resource_metadata` URL from the
 * challenge, else the path-inserted `/.well-known/oauth-protected-resource/<path>`, else the root
 * `/.well-known/oauth-protected-resource`. A document whose `resource` does not identify this
 * server is refused (RFC 9728 §3.3) — it could send our tokens to someone else's audience.
 */
import type { FetchLike } from '../transport.js';
import { AuthError, asAuthError } from './errors.js';
import type { AuthEventSink } from './events.js';
import { StepRecorder } from './events.js';
import { insertWellKnown, resourceCovers, safeUrl } from './urls.js';
import { firstPublished } from './well-known.js';

export interface ProtectedResourceMetadata {
	resource: string;
	authorization_servers?: string[];
	scopes_supported?: string[];
	bearer_methods_supported?: string[];
	dpop_signing_alg_values_supported?: string[];
	[key: string]: unknown;
}

export interface ResourceDiscovery {
	/** Undefined when no document exists anywhere (a 2025-03-26 server). */
	metadata?: ProtectedResourceMetadata;
	url?: string;
}

const RULE_ORDER =
	'MCP Authorization §Protected Resource Metadata Discovery: use resource_metadata from WWW-Authenticate, else the path-inserted well-known URL, else the root one';
const RULE_RESOURCE =
	'RFC 9728 §3.3: the resource value MUST be identical to the protected resource the client requested';

export function resourceMetadataCandidates(serverUrl: URL, headerUrl?: string): string[] {
	const candidates: string[] = [];
	if (headerUrl) candidates.push(headerUrl);
	const pathInserted = insertWellKnown(serverUrl, 'oauth-protected-resource');
	const root = `${serverUrl.origin}/.well-known/oauth-protected-resource`;
	for (const url of [pathInserted, root]) if (!candidates.includes(url)) candidates.push(url);
	return candidates;
}

function validate(body: unknown, url: string, serverUrl: URL): ProtectedResourceMetadata {
	if (
		typeof body !== 'object' ||
		body === null ||
		typeof (body as { resource?: unknown }).resource !== 'string'
	) {
		throw new AuthError(
			'resource-metadata',
			`${url} is not protected resource metadata: "resource" is missing`,
			{
				specRule: 'RFC 9728 §2: resource is REQUIRED'
			}
		);
	}
	const metadata = body as ProtectedResourceMetadata;
	if (!resourceCovers(metadata.resource, serverUrl)) {
		throw new AuthError(
			'resource-metadata',
			`The protected resource metadata at ${url} names resource ${JSON.stringify(metadata.resource)}, which is not this server (${serverUrl.href}). Refusing to authorize: a token for that resource must not be sent here. The server operator must publish its own URL as "resource".`,
			{ specRule: RULE_RESOURCE }
		);
	}
	return metadata;
}

export async function discoverResourceMetadata(
	serverUrl: URL,
	headerUrl: string | undefined,
	fetchImpl: FetchLike,
	sink?: AuthEventSink,
	allowHttp = false
): Promise<ResourceDiscovery> {
	const step = new StepRecorder('resource-metadata', fetchImpl, sink);
	try {
		if (headerUrl) safeUrl(headerUrl, 'resource_metadata URL in WWW-Authenticate', allowHttp);
		const candidates = resourceMetadataCandidates(serverUrl, headerUrl);
		const found = await firstPublished('resource-metadata', step.fetch, candidates);
		if (found) {
			const { url } = found;
			const metadata = validate(found.body, url, serverUrl);
			step.emit('success', `Found protected resource metadata at ${url}`, {
				specRule: `${RULE_ORDER}; ${RULE_RESOURCE}`,
				details: {
					url,
					resource: metadata.resource,
					authorizationServers: metadata.authorization_servers
				}
			});
			return { metadata, url };
		}
		step.emit(
			'info',
			'No protected resource metadata found; falling back to 2025-03-26 discovery (the server origin is the authorization server)',
			{
				specRule: RULE_ORDER
			}
		);
		return {};
	} catch (error) {
		const failure = asAuthError('resource-metadata', error);
		step.emit('failure', failure.message, { specRule: failure.specRule ?? RULE_ORDER });
		throw failure;
	}
}
