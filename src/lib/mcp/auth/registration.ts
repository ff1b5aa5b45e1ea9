/**
 * Step 4: client registration, in the spec's priority: a registration we already hold for this
 * issuer; pre-registered credentials; a Client ID Metadata Document when the server advertises
 * `client_id_metadata_document_supported`; Dynamic Client Registration (RFC 7591); otherwise ask
 * the user. Registrations are keyed by issuer: a client_id from one authorization server is never
 * shown to another (SEP-2352), so a changed authorization server means a new registration.
 */
import type { FetchLike } from '../transport.js';
import { AuthError, asAuthError, networkFailure } from './errors.js';
import type { AuthEventSink } from './events.js';
import { StepRecorder } from './events.js';
import type { ServerMetadata } from './server-metadata.js';
import { safeUrl } from './urls.js';

export type TokenEndpointAuthMethod =
	'none' | 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';

export interface ClientRegistration {
	issuer: string;
	clientId: string;
	clientSecret?: string;
	tokenEndpointAuthMethod: TokenEndpointAuthMethod;
	method: 'pre-registered' | 'client-id-metadata-document' | 'dynamic' | 'user';
}

export interface PreRegisteredClient {
	/** Only for this issuer; omitted = for whichever authorization server the resource names. */
	issuer?: string;
	clientId: string;
	clientSecret?: string;
	tokenEndpointAuthMethod?: TokenEndpointAuthMethod;
}

/** Client metadata (RFC 7591 §2) sent in DCR and served as the Client ID Metadata Document. */
export interface ClientMetadata {
	client_name: string;
	redirect_uris: string[];
	application_type?: 'web' | 'native';
	client_uri?: string;
	logo_uri?: string;
	[key: string]: unknown;
}

export interface RegistrationStore {
	get(issuer: string): ClientRegistration | undefined;
	set(registration: ClientRegistration): void;
	delete(issuer: string): void;
}

export class MemoryRegistrationStore implements RegistrationStore {
	readonly #byIssuer = new Map<string, ClientRegistration>();
	get(issuer: string) {
		return this.#byIssuer.get(issuer);
	}
	set(registration: ClientRegistration) {
		this.#byIssuer.set(registration.issuer, registration);
	}
	delete(issuer: string) {
		this.#byIssuer.delete(issuer);
	}
}

export interface RegistrationOptions {
	fetch: FetchLike;
	sink?: AuthEventSink;
	store: RegistrationStore;
	clientMetadata: ClientMetadata;
	preRegistered?: PreRegisteredClient[];
	/** HTTPS URL of the playground's Client ID Metadata Document. */
	clientMetadataUrl?: string;
	/** Last resort: the UI asks the user for a client_id registered by hand. */
	askUser?: (issuer: string) => Promise<PreRegisteredClient | undefined>;
	allowHttp?: boolean;
}

const RULE_PRIORITY =
	'MCP Authorization §Client Registration: pre-registered credentials, then Client ID Metadata Documents, then Dynamic Client Registration, then ask the user';

/** The one method the server advertises that we can do (RFC 8414 default: client_secret_basic). */
export function chooseAuthMethod(
	metadata: ServerMetadata,
	hasSecret: boolean
): TokenEndpointAuthMethod {
	const advertised = metadata.token_endpoint_auth_methods_supported ?? ['client_secret_basic'];
	if (!hasSecret) return 'none';
	for (const method of ['client_secret_basic', 'client_secret_post'] as const) {
		if (advertised.includes(method)) return method;
	}
	return advertised.includes('none') ? 'none' : 'client_secret_basic';
}

function fromPreRegistered(
	client: PreRegisteredClient,
	metadata: ServerMetadata,
	method: ClientRegistration['method']
): ClientRegistration {
	return {
		issuer: metadata.issuer,
		clientId: client.clientId,
		clientSecret: client.clientSecret,
		tokenEndpointAuthMethod:
			client.tokenEndpointAuthMethod ?? chooseAuthMethod(metadata, Boolean(client.clientSecret)),
		method
	};
}

function dcrRequestBody(
	options: RegistrationOptions,
	metadata: ServerMetadata
): Record<string, unknown> {
	const advertised = metadata.token_endpoint_auth_methods_supported ?? ['client_secret_basic'];
	// A browser cannot keep a secret; ask for a public client when the server allows one.
	const method = advertised.includes('none')
		? 'none'
		: advertised.includes('client_secret_basic')
			? 'client_secret_basic'
			: 'client_secret_post';
	return {
		application_type: 'web',
		grant_types: ['authorization_code', 'refresh_token'],
		response_types: ['code'],
		token_endpoint_auth_method: method,
		...options.clientMetadata
	};
}

async function dynamicRegistration(
	options: RegistrationOptions,
	metadata: ServerMetadata,
	step: StepRecorder
): Promise<ClientRegistration> {
	const endpoint = safeUrl(
		metadata.registration_endpoint,
		'registration_endpoint',
		options.allowHttp
	).href;
	const body = dcrRequestBody(options, metadata);
	let response: Response;
	try {
		response = await step.fetch(endpoint, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
			body: JSON.stringify(body)
		});
	} catch (error) {
		throw networkFailure('registration', endpoint, error);
	}
	const answer = (await response.json().catch(() => undefined)) as
		Record<string, unknown> | undefined;
	if (!response.ok || typeof answer?.client_id !== 'string') {
		const reason =
			typeof answer?.error === 'string'
				? `${answer.error}: ${String(answer.error_description ?? '')}`
				: `HTTP ${response.status}`;
		throw new AuthError(
			'registration',
			`Dynamic Client Registration at ${endpoint} failed (${reason}). Register a client by hand and enter its client_id.`,
			{
				specRule: 'RFC 7591 §3.2: a successful registration returns 201 with client_id'
			}
		);
	}
	const secret = typeof answer.client_secret === 'string' ? answer.client_secret : undefined;
	const returned = answer.token_endpoint_auth_method as TokenEndpointAuthMethod | undefined;
	return {
		issuer: metadata.issuer,
		clientId: answer.client_id,
		clientSecret: secret,
		tokenEndpointAuthMethod: returned ?? chooseAuthMethod(metadata, Boolean(secret)),
		method: 'dynamic'
	};
}

async function pickRegistration(
	options: RegistrationOptions,
	metadata: ServerMetadata,
	step: StepRecorder
): Promise<ClientRegistration> {
	const pre =
		options.preRegistered?.find((c) => c.issuer === metadata.issuer) ??
		options.preRegistered?.find((c) => !c.issuer);
	if (pre) return fromPreRegistered(pre, metadata, 'pre-registered');
	if (metadata.client_id_metadata_document_supported === true && options.clientMetadataUrl) {
		return {
			issuer: metadata.issuer,
			clientId: options.clientMetadataUrl,
			tokenEndpointAuthMethod: 'none',
			method: 'client-id-metadata-document'
		};
	}
	if (metadata.registration_endpoint) return dynamicRegistration(options, metadata, step);
	const asked = await options.askUser?.(metadata.issuer);
	if (asked) return fromPreRegistered(asked, metadata, 'user');
	throw new AuthError(
		'registration',
		`No way to register with ${metadata.issuer}: no pre-registered client, no Client ID Metadata Document support, no registration_endpoint. Register a client with this authorization server and enter its client_id.`,
		{ specRule: RULE_PRIORITY }
	);
}

export async function obtainRegistration(
	options: RegistrationOptions,
	metadata: ServerMetadata
): Promise<ClientRegistration> {
	const step = new StepRecorder('registration', options.fetch, options.sink);
	const stored = options.store.get(metadata.issuer);
	if (stored) {
		step.emit('skipped', `Reusing the ${stored.method} registration for ${metadata.issuer}`, {
			details: { clientId: stored.clientId }
		});
		return stored;
	}
	try {
		const registration = await pickRegistration(options, metadata, step);
		options.store.set(registration);
		step.emit(
			'success',
			`Registered with ${metadata.issuer} (${registration.method}); token endpoint auth: ${registration.tokenEndpointAuthMethod}`,
			{
				specRule: RULE_PRIORITY,
				details: {
					clientId: registration.clientId,
					method: registration.method,
					tokenEndpointAuthMethod: registration.tokenEndpointAuthMethod
				}
			}
		);
		return registration;
	} catch (error) {
		const failure = asAuthError('registration', error, RULE_PRIORITY);
		step.emit('failure', failure.message, { specRule: failure.specRule });
		throw failure;
	}
}
