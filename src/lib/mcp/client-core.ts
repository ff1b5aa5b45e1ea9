/**
 * The connection half of `McpClient`: negotiation, the generic `request` (with the modern
 * `resultType` / MRTR / `-32022` rules and legacy session-expiry recovery), events and close.
 * `McpClient` (client.ts) adds the MCP methods on top.
 */
import { isTransportError } from './errors.js';
import { answerServerRequest, capabilitiesFor, type ClientHandlers } from './handlers.js';
import { ErrorCode, McpError, type JsonRpcNotification } from './jsonrpc.js';
import { DEFAULT_MAX_INPUT_ROUNDS, runInputRounds } from './mrtr.js';
import {
	MODERN_PROTOCOL_VERSIONS,
	commonVersion,
	detect,
	discover,
	initialize,
	type Negotiated,
	type NegotiationHost
} from './negotiate.js';
import { LATEST_LEGACY_PROTOCOL_VERSION, MODERN_PROTOCOL_VERSION } from './protocol.js';
import { Session, type RequestOptions } from './session.js';
import type { Transport } from './transport.js';
import type { ClientCapabilities, Implementation, Root, ServerCapabilities } from './types.js';
import type { Era, WireSink } from './wire.js';

export interface ClientOptions {
	/** `auto` (default): modern `server/discover` first, legacy `initialize` as the fallback. */
	era?: 'auto' | Era;
	clientInfo?: Implementation;
	handlers?: ClientHandlers;
	wire?: WireSink;
	/** Default idle timeout per request (ms), extended by progress. Default 60 s. */
	requestTimeoutMs?: number;
	/** Default hard cap per request (ms). Default 10 min. */
	maxTotalTimeoutMs?: number;
	/** Legacy version offered in `initialize`. Default 2025-11-25. */
	legacyProtocolVersion?: string;
	/** Extra capabilities merged over the ones derived from `handlers`. */
	capabilities?: ClientCapabilities;
	/** MRTR rounds before giving up. Default 8. */
	maxInputRounds?: number;
}

export const DEFAULT_CLIENT_INFO: Implementation = { name: 'mcp-playground', version: '0.1.0' };
/** Methods whose modern results may be `input_required` (SEP-2322). */
const MRTR_METHODS = new Set(['tools/call', 'prompts/get', 'resources/read']);

type Listener<T> = (value: T) => void;
interface Events {
	notification: JsonRpcNotification;
	close: void;
	error: Error;
}

export class ClientCore {
	protected readonly session: Session;
	protected readonly options: ClientOptions;
	protected readonly handlers: ClientHandlers;
	protected negotiated: Negotiated | undefined;
	protected roots: Root[] | undefined;
	#host: NegotiationHost;
	#reinitializing: Promise<void> | undefined;
	#listeners: { [K in keyof Events]: Set<Listener<Events[K]>> } = {
		notification: new Set(),
		close: new Set(),
		error: new Set()
	};

	constructor(transport: Transport, options: ClientOptions = {}) {
		this.options = options;
		this.handlers = options.handlers ?? {};
		const session = new Session(transport, {
			clientInfo: options.clientInfo ?? DEFAULT_CLIENT_INFO,
			handlers: this.handlers,
			capabilities: () => this.capabilities,
			roots: () => this.roots,
			wire: options.wire,
			requestTimeoutMs: options.requestTimeoutMs ?? 60_000,
			maxTotalTimeoutMs: options.maxTotalTimeoutMs ?? 600_000,
			onNotification: (n) => this.emit('notification', n),
			onClose: () => this.emit('close', undefined),
			onError: (e) => this.emit('error', e)
		});
		this.session = session;
		this.#host = {
			roundTrip: (method, params) => session.roundTrip(method, params),
			notify: (method, params) => session.notify(method, params),
			use: (era, version) => session.use(era, version),
			info: (message) => session.info(message),
			legacyInitializeParams: (version) => ({
				protocolVersion: version,
				capabilities: capabilitiesFor(this.handlers, this.roots !== undefined, 'legacy'),
				clientInfo: options.clientInfo ?? DEFAULT_CLIENT_INFO
			})
		};
	}

	/** Starts the transport and negotiates the era. On failure the transport is closed. */
	async connect(): Promise<void> {
		const legacy = this.options.legacyProtocolVersion ?? LATEST_LEGACY_PROTOCOL_VERSION;
		try {
			await this.session.transport.start();
			const era = this.options.era ?? 'auto';
			if (era === 'modern') this.negotiated = await discover(this.#host);
			else if (era === 'legacy') this.negotiated = await initialize(this.#host, legacy);
			else this.negotiated = await detect(this.#host, legacy);
			const { era: agreed, protocolVersion } = this.negotiated;
			this.session.info(`Connected: ${agreed} era, protocol ${protocolVersion}`);
		} catch (error) {
			await this.session.close().catch(() => {});
			throw error;
		}
	}

	get era(): Era {
		return this.session.era;
	}
	get protocolVersion(): string {
		return this.session.protocolVersion ?? MODERN_PROTOCOL_VERSION;
	}
	get serverInfo(): Implementation | undefined {
		return this.negotiated?.serverInfo;
	}
	get serverCapabilities(): ServerCapabilities {
		return this.negotiated?.capabilities ?? {};
	}
	get instructions(): string | undefined {
		return this.negotiated?.instructions;
	}
	get transport(): Transport {
		return this.session.transport;
	}
	get closed(): boolean {
		return this.session.closed;
	}
	/** What this client declares: derived from the handler set, plus `options.capabilities`. */
	get capabilities(): ClientCapabilities {
		const derived = capabilitiesFor(this.handlers, this.roots !== undefined, this.era);
		return { ...derived, ...this.options.capabilities };
	}

	/**
	 * Sends a request and returns its complete result. Modern: checks `resultType`, runs the MRTR
	 * loop, retries once on `-32022`. Legacy: re-initialises once when the session expired.
	 */
	async request(
		method: string,
		params: Record<string, unknown> = {},
		options: RequestOptions = {}
	): Promise<Record<string, unknown>> {
		try {
			return await this.#requestOnce(method, params, options);
		} catch (error) {
			if (!isTransportError(error) || !error.sessionExpired || this.era !== 'legacy') throw error;
			await this.#reinitialize();
			return this.#requestOnce(method, params, options);
		}
	}

	async notify(method: string, params?: Record<string, unknown>): Promise<void> {
		await this.session.notify(method, params);
	}

	on<K extends keyof Events>(event: K, fn: Listener<Events[K]>): () => void {
		const set = this.#listeners[event] as Set<Listener<Events[K]>>;
		set.add(fn);
		return () => set.delete(fn);
	}

	/** Closes the connection: pending requests are rejected, timers cleared, listeners told. */
	async close(): Promise<void> {
		await this.session.close();
	}

	protected emit<K extends keyof Events>(event: K, value: Events[K]): void {
		for (const fn of this.#listeners[event] as Set<Listener<Events[K]>>) {
			try {
				fn(value);
			} catch (error) {
				this.session.info(`A ${event} listener threw: ${String(error)}`);
			}
		}
	}

	#requestOnce(
		method: string,
		params: Record<string, unknown>,
		options: RequestOptions
	): Promise<Record<string, unknown>> {
		const send = (roundParams: Record<string, unknown>) =>
			this.#withVersionRetry(() => this.session.roundTrip(method, roundParams, options));
		if (this.era !== 'modern') return send(params);
		const rounds = MRTR_METHODS.has(method)
			? (this.options.maxInputRounds ?? DEFAULT_MAX_INPUT_ROUNDS)
			: 0;
		const signal = options.signal ?? new AbortController().signal;
		const fulfil = (_key: string, input: { method: string; params?: unknown }) =>
			answerServerRequest(input.method, input.params as Record<string, unknown> | undefined, {
				handlers: this.handlers,
				roots: this.roots,
				signal,
				era: 'modern'
			});
		return runInputRounds(method, params, send, fulfil, rounds);
	}

	/** Mid-session `-32022`: switch to a version the server lists and retry once. */
	async #withVersionRetry(
		send: () => Promise<Record<string, unknown>>
	): Promise<Record<string, unknown>> {
		try {
			return await send();
		} catch (error) {
			const unsupported =
				error instanceof McpError && error.code === ErrorCode.UnsupportedProtocolVersion;
			if (this.era !== 'modern' || !unsupported) throw error;
			const data = error.data as { supported?: unknown } | undefined;
			const common = commonVersion(data?.supported, MODERN_PROTOCOL_VERSIONS);
			if (!common) throw error;
			this.session.info(`Server rejected version ${this.protocolVersion}; retrying with ${common}`);
			this.session.use('modern', common);
			return send();
		}
	}

	/** "The client MUST start a new session by sending a new InitializeRequest" (404 on a session). */
	#reinitialize(): Promise<void> {
		this.#reinitializing ??= (async () => {
			this.session.info('The server expired the session (404); initializing a new one');
			const version = this.protocolVersion;
			this.negotiated = await initialize(this.#host, version);
		})().finally(() => (this.#reinitializing = undefined));
		return this.#reinitializing;
	}
}
