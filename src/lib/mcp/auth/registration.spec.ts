import { describe, expect, it } from 'vitest';
import {
	chooseAuthMethod,
	MemoryRegistrationStore,
	obtainRegistration,
	type RegistrationOptions
} from './registration.js';
import type { ServerMetadata } from './server-metadata.js';
import { json, routingFetch } from './test-fetch.js';

const as = (extra: Partial<ServerMetadata> = {}): ServerMetadata => ({
	issuer: 'https://as.example.com',
	token_endpoint: 'https://as.example.com/token',
	registration_endpoint: 'https://as.example.com/register',
	token_endpoint_auth_methods_supported: ['none'],
	...extra
});

function options(extra: Partial<RegistrationOptions> = {}): RegistrationOptions {
	return {
		fetch: routingFetch({
			'POST https://as.example.com/register': async (r) =>
				json({ client_id: 'dcr-client', ...(await r.json()) }, 201)
		}),
		store: new MemoryRegistrationStore(),
		clientMetadata: {
			client_name: 'Playground',
			redirect_uris: ['https://play.example/oauth/callback']
		},
		...extra
	};
}

describe('obtainRegistration', () => {
	it('prefers pre-registered credentials for this issuer over everything else', async () => {
		const reg = await obtainRegistration(
			options({
				preRegistered: [
					{ issuer: 'https://other.example.com', clientId: 'other' },
					{ issuer: 'https://as.example.com', clientId: 'mine', clientSecret: 's' }
				],
				clientMetadataUrl: 'https://play.example/oauth/client-metadata.json'
			}),
			as({
				client_id_metadata_document_supported: true,
				token_endpoint_auth_methods_supported: ['client_secret_post']
			})
		);
		expect(reg).toMatchObject({
			clientId: 'mine',
			method: 'pre-registered',
			tokenEndpointAuthMethod: 'client_secret_post'
		});
	});

	it('uses the Client ID Metadata Document URL when the server supports CIMD', async () => {
		const o = options({ clientMetadataUrl: 'https://play.example/oauth/client-metadata.json' });
		const reg = await obtainRegistration(o, as({ client_id_metadata_document_supported: true }));
		expect(reg).toMatchObject({
			clientId: 'https://play.example/oauth/client-metadata.json',
			method: 'client-id-metadata-document'
		});
	});

	it('registers dynamically as a web application with refresh_token when CIMD is not supported', async () => {
		let body: unknown;
		const fetch = routingFetch({
			'POST https://as.example.com/register': async (r) => {
				body = await r.json();
				return json({ client_id: 'dcr-client' }, 201);
			}
		});
		const o = options({
			fetch,
			clientMetadataUrl: 'https://play.example/oauth/client-metadata.json'
		});
		const reg = await obtainRegistration(o, as());
		expect(reg).toMatchObject({
			clientId: 'dcr-client',
			method: 'dynamic',
			tokenEndpointAuthMethod: 'none'
		});
		expect(body).toMatchObject({
			application_type: 'web',
			grant_types: ['authorization_code', 'refresh_token'],
			token_endpoint_auth_method: 'none'
		});
	});

	it('asks the user when nothing else is possible, and fails clearly when they decline', async () => {
		const reg = await obtainRegistration(
			options({ askUser: async () => ({ clientId: 'typed-in' }) }),
			as({ registration_endpoint: undefined })
		);
		expect(reg).toMatchObject({ clientId: 'typed-in', method: 'user' });
		await expect(
			obtainRegistration(options(), as({ registration_endpoint: undefined }))
		).rejects.toThrow(/No way to register/);
	});

	it('keys registrations by issuer: reused for the same server, never for another', async () => {
		const o = options();
		const first = await obtainRegistration(o, as());
		expect(await obtainRegistration(o, as())).toBe(first);
		const other = as({
			issuer: 'https://as2.example.com',
			registration_endpoint: 'https://as.example.com/register'
		});
		const second = await obtainRegistration(o, other);
		expect(second).not.toBe(first);
		expect(second.issuer).toBe('https://as2.example.com');
	});

	it('reports a refused registration with the server error', async () => {
		const fetch = routingFetch({
			'POST https://as.example.com/register': () =>
				json({ error: 'invalid_redirect_uri', error_description: 'no' }, 400)
		});
		await expect(obtainRegistration(options({ fetch }), as())).rejects.toThrow(
			/invalid_redirect_uri/
		);
	});
});

describe('chooseAuthMethod', () => {
	it('uses the method the server advertises', () => {
		expect(
			chooseAuthMethod(as({ token_endpoint_auth_methods_supported: ['client_secret_basic'] }), true)
		).toBe('client_secret_basic');
		expect(
			chooseAuthMethod(as({ token_endpoint_auth_methods_supported: ['client_secret_post'] }), true)
		).toBe('client_secret_post');
		expect(chooseAuthMethod(as({ token_endpoint_auth_methods_supported: undefined }), true)).toBe(
			'client_secret_basic'
		);
		expect(chooseAuthMethod(as(), false)).toBe('none');
	});
});
