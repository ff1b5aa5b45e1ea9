/**
 * The playground's own client metadata: served as its Client ID Metadata Document
 * (`/oauth/client-metadata.json`, whose URL *is* the client_id) and sent in Dynamic Client
 * Registration. One builder so the two can never disagree.
 */
import type { ClientMetadata } from './registration.js';

export const CALLBACK_PATH = '/oauth/callback';
export const CLIENT_METADATA_PATH = '/oauth/client-metadata.json';

export function playgroundClientMetadata(origin: string): ClientMetadata & Record<string, unknown> {
	return {
		client_id: `${origin}${CLIENT_METADATA_PATH}`,
		client_name: 'MCP Playground',
		client_uri: origin,
		redirect_uris: [`${origin}${CALLBACK_PATH}`],
		grant_types: ['authorization_code', 'refresh_token'],
		response_types: ['code'],
		token_endpoint_auth_method: 'none',
		application_type: 'web'
	};
}

/**
 * CIMD client_ids must be https URLs the authorization server can fetch; a playground on
 * http://127.0.0.1 cannot use one (it falls back to Dynamic Client Registration).
 */
export function clientMetadataUrlFor(origin: string): string | undefined {
	return origin.startsWith('https://') ? `${origin}${CLIENT_METADATA_PATH}` : undefined;
}
