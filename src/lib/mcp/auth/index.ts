/** OAuth 2.1 for MCP clients (browser and Node), on oauth4webapi. See provider.ts. */
export { OAuthClientProvider, type OAuthClientOptions } from './provider.js';
export { BearerTokenProvider } from './bearer.js';
export {
	parseWwwAuthenticate,
	oauthChallenge,
	type Challenge,
	type AuthChallenge
} from './challenge.js';
export {
	discoverResourceMetadata,
	resourceMetadataCandidates,
	type ProtectedResourceMetadata
} from './resource-metadata.js';
export {
	discoverServerMetadata,
	serverMetadataCandidates,
	type ServerMetadata
} from './server-metadata.js';
export {
	obtainRegistration,
	chooseAuthMethod,
	MemoryRegistrationStore,
	type ClientRegistration,
	type ClientMetadata,
	type PreRegisteredClient,
	type RegistrationStore
} from './registration.js';
export { beginAuthorization, finishAuthorization, type PendingAuthorization } from './authorize.js';
export { discover, acquire, type Discovery } from './flow.js';
export type { Grant } from './grants.js';
export type { TokenSet } from './token.js';
export { MemoryTokenStore, WebStorageTokenStore, type TokenStore } from './token-store.js';
export { AuthError } from './errors.js';
export type { AuthEvent, AuthEventSink, AuthStep, AuthOutcome, HttpExchange } from './events.js';
export { safeUrl, resourceCovers, canonicalResource } from './urls.js';
export { finishCodeFlow, type AuthorizeStep, type AuthorizeContext } from './flow.js';
export { popupAuthorizer, PopupBlockedError, CALLBACK_CHANNEL } from './popup.js';
export {
	redirectAuthorizer,
	popupWithRedirectFallback,
	saveRedirectFlow,
	takeRedirectResult,
	hasPendingRedirect,
	redirectReturnPath,
	CALLBACK_STORAGE_KEY,
	REDIRECT_MAX_AGE_MS,
	type RedirectFlow,
	type RedirectOptions,
	type SessionStorageLike
} from './redirect.js';
export { AuthStepper, STEPPER_STEPS, type StepperStep, type StepperOptions } from './stepper.js';
export {
	playgroundClientMetadata,
	clientMetadataUrlFor,
	CALLBACK_PATH
} from './client-metadata.js';
