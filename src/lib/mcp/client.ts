/**
 * `McpClient`: one connection to one MCP server, in either era. Negotiation lives in
 * negotiate.ts, the message layer (ids, timeouts, cancellation, dispatch) in session.ts, the MRTR
 * loop in mrtr.ts; this class adds the MCP methods and keeps per-connection state (tools cache,
 * roots, subscriptions, listeners).
 */
import { capabilitiesFor, answerServerRequest, type ClientHandlers } from './handlers.js';
import { mcpParamHeaders, toolHeaderAnnotationProblem } from './headers.js';
import { ErrorCode, McpError, type JsonRpcNotification, type RequestId } from './jsonrpc.js';
import { DEFAULT_MAX_INPUT_ROUNDS, runInputRounds } from './mrtr.js';
import { detect, discover, initialize, type Negotiated } from './negotiate.js';
import { collectAll } from './pagination.js';
import { LATEST_LEGACY_PROTOCOL_VERSION, MODERN_PROTOCOL_VERSION } from './protocol.js';
import { Session, type RequestOptions } from './session.js';
import type { Transport } from './transport.js';
import type {
	CallToolResult,
	ClientCapabilities,
	CompleteResult,
	GetPromptResult,
	Implementation,
	ListPromptsResult,
	ListResourcesResult,
	ListResourceTemplatesResult,
	ListToolsResult,
	LoggingLevel,
	PromptReference,
	ReadResourceResult,
	ResourceTemplateReference,
	Root,
	ServerCapabilities,
	Subscription,
	SubscriptionFilter,
	Tool
} from './types.js';
import type { Era, WireSink } from './wire.js';
import { listen } from './subscriptions.js';

export type { ClientHandlers, HandlerContext } from './handlers.js';
export type { RequestOptions } from './session.js';

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

export class McpClient {
	#session: Session;
	#options: ClientOptions;
	#handlers: ClientHandlers;
	#negotiated: Negotiated | undefined;
	#roots: Root[] | undefined;
	#tools = new Map<string, Tool>();
	#resourceSubscriptions = new Map<string, Subscription>();
	#listeners = {
		notification: new Set<Listener<JsonRpcNotification>>(),
		close: new Set<Listener<void>>(),
		error: new Set<Listener<Error>>()
	};

	constructor(transport: Transport, options: ClientOptions = {}) {
		this.#options = options;
		this.#handlers = options.handlers ?? {};
		this.#session = new Session(transport, {
			clientInfo: options.clientInfo ?? DEFAULT_CLIENT_INFO,
			handlers: this.#handlers,
			capabilities: () => this.capabilities,
			roots: () => this.#roots,
			wire: options.wire,
			requestTimeoutMs: options.requestTimeoutMs ?? 60_000,
			maxTotalTimeoutMs: options.maxTotalTimeoutMs ?? 600_000,
			onNotification: (n) => this.#emit('notification', n),
			onClose: () => this.#emit('close', undefined),
			onError: (e) => this.#emit('error', e)
		});
	}

	/** Starts the transport and negotiates the era. On failure the transport is closed. */
	async connect(): Promise<void> {
		const session = this.#session;
		const legacy = this.#options.legacyProtocolVersion ?? LATEST_LEGACY_PROTOCOL_VERSION;
		const host = {
			roundTrip: (method: string, params: Record<string, unknown>) =>
				session.roundTrip(method, params),
			notify: (method: string, params?: Record<string, unknown>) => session.notify(method, params),
			use: (era: Era, version: string) => session.use(era, version),
			info: (message: string) => session.info(message),
			legacyInitializeParams: (version: string) => ({
				protocolVersion: version,
				capabilities: capabilitiesFor(this.#handlers, this.#roots !== undefined, 'legacy'),
				clientInfo: this.#options.clientInfo ?? DEFAULT_CLIENT_INFO
			})
		};
		try {
			await session.transport.start();
			const era = this.#options.era ?? 'auto';
			if (era === 'modern') this.#negotiated = await discover(host);
			else if (era === 'legacy') this.#negotiated = await initialize(host, legacy);
			else this.#negotiated = await detect(host, legacy);
			session.info(
				`Connected: ${this.#negotiated.era} era, protocol ${this.#negotiated.protocolVersion}`
			);
		} catch (error) {
			await session.close().catch(() => {});
			throw error;
		}
	}

	get era(): Era {
		return this.#session.era;
	}
	get protocolVersion(): string {
		return this.#session.protocolVersion ?? MODERN_PROTOCOL_VERSION;
	}
	get serverInfo(): Implementation | undefined {
		return this.#negotiated?.serverInfo;
	}
	get serverCapabilities(): ServerCapabilities {
		return this.#negotiated?.capabilities ?? {};
	}
	get instructions(): string | undefined {
		return this.#negotiated?.instructions;
	}
	get transport(): Transport {
		return this.#session.transport;
	}
	get closed(): boolean {
		return this.#session.closed;
	}
	/** What this client declares: derived from the handler set, plus `options.capabilities`. */
	get capabilities(): ClientCapabilities {
		const derived = capabilitiesFor(this.#handlers, this.#roots !== undefined, this.era);
		return { ...derived, ...this.#options.capabilities };
	}

	/**
	 * Sends a request and returns its complete result. Modern era: checks `resultType`, runs the
	 * MRTR loop for input requests, and retries once with a common version on `-32022`.
	 */
	async request(
		method: string,
		params: Record<string, unknown> = {},
		options: RequestOptions = {}
	): Promise<Record<string, unknown>> {
		const send = (roundParams: Record<string, unknown>) =>
			this.#withVersionRetry(() => this.#session.roundTrip(method, roundParams, options));
		if (this.era !== 'modern') return send(params);
		const rounds = MRTR_METHODS.has(method)
			? (this.#options.maxInputRounds ?? DEFAULT_MAX_INPUT_ROUNDS)
			: 0;
		return runInputRounds(
			method,
			params,
			send,
			(_key, input) =>
				answerServerRequest(input.method, input.params as Record<string, unknown> | undefined, {
					handlers: this.#handlers,
					roots: this.#roots,
					signal: options.signal ?? new AbortController().signal,
					era: 'modern'
				}),
			rounds
		);
	}

	async notify(method: string, params?: Record<string, unknown>): Promise<void> {
		await this.#session.notify(method, params);
	}

	/** Legacy `ping`; the modern era has no ping, so `server/discover` checks liveness instead. */
	async ping(options?: RequestOptions): Promise<void> {
		await this.request(this.era === 'modern' ? 'server/discover' : 'ping', {}, options);
	}

	async listTools(cursor?: string, options?: RequestOptions): Promise<ListToolsResult> {
		const result = (await this.request(
			'tools/list',
			cursorParams(cursor),
			options
		)) as ListToolsResult;
		const tools = Array.isArray(result.tools) ? result.tools : [];
		const valid = tools.filter((tool) => this.#acceptTool(tool));
		return { ...result, tools: valid };
	}

	async listAllTools(options?: RequestOptions): Promise<Tool[]> {
		return collectAll(async (cursor) => {
			const page = await this.listTools(cursor, options);
			return { items: page.tools, nextCursor: page.nextCursor };
		});
	}

	/** A tool from the last `tools/list`, if any (used for `Mcp-Param-*` headers). */
	cachedTool(name: string): Tool | undefined {
		return this.#tools.get(name);
	}

	/** Calls a tool. Modern era: on `-32020` (header mismatch) re-lists tools and retries once. */
	async callTool(
		name: string,
		args: Record<string, unknown> = {},
		options: RequestOptions = {}
	): Promise<CallToolResult> {
		const call = () => {
			const headers = { ...options.headers, ...this.#paramHeaders(name, args) };
			return this.request('tools/call', { name, arguments: args }, { ...options, headers });
		};
		try {
			return (await call()) as CallToolResult;
		} catch (error) {
			if (!(error instanceof McpError) || error.code !== ErrorCode.HeaderMismatch) throw error;
			this.#session.info(
				`tools/call ${name}: header mismatch (-32020); re-listing tools and retrying once`
			);
			await this.listAllTools(options);
			return (await call()) as CallToolResult;
		}
	}

	async listResources(cursor?: string, options?: RequestOptions): Promise<ListResourcesResult> {
		return (await this.request(
			'resources/list',
			cursorParams(cursor),
			options
		)) as ListResourcesResult;
	}
	async listResourceTemplates(
		cursor?: string,
		options?: RequestOptions
	): Promise<ListResourceTemplatesResult> {
		return (await this.request(
			'resources/templates/list',
			cursorParams(cursor),
			options
		)) as ListResourceTemplatesResult;
	}
	async readResource(uri: string, options?: RequestOptions): Promise<ReadResourceResult> {
		return (await this.request('resources/read', { uri }, options)) as ReadResourceResult;
	}

	/** Legacy: `resources/subscribe`. Modern: a `subscriptions/listen` stream for this URI. */
	async subscribeResource(uri: string): Promise<void> {
		if (this.era === 'legacy') {
			await this.request('resources/subscribe', { uri });
			return;
		}
		if (this.#resourceSubscriptions.has(uri)) return;
		this.#resourceSubscriptions.set(uri, await this.listen({ resourceSubscriptions: [uri] }));
	}
	async unsubscribeResource(uri: string): Promise<void> {
		if (this.era === 'legacy') {
			await this.request('resources/unsubscribe', { uri });
			return;
		}
		const subscription = this.#resourceSubscriptions.get(uri);
		this.#resourceSubscriptions.delete(uri);
		await subscription?.close();
	}

	/** Modern era: opens a `subscriptions/listen` stream; resolves once acknowledged. */
	async listen(
		filter: SubscriptionFilter,
		options: { signal?: AbortSignal; ackTimeoutMs?: number } = {}
	): Promise<Subscription> {
		if (this.era !== 'modern') {
			throw new McpError(
				ErrorCode.MethodNotFound,
				'subscriptions/listen exists only in the modern era (2026-07-28); legacy servers use resources/subscribe and the GET stream'
			);
		}
		return listen(
			(params, opts) => this.#session.roundTrip('subscriptions/listen', params, opts),
			(fn) => this.on('notification', fn),
			filter,
			options
		);
	}

	async listPrompts(cursor?: string, options?: RequestOptions): Promise<ListPromptsResult> {
		return (await this.request('prompts/list', cursorParams(cursor), options)) as ListPromptsResult;
	}
	async getPrompt(
		name: string,
		args?: Record<string, string>,
		options?: RequestOptions
	): Promise<GetPromptResult> {
		const params: Record<string, unknown> = { name };
		if (args) params.arguments = args;
		return (await this.request('prompts/get', params, options)) as GetPromptResult;
	}

	async complete(
		ref: PromptReference | ResourceTemplateReference,
		argument: { name: string; value: string },
		context?: { arguments?: Record<string, string> },
		options?: RequestOptions
	): Promise<CompleteResult> {
		const params: Record<string, unknown> = { ref, argument };
		if (context) params.context = context;
		return (await this.request('completion/complete', params, options)) as CompleteResult;
	}

	/** Legacy: `logging/setLevel`. Modern: sets `io.modelcontextprotocol/logLevel` on every request. */
	async setLogLevel(level: LoggingLevel | undefined): Promise<void> {
		if (this.era === 'modern') {
			this.#session.logLevel = level;
			return;
		}
		if (level) await this.request('logging/setLevel', { level });
	}

	/** The roots reported to the server; legacy: also announces `notifications/roots/list_changed`. */
	async setRoots(roots: Root[]): Promise<void> {
		this.#roots = roots.map((root) => ({ ...root }));
		if (this.era === 'legacy' && this.#negotiated && !this.closed) {
			await this.notify('notifications/roots/list_changed');
		}
	}

	on(event: 'notification', fn: Listener<JsonRpcNotification>): () => void;
	on(event: 'close', fn: Listener<void>): () => void;
	on(event: 'error', fn: Listener<Error>): () => void;
	on(event: 'notification' | 'close' | 'error', fn: Listener<never>): () => void {
		const set = this.#listeners[event as 'notification'] as Set<Listener<never>>;
		set.add(fn);
		return () => set.delete(fn);
	}

	/** Closes the connection: pending requests are rejected, timers cleared, listeners told. */
	async close(): Promise<void> {
		await this.#session.close();
	}

	#emit<K extends 'notification' | 'close' | 'error'>(
		event: K,
		value: K extends 'notification' ? JsonRpcNotification : K extends 'error' ? Error : void
	): void {
		for (const fn of this.#listeners[event] as Set<Listener<typeof value>>) {
			try {
				fn(value);
			} catch (error) {
				this.#session.info(`A ${event} listener threw: ${String(error)}`);
			}
		}
	}

	/** "Clients … MUST reject tool definitions where any x-mcp-header value violates these constraints." */
	#acceptTool(tool: Tool): boolean {
		const problem = toolHeaderAnnotationProblem(tool);
		if (problem) {
			this.#session.info(`Dropped tool "${String(tool?.name)}" from tools/list: ${problem}`);
			return false;
		}
		this.#tools.set(tool.name, tool);
		return true;
	}

	#paramHeaders(name: string, args: Record<string, unknown>): Record<string, string> {
		const tool = this.#tools.get(name);
		if (this.era !== 'modern' || !tool) return {};
		return mcpParamHeaders(tool.inputSchema, args);
	}

	/** Mid-session `-32022`: switch to a version the server lists and retry once. */
	async #withVersionRetry(
		send: () => Promise<Record<string, unknown>>
	): Promise<Record<string, unknown>> {
		try {
			return await send();
		} catch (error) {
			if (
				this.era !== 'modern' ||
				!(error instanceof McpError) ||
				error.code !== ErrorCode.UnsupportedProtocolVersion
			)
				throw error;
			const supported = (error.data as { supported?: unknown } | undefined)?.supported;
			const common =
				Array.isArray(supported) && supported.includes(MODERN_PROTOCOL_VERSION)
					? MODERN_PROTOCOL_VERSION
					: undefined;
			if (!common) throw error;
			this.#session.info(
				`Server rejected protocol version ${this.protocolVersion}; retrying with ${common}`
			);
			this.#session.use('modern', common);
			return send();
		}
	}
}

function cursorParams(cursor: string | undefined): Record<string, unknown> {
	return cursor === undefined ? {} : { cursor };
}

export type { RequestId };
