/**
 * One server connection: its lifecycle (connecting → connected → closed/failed) and a status
 * line that says what is happening, the negotiated era and server description, log messages
 * and server notifications. Lists and operations live in `Features`.
 */
import type { McpClient } from '$lib/mcp/client';
// Static on purpose: a deep link connects right after hydration, and a dynamic import would add
// a chunk waterfall before the first request.
import { connect, detectedFor, type ConnectOptions } from '$lib/mcp/connect';
import type { ClientHandlers } from '$lib/mcp/handlers';
import type { JsonRpcNotification } from '$lib/mcp/jsonrpc';
import type { WireEvent } from '$lib/mcp/wire';
import type { FetchLike } from '$lib/mcp/transport';
import type { Implementation, LoggingLevel, Root, ServerCapabilities } from '$lib/mcp/types';
import type { RelayExitInfo } from '$lib/mcp/transports/relay';
import type { AuthState } from './auth.svelte';
import type { ClientRequests } from './client-requests.svelte';
import { recallDetection, storeDetection } from './detection-memory';
import { describeError, type ErrorView } from './errors';
import { configLabel, type ServerConfig } from './server-config';
import { describeExit, isCrash, StdioConsole } from './stdio-console.svelte';
import type { WireLog } from './wire-log.svelte';

/** A connection made through an intermediary instead of the page's own fetch (the local proxy). */
export interface ConnectVia {
	/** Named in the status line and on every wire entry, e.g. "the local proxy". */
	label: string;
	fetch: FetchLike;
}

export type ConnectionStatus = 'idle' | 'connecting' | 'connected' | 'failed' | 'closed';

export interface LogMessage {
	id: number;
	time: number;
	level: LoggingLevel;
	logger?: string;
	data: unknown;
}

export interface ServerDescription {
	era: 'modern' | 'legacy';
	protocolVersion: string;
	serverInfo?: Implementation;
	capabilities: ServerCapabilities;
	instructions?: string;
	/** The URL (or command) the connection reached, for same-origin icon checks. */
	endpoint: string;
	transport: string;
}

const MAX_LOGS = 1000;
const CLIENT_INFO = { name: 'mcp-playground', version: '0.1.0' };

export class Connection {
	status = $state<ConnectionStatus>('idle');
	/** One sentence about what is happening now ("Trying the legacy initialize…"). */
	statusText = $state('Not connected.');
	/** The latest transport news while connected (reconnects, dropped streams, failures). */
	notice = $state<string | undefined>(undefined);
	error = $state.raw<ErrorView | undefined>(undefined);
	server = $state.raw<ServerDescription | undefined>(undefined);
	logs = $state.raw<LogMessage[]>([]);
	logLevel = $state<LoggingLevel | undefined>(undefined);
	/** The config of the current (or last) connection. */
	config = $state.raw<ServerConfig | undefined>(undefined);
	#client: McpClient | undefined;
	// Plain Set: listeners are wiring, not state anything renders.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	#listeners = new Set<(n: JsonRpcNotification) => void>();
	#unsubscribe: (() => void)[] = [];
	#attempt = 0;
	#logId = 0;
	#pendingLogs: LogMessage[] = [];
	#detectedTransport: string | undefined;
	/** The stdio relay token of this tab, if the launcher handed one over. */
	relayToken: string | null = null;
	/** OAuth for HTTP servers (set by the connect panel); bearer tokens stay plain headers. */
	auth: AuthState | undefined = undefined;
	/** The intermediary of the current (or last) connection; undefined when direct. */
	via = $state<string | undefined>(undefined);
	/** What the last failed connect threw, unwrapped by nobody (for the CORS doctor). */
	failure: unknown = undefined;
	/** stdio only: the child's stderr and stray stdout lines. */
	readonly console = new StdioConsole();
	/** stdio only: the child's process id while it runs. */
	stdioPid = $state<number | undefined>(undefined);
	/** stdio only: how the child ended when it ended on its own (crash report, Restart). */
	stdioExit = $state.raw<RelayExitInfo | undefined>(undefined);

	constructor(
		readonly wire: WireLog,
		readonly requests: ClientRequests
	) {}

	get client(): McpClient | undefined {
		return this.status === 'connected' ? this.#client : undefined;
	}

	get connected(): boolean {
		return this.status === 'connected';
	}

	/** Registers a notification listener for as long as the page lives. */
	onNotification(fn: (n: JsonRpcNotification) => void): () => void {
		this.#listeners.add(fn);
		return () => this.#listeners.delete(fn);
	}

	/** The wire sink: records every event and mirrors transport news into the status line. */
	#sink = (event: WireEvent): void => {
		this.wire.add(event);
		this.console.observe(event);
		if (event.type === 'info') {
			if (this.status === 'connecting') this.statusText = event.message;
			else if (this.status === 'connected') this.notice = event.message;
		} else if (
			event.type === 'failure' &&
			this.status === 'connected' &&
			event.kind !== 'aborted'
		) {
			this.notice = `${event.message}${event.hint ? ` — ${event.hint}` : ''}`;
		}
	};

	async connect(config: ServerConfig, via?: ConnectVia): Promise<boolean> {
		await this.disconnect();
		const attempt = ++this.#attempt;
		this.config = config;
		this.status = 'connecting';
		this.error = undefined;
		this.notice = undefined;
		this.stdioExit = undefined;
		this.stdioPid = undefined;
		this.via = via?.label;
		this.failure = undefined;
		this.statusText = `Connecting to ${configLabel(config)}${via ? ` through ${via.label}` : ''}…`;
		try {
			const client = await this.#open(config, via);
			if (attempt !== this.#attempt) {
				await client.close();
				return false;
			}
			this.#adopt(client, config);
			return true;
		} catch (error) {
			if (attempt !== this.#attempt) return false;
			this.failure = error;
			this.error = describeError(error);
			this.status = 'failed';
			this.statusText = `Could not connect: ${this.error.message}`;
			return false;
		}
	}

	async #open(config: ServerConfig, via?: ConnectVia): Promise<McpClient> {
		const handlers = this.#handlers();
		if (config.transport === 'stdio') {
			const { connectStdio } = await import('./stdio');
			const attempt = this.#attempt;
			return connectStdio(config, {
				token: this.relayToken,
				era: config.era,
				handlers,
				wire: this.#sink,
				clientInfo: CLIENT_INFO,
				onStarted: (pid) => {
					if (attempt !== this.#attempt) return;
					this.stdioPid = pid;
					this.console.started(configLabel(config), pid);
				},
				onExit: (exit) => {
					this.console.exited(exit);
					if (attempt === this.#attempt) this.stdioExit = exit;
				}
			});
		}
		const options: ConnectOptions = {
			url: config.url.trim(),
			transport: config.transport,
			era: config.era,
			headers: requestHeaders(config),
			authProvider:
				this.auth?.mode === 'oauth'
					? this.auth.oauthProvider(config.url.trim(), () => ({
							url: config.url,
							transport: config.transport,
							era: config.era
						}))
					: undefined,
			wire: via ? this.#viaSink(via.label) : this.#sink,
			fetch: via?.fetch,
			clientInfo: CLIENT_INFO,
			handlers
		};
		// An auto connection first tries what an earlier page load detected for this origin. One
		// that names its transport and era detects nothing, and skips the localStorage round
		// trips (a tab's first access waits on the browser process) on the way to its lists.
		const detects = !via && (config.transport === 'auto' || config.era === 'auto');
		if (detects) recallDetection(options.url);
		const client = await connect(options);
		this.#detectedTransport = detectedFor(options.url)?.transport;
		if (detects) storeDetection(options.url);
		return client;
	}

	/** Labels every event of a connection through `label`, so the wire view says who sent it. */
	#viaSink(label: string): (event: WireEvent) => void {
		this.#sink({
			type: 'info',
			time: Date.now(),
			message: `Connecting through ${label}: the playground server sends these requests, so the browser's CORS checks do not apply and every response header is visible.`,
			via: label
		});
		return (event) => this.#sink({ ...event, via: label });
	}

	#handlers(): ClientHandlers {
		return {
			elicitation: (params, ctx) => this.requests.elicit(params, ctx.signal),
			sampling: (params, ctx) => this.requests.sample(params, ctx.signal),
			roots: async () => this.requests.roots
		};
	}

	#adopt(client: McpClient, config: ServerConfig): void {
		this.#client = client;
		this.server = {
			era: client.era,
			protocolVersion: client.protocolVersion,
			serverInfo: client.serverInfo,
			capabilities: client.serverCapabilities ?? {},
			instructions: client.instructions,
			endpoint: config.transport === 'stdio' ? '' : config.url.trim(),
			transport:
				config.transport === 'auto'
					? `auto-detected: ${this.#detectedTransport ?? 'unknown'}`
					: config.transport
		};
		this.#unsubscribe = [
			client.on('notification', (n) => this.#dispatch(n)),
			client.on('close', () => this.#closed(client))
		];
		this.status = 'connected';
		const name = client.serverInfo?.title ?? client.serverInfo?.name ?? configLabel(config);
		this.statusText = `Connected to ${name}${this.via ? ` through ${this.via} (CORS does not apply)` : ''} (${client.era === 'modern' ? 'modern era' : 'legacy era'}, protocol ${client.protocolVersion}).`;
	}

	#dispatch(notification: JsonRpcNotification): void {
		if (notification.method === 'notifications/message') this.#log(notification.params);
		for (const fn of this.#listeners) fn(notification);
	}

	#log(params: Record<string, unknown> | undefined): void {
		if (!params) return;
		this.#pendingLogs.push({
			id: ++this.#logId,
			time: Date.now(),
			level: (typeof params.level === 'string' ? params.level : 'info') as LoggingLevel,
			logger: typeof params.logger === 'string' ? params.logger : undefined,
			data: params.data
		});
		// A chatty server can send thousands per second: publish at most once per frame.
		if (this.#pendingLogs.length === 1) requestFrame(() => this.#flushLogs());
	}

	#flushLogs(): void {
		const fresh = this.#pendingLogs.slice(-MAX_LOGS);
		this.#pendingLogs = [];
		this.logs = [...this.logs.slice(-(MAX_LOGS - fresh.length)), ...fresh].slice(-MAX_LOGS);
	}

	#closed(client: McpClient): void {
		if (client !== this.#client) return;
		this.#detach();
		const exit = this.stdioExit;
		this.status = exit && isCrash(exit) ? 'failed' : 'closed';
		this.statusText = exit
			? `The stdio server ${describeExit(exit)}.`
			: 'The connection closed. Connect again to continue.';
	}

	#detach(): void {
		for (const off of this.#unsubscribe) off();
		this.#unsubscribe = [];
		this.#client = undefined;
		this.stdioPid = undefined;
		this.requests.abandonAll('The connection closed.');
	}

	async disconnect(): Promise<void> {
		this.#attempt++;
		const client = this.#client;
		if (!client) return;
		this.#detach();
		this.status = 'closed';
		this.statusText = 'Disconnected.';
		try {
			await client.close();
		} catch (error) {
			this.statusText = `Disconnected (closing reported: ${describeError(error).message}).`;
		}
	}

	async setLogLevel(level: LoggingLevel): Promise<void> {
		const client = this.client;
		if (!client) return;
		await client.setLogLevel(level);
		this.logLevel = level;
	}

	async ping(): Promise<number> {
		const client = this.client;
		if (!client) throw new Error('Not connected.');
		const started = performance.now();
		await client.ping();
		return performance.now() - started;
	}

	/** Updates the roots offered to the server; legacy servers hear `roots/list_changed`. */
	async setRoots(roots: Root[]): Promise<void> {
		this.requests.roots = roots;
		await this.client?.setRoots(roots);
	}

	clearLogs(): void {
		this.logs = [];
	}
}

function requestFrame(fn: () => void): void {
	if (typeof requestAnimationFrame === 'function') requestAnimationFrame(fn);
	else setTimeout(fn, 0);
}

/** Custom headers plus the bearer token, skipping rows with no name. */
export function requestHeaders(config: ServerConfig): Record<string, string> {
	const headers: Record<string, string> = {};
	for (const { name, value } of config.headers) if (name.trim()) headers[name.trim()] = value;
	if (config.bearerToken.trim()) headers['Authorization'] = `Bearer ${config.bearerToken.trim()}`;
	return headers;
}
