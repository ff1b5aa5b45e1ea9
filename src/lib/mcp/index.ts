/** The protocol core's public surface. Framework-free: runs in the browser and in Node. */
export * from './jsonrpc.js';
export * from './errors.js';
export * from './wire.js';
export * from './protocol.js';
export type * from './transport.js';
export type * from './types.js';
export { McpClient, DEFAULT_CLIENT_INFO, type ClientOptions } from './client.js';
export {
	connect,
	detectedFor,
	forgetDetected,
	rememberDetected,
	type ConnectOptions,
	type Detected,
	type TransportKind
} from './connect.js';
export type { ClientHandlers, HandlerContext } from './handlers.js';
export type { RequestOptions } from './session.js';
export { PendingRequests } from './requests.js';
export { pages, collectAll, type Page } from './pagination.js';
export { resultTypeOf, runInputRounds, DEFAULT_MAX_INPUT_ROUNDS } from './mrtr.js';
export { MODERN_PROTOCOL_VERSIONS, type Negotiated } from './negotiate.js';
export {
	StreamableHttpTransport,
	type StreamableHttpOptions
} from './transports/streamable-http.js';
export { LegacySseTransport, type LegacySseOptions } from './transports/legacy-sse.js';
export * from './schema/index.js';
