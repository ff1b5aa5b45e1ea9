/**
 * Era and version negotiation over one transport.
 * Modern (2026-07-28): no handshake; `server/discover` tells versions and capabilities, and
 * `-32022` (`data.supported`) asks for a retry with a common version.
 * Legacy: `initialize` → check the answered version → `notifications/initialized`.
 * Auto (CLIENT-SPEC §Modern 8): a recognised modern result or error means modern; anything else
 * falls back to legacy `initialize` — except failures that say nothing about the era (network,
 * CORS, TLS, 401/403, caller abort), which are surfaced unchanged.
 */
import { TransportError, isTransportError } from './errors.js';
import { ErrorCode, McpError } from './jsonrpc.js';
import { LEGACY_PROTOCOL_VERSIONS, MODERN_PROTOCOL_VERSION } from './protocol.js';
import type { Implementation, ServerCapabilities } from './types.js';
import type { Era } from './wire.js';

/** Modern versions this client speaks, newest first. */
export const MODERN_PROTOCOL_VERSIONS = [MODERN_PROTOCOL_VERSION];

export interface Negotiated {
	era: Era;
	protocolVersion: string;
	capabilities: ServerCapabilities;
	serverInfo?: Implementation;
	instructions?: string;
	/** Modern: the versions `server/discover` listed. */
	supportedVersions?: string[];
}

/** What negotiation needs from the client (kept small so it can be faked in tests). */
export interface NegotiationHost {
	/** One request/response with the client's current era settings (no MRTR). */
	roundTrip(method: string, params: Record<string, unknown>): Promise<Record<string, unknown>>;
	notify(method: string, params?: Record<string, unknown>): Promise<void>;
	/** Sets era + version on the client and the transport. */
	use(era: Era, version: string): void;
	info(message: string): void;
	legacyInitializeParams(version: string): Record<string, unknown>;
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The newest version both sides speak, from an error's `data.supported` or discover's list. */
export function commonVersion(supported: unknown, ours: readonly string[]): string | undefined {
	if (!Array.isArray(supported)) return undefined;
	return ours.find((version) => supported.includes(version));
}

function supportedFrom(error: McpError): unknown {
	return isObject(error.data) ? error.data.supported : undefined;
}

/** Failures that carry no information about the era and must reach the user as they are. */
export function isEraNeutralFailure(error: unknown): boolean {
	if (!isTransportError(error)) return false;
	if (error.kind === 'http') return error.status === 401 || error.status === 403;
	return error.kind !== 'protocol' && error.kind !== 'bad-json';
}

function parseDiscover(result: Record<string, unknown>, version: string): Negotiated | undefined {
	if (!Array.isArray(result.supportedVersions)) return undefined;
	return {
		era: 'modern',
		protocolVersion: version,
		capabilities: isObject(result.capabilities) ? (result.capabilities as ServerCapabilities) : {},
		serverInfo: (result.serverInfo ??
			(isObject(result._meta) ? result._meta['io.modelcontextprotocol/serverInfo'] : undefined)) as
			Implementation | undefined,
		instructions: typeof result.instructions === 'string' ? result.instructions : undefined,
		supportedVersions: result.supportedVersions.filter((v): v is string => typeof v === 'string')
	};
}

/** Modern: `server/discover`, retrying once with a common version on `-32022`. */
export async function discover(host: NegotiationHost): Promise<Negotiated> {
	let version = MODERN_PROTOCOL_VERSIONS[0] as string;
	for (let attempt = 0; ; attempt++) {
		host.use('modern', version);
		try {
			const result = await host.roundTrip('server/discover', {});
			const negotiated = parseDiscover(result, version);
			if (!negotiated) throw notModern('server/discover answered without supportedVersions');
			return negotiated;
		} catch (error) {
			if (!(error instanceof McpError) || error.code !== ErrorCode.UnsupportedProtocolVersion)
				throw error;
			const common = commonVersion(supportedFrom(error), MODERN_PROTOCOL_VERSIONS);
			if (!common || attempt > 0) throw noCommonVersion(error);
			host.info(`Server rejected protocol version ${version}; retrying with ${common}`);
			version = common;
		}
	}
}

class NotModernError extends Error {}
function notModern(why: string): Error {
	return new NotModernError(why);
}

function noCommonVersion(error: McpError): McpError {
	const supported = supportedFrom(error);
	return new McpError(
		ErrorCode.UnsupportedProtocolVersion,
		`The server supports protocol versions ${JSON.stringify(supported)}, none of which this ` +
			`client speaks in the modern era (${MODERN_PROTOCOL_VERSIONS.join(', ')}).`,
		error.data
	);
}

/** Is this discover failure a modern server talking (so no legacy fallback)? */
function isModernAnswer(error: unknown): boolean {
	if (!(error instanceof McpError)) return false;
	if (error.code === ErrorCode.HeaderMismatch || error.code === ErrorCode.MissingClientCapability)
		return true;
	return (
		error.code === ErrorCode.UnsupportedProtocolVersion &&
		commonVersion(supportedFrom(error), MODERN_PROTOCOL_VERSIONS) !== undefined
	);
}

/**
 * The server answered `initialize`, so a failure of `notifications/initialized` is no sign of an
 * HTTP+SSE server (CLIENT-SPEC: fall back only when *the initialize POST* fails with 400/404/405).
 * A browser most often gets here when the session id was not exposed by CORS.
 */
const SESSION_HINT =
	'If the server assigns a session, check that its Access-Control-Expose-Headers lists ' +
	'Mcp-Session-Id: without it a browser page cannot read the session id and the next request fails.';

function refusedAfterInitialize(error: unknown): unknown {
	if (!isTransportError(error)) return error;
	return new TransportError({
		kind: error.kind,
		status: error.status,
		url: error.url,
		headers: error.headers,
		bodySnippet: error.bodySnippet,
		message: `The server answered initialize but refused notifications/initialized: ${error.message}`,
		hint: [error.hint, SESSION_HINT].filter(Boolean).join(' '),
		afterInitialize: true,
		cause: error
	});
}

/** Legacy: `initialize`, version check, `notifications/initialized`. */
export async function initialize(host: NegotiationHost, preferred: string): Promise<Negotiated> {
	host.use('legacy', preferred);
	const result = await host.roundTrip('initialize', host.legacyInitializeParams(preferred));
	const version = result.protocolVersion;
	// "If the client does not support the version in the server's response, it SHOULD disconnect."
	if (typeof version !== 'string' || !LEGACY_PROTOCOL_VERSIONS.includes(version)) {
		throw new McpError(
			ErrorCode.InvalidRequest,
			`The server answered initialize with protocol version ${JSON.stringify(version)}, which ` +
				`this client does not support (it speaks ${LEGACY_PROTOCOL_VERSIONS.join(', ')}). ` +
				'Disconnected; update the server or use a server that supports one of these versions.'
		);
	}
	host.use('legacy', version);
	await host.notify('notifications/initialized').catch((error: unknown) => {
		throw refusedAfterInitialize(error);
	});
	return {
		era: 'legacy',
		protocolVersion: version,
		capabilities: isObject(result.capabilities) ? (result.capabilities as ServerCapabilities) : {},
		serverInfo: isObject(result.serverInfo)
			? (result.serverInfo as unknown as Implementation)
			: undefined,
		instructions: typeof result.instructions === 'string' ? result.instructions : undefined
	};
}

/** Auto: modern first, legacy `initialize` when the answer is not a modern one. */
export async function detect(host: NegotiationHost, preferredLegacy: string): Promise<Negotiated> {
	try {
		return await discover(host);
	} catch (error) {
		if (isEraNeutralFailure(error) || isModernAnswer(error)) throw error;
		const why = error instanceof Error ? error.message : String(error);
		host.info(
			`No modern (2026-07-28) answer to server/discover (${why}); trying legacy initialize`
		);
		return initialize(host, preferredLegacy);
	}
}
