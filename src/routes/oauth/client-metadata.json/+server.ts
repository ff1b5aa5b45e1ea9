/**
 * The playground's Client ID Metadata Document: an authorization server that supports CIMD
 * fetches this URL (the client_id itself) to learn our name and redirect URIs.
 */
import { json } from '@sveltejs/kit';
import { playgroundClientMetadata } from '$lib/mcp/auth/client-metadata';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url }) =>
	json(playgroundClientMetadata(url.origin), {
		headers: { 'Cache-Control': 'public, max-age=300', 'Access-Control-Allow-Origin': '*' }
	});
