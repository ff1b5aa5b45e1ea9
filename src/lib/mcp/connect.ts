/**
 * `connect()`: picks the transport and era for a URL (CLIENT-SPEC §Modern 8). Modern Streamable
 * HTTP first; a server that does not answer like a modern one gets legacy `initialize` on the
 * same endpoint; if that POST fails with 400/404/405 the endpoint is taken for a 2024-11-05
 * HTTP+SSE server. Network/CORS failures and 401/403 are never era signals: they are surfaced.
 * The outcome is cached per origin so the next connection skips the probing.
 */
import { McpClient, type ClientOptions } from './client.js';
import { isTransportError } from './errors.js';
import type { AuthProvider, FetchLike, Transport } from './transport.js';
import { StreamableHttpTransport } from './transports/streamable-http.js';
import { wireEmitter, type Era } from './wire.js';

export type TransportKind = 'streamable-http' | 'sse';

export interface ConnectOptions extends Omit<ClientOptions, 'era'> {
	/** The server endpoint (Streamable HTTP) or SSE URL. */
	url: string;
	/** `auto` (default): Streamable HTTP, then HTTP+SSE. */
	transport?: 'auto' | TransportKind;
	era?: 'auto' | Era;
	fetch?: FetchLike;
	/** Custom headers on every HTTP request (e.g. a bearer token). */
	headers?: Record<string, string>;
	authProvider?: AuthProvider;
	/** Skip the per-origin cache of earlier detections. */
	noCache?: boolean;
}

export interface Detected {
	transport: TransportKind;
	era: Era;
}

const detectedByOrigin = new Map<string, Detected>();

/** What an earlier `connect()` found for this URL's origin, if anything. */
export function detectedFor(url: string): Detected | undefined {
	return detectedByOrigin.get(new URL(url).origin);
}

/**
 * Seeds the cache with a detection made earlier (e.g. remembered across page loads), so an
 * auto/auto connection tries it first instead of probing. Safe when stale: a remembered answer
 * that no longer works is dropped and detection runs again, as for any cached one.
 */
export function rememberDetected(url: string, detected: Detected): void {
	const origin = new URL(url).origin;
	if (!detectedByOrigin.has(origin))
		detectedByOrigin.set(origin, { transport: detected.transport, era: detected.era });
}

/** Forgets cached detections (one origin, or all). */
export function forgetDetected(url?: string): void {
	if (url === undefined) detectedByOrigin.clear();
	else detectedByOrigin.delete(new URL(url).origin);
}

/** "If the POST fails with 400, 404 or 405, the server is probably an old HTTP+SSE server." */
function suggestsHttpSse(error: unknown): boolean {
	return (
		isTransportError(error) &&
		error.kind === 'http' &&
		!error.sessionExpired &&
		!error.afterInitialize &&
		(error.status === 400 || error.status === 404 || error.status === 405)
	);
}

/**
 * The 2024-11-05 HTTP+SSE transport is loaded only when it is tried (an explicit `sse`, or the
 * fallback after a 400/404/405): most servers never need it, and the embed's first load should
 * not carry it (issue 7's budget).
 */
async function makeTransport(kind: TransportKind, options: ConnectOptions): Promise<Transport> {
	const common = {
		url: options.url,
		fetch: options.fetch,
		headers: options.headers,
		authProvider: options.authProvider,
		wire: options.wire
	};
	if (kind === 'streamable-http') return new StreamableHttpTransport(common);
	const { LegacySseTransport } = await import('./transports/legacy-sse.js');
	return new LegacySseTransport(common);
}

async function attempt(kind: TransportKind, era: 'auto' | Era, options: ConnectOptions) {
	// HTTP+SSE exists only in the legacy era.
	const client = new McpClient(await makeTransport(kind, options), {
		...options,
		era: kind === 'sse' ? 'legacy' : era
	});
	await client.connect();
	return { client, kind };
}

/** Connects to `options.url`, detecting transport and era unless they are given. */
export async function connect(options: ConnectOptions): Promise<McpClient> {
	const info = (message: string) => wireEmitter(options.wire)({ type: 'info', message });
	const origin = new URL(options.url).origin;
	const wantTransport = options.transport ?? 'auto';
	const wantEra = options.era ?? 'auto';
	const cached = options.noCache ? undefined : detectedByOrigin.get(origin);
	if (cached && wantTransport === 'auto' && wantEra === 'auto') {
		try {
			return (await attempt(cached.transport, cached.era, options)).client;
		} catch (error) {
			if (!suggestsHttpSse(error) && isTransportError(error)) throw error;
			info(
				`The earlier detection (${cached.transport}, ${cached.era}) no longer works; detecting again`
			);
			detectedByOrigin.delete(origin);
		}
	}
	const { client, kind } = await detectTransport(options, wantTransport, wantEra, info);
	detectedByOrigin.set(origin, { transport: kind, era: client.era });
	return client;
}

async function detectTransport(
	options: ConnectOptions,
	wantTransport: 'auto' | TransportKind,
	wantEra: 'auto' | Era,
	info: (message: string) => void
): Promise<{ client: McpClient; kind: TransportKind }> {
	if (wantTransport === 'sse') return attempt('sse', 'legacy', options);
	try {
		return await attempt('streamable-http', wantEra, options);
	} catch (error) {
		if (wantTransport !== 'auto' || wantEra === 'modern' || !suggestsHttpSse(error)) throw error;
		const status = isTransportError(error) ? error.status : undefined;
		info(
			`Streamable HTTP initialize failed with HTTP ${status}; trying the 2024-11-05 HTTP+SSE transport`
		);
		try {
			return await attempt('sse', 'legacy', options);
		} catch (sseError) {
			// Both failed: the first error usually says more (e.g. a wrong URL gives 404 for both).
			throw new AggregateError(
				[error, sseError],
				`Could not connect with Streamable HTTP (${messageOf(error)}) nor HTTP+SSE (${messageOf(sseError)})`,
				{ cause: sseError }
			);
		}
	}
}

function messageOf(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
