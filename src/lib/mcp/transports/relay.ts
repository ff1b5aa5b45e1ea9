/**
 * The browser side of the stdio relay (ARCHITECTURE.md, "The relay"). The playground's own
 * server spawns the process; this transport drives it over four calls — POST spawn, GET an SSE
 * stream of stdout/stderr/exit, POST one stdin line per message, DELETE — authenticated with the
 * per-start token in `X-Playground-Token`. stdio framing (spec, transports): "Messages are
 * delimited by newlines, and MUST NOT contain embedded newlines"; stderr is logging, not an error.
 */
import { TransportError } from '../errors.js';
import { isJsonRpcMessage, type JsonRpcMessage } from '../jsonrpc.js';
import { readSse, type SseEvent } from '../sse.js';
import type { FetchLike, SendOptions, Transport } from '../transport.js';
import { wireEmitter, type WireEventInit, type WireSink } from '../wire.js';
import { correlationIdOf } from './http-shared.js';
import { relayHttpError, relayNetworkError, RELAY_PATH } from './relay-errors.js';

/** A program and its literal arguments, as the relay spawns them (no shell). */
export interface StdioCommand {
	command: string;
	args: string[];
}

export interface RelayTransportOptions {
	command: string;
	args?: string[];
	env?: Record<string, string>;
	cwd?: string;
	/** The per-start token from the launcher's URL fragment. */
	token: string;
	/** Origin of the playground server; default '' (same origin as the page). */
	baseUrl?: string;
	fetch?: FetchLike;
	/** Stream reconnection attempts (with `Last-Event-ID`) before giving up. Default 3. */
	maxReconnects?: number;
}

/** How the process ended, for the crash report. */
export interface RelayExitInfo {
	code: number | null;
	signal: string | null;
	/** The last stderr lines the process printed. */
	stderrTail: string[];
	/** Set when the process could not be run at all. */
	error?: string;
}

export class RelayTransport implements Transport {
	onmessage?: (message: JsonRpcMessage) => void;
	onerror?: (error: Error) => void;
	onclose?: () => void;
	wire?: WireSink;
	/** Set once the process has exited (before `onclose` is called). */
	exitInfo?: RelayExitInfo;

	#options: RelayTransportOptions;
	#fetch: FetchLike;
	#emit: (event: WireEventInit) => void = () => {};
	#id: string | undefined;
	#pid: number | undefined;
	#lastEventId = '0';
	#abort = new AbortController();
	#closed = false;

	constructor(options: RelayTransportOptions) {
		this.#options = options;
		this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
	}

	/** The relay session id, once started. */
	get relayId(): string | undefined {
		return this.#id;
	}

	/** The process id of the stdio server, once started (shown in the UI, used by tests). */
	get pid(): number | undefined {
		return this.#pid;
	}

	#url(suffix = ''): string {
		return `${this.#options.baseUrl ?? ''}${RELAY_PATH}${suffix}`;
	}

	async #call(method: string, url: string, body?: string, signal?: AbortSignal): Promise<Response> {
		const headers: Record<string, string> = { 'x-playground-token': this.#options.token };
		if (body !== undefined) headers['content-type'] = 'application/json';
		try {
			return await this.#fetch(url, {
				method,
				headers,
				body,
				signal,
				keepalive: method === 'DELETE'
			});
		} catch (error) {
			throw relayNetworkError(error, url);
		}
	}

	async start(): Promise<void> {
		this.#emit = wireEmitter(this.wire);
		const { command, args = [], env = {}, cwd } = this.#options;
		const response = await this.#call(
			'POST',
			this.#url(),
			JSON.stringify({ command, args, env, cwd })
		);
		if (response.status !== 201) throw await relayHttpError(response, this.#url(), 'start');
		const started = (await response.json()) as { id: string; pid?: number };
		this.#id = started.id;
		this.#pid = started.pid;
		this.#emit({
			type: 'info',
			message: `Started ${[command, ...args].join(' ')} through the relay`
		});
		try {
			const body = await this.#openStream();
			void this.#pump(body);
		} catch (error) {
			await this.close();
			throw error;
		}
	}

	async #openStream(): Promise<ReadableStream<Uint8Array>> {
		const url = this.#url(`/${this.#id}`);
		const headers = {
			'x-playground-token': this.#options.token,
			'last-event-id': this.#lastEventId
		};
		let response: Response;
		try {
			response = await this.#fetch(url, { headers, signal: this.#abort.signal });
		} catch (error) {
			throw relayNetworkError(error, url);
		}
		if (!response.ok || !response.body) throw await relayHttpError(response, url, 'stream');
		return response.body;
	}

	/** Reads the stream; on a drop, resumes with `Last-Event-ID` a few times before giving up. */
	async #pump(body: ReadableStream<Uint8Array>): Promise<void> {
		const maxReconnects = this.#options.maxReconnects ?? 3;
		for (let attempt = 0; ; attempt++) {
			try {
				for await (const event of readSse(body, { url: this.#url() })) {
					if (this.#closed) return;
					attempt = 0;
					if (event.id !== undefined) this.#lastEventId = event.id;
					this.#dispatch(event);
				}
			} catch (error) {
				if (this.#closed) return;
				this.#emit({ type: 'info', message: `Relay stream dropped: ${(error as Error).message}` });
			}
			if (this.#closed) return;
			if (attempt >= maxReconnects)
				return this.#fail('The relay stream ended and could not be resumed.');
			await new Promise((resolve) => setTimeout(resolve, 250 * (attempt + 1)));
			try {
				body = await this.#openStream();
			} catch (error) {
				return this.#fail((error as Error).message);
			}
		}
	}

	#dispatch(event: SseEvent): void {
		switch (event.event) {
			case 'stdout':
				return this.#stdout(event.data);
			case 'stdout-json':
				return this.#stdout(JSON.parse(event.data) as string);
			case 'stderr':
				return this.#emit({ type: 'stdio-line', stream: 'stderr', line: event.data });
			case 'stderr-json':
				return this.#emit({ type: 'stdio-line', stream: 'stderr', line: JSON.parse(event.data) });
			case 'error':
				return this.#lineTooLong(event.data);
			case 'warning':
				return this.#warning(event.data);
			case 'exit':
				return this.#exited(event.data);
		}
	}

	#stdout(line: string): void {
		this.#emit({ type: 'stdio-line', stream: 'stdout', line });
		let message: unknown;
		try {
			message = JSON.parse(line);
		} catch {
			message = undefined;
		}
		if (isJsonRpcMessage(message)) {
			// Besides the raw line, the message itself, so the wire view pairs requests and responses.
			const correlationId = correlationIdOf(message);
			this.#emit({ type: 'message', direction: 'incoming', message, correlationId });
			return this.onmessage?.(message);
		}
		if (line.trim() === '') return;
		const error = new TransportError({
			kind: message === undefined ? 'bad-json' : 'protocol',
			message: `The server printed a line on stdout that is not a JSON-RPC message: ${line.slice(0, 200)}`,
			hint: 'stdio servers must write only protocol messages to stdout; logs belong on stderr (console.error, print(..., file=sys.stderr)).',
			bodySnippet: line.slice(0, 200)
		});
		this.#emit({ type: 'failure', kind: error.kind, message: error.message, hint: error.hint });
		this.onerror?.(error);
	}

	#lineTooLong(data: string): void {
		const { message } = JSON.parse(data) as { message: string };
		const error = new TransportError({ kind: 'too-large', message });
		this.#emit({ type: 'failure', kind: 'too-large', message });
		this.onerror?.(error);
	}

	#warning(data: string): void {
		const warning = JSON.parse(data) as { message: string; stream?: string };
		// Non-JSON stdout is already reported exactly by #stdout; show the others.
		if (warning.stream !== 'stdout') this.#emit({ type: 'info', message: warning.message });
	}

	#exited(data: string): void {
		this.exitInfo = JSON.parse(data) as RelayExitInfo;
		const { code, signal, error } = this.exitInfo;
		const how = error ?? (signal ? `was killed by ${signal}` : `exited with code ${code}`);
		this.#emit({ type: 'info', message: `The stdio server ${how}` });
		this.#id = undefined; // nothing left to DELETE
		void this.close();
	}

	#fail(message: string): void {
		const error = new TransportError({ kind: 'network', message, url: this.#url() });
		this.#emit({ type: 'failure', kind: 'network', message });
		this.onerror?.(error);
		void this.close();
	}

	async send(message: JsonRpcMessage, options?: SendOptions): Promise<void> {
		if (this.#closed || this.#id === undefined) {
			throw new TransportError({ kind: 'network', message: 'The stdio server is not running.' });
		}
		const line = JSON.stringify(message);
		this.#emit({ type: 'stdio-line', stream: 'stdin', line });
		const correlationId = correlationIdOf(message);
		this.#emit({ type: 'message', direction: 'outgoing', message, correlationId });
		const url = this.#url(`/${this.#id}`);
		const response = await this.#call('POST', url, line, options?.signal);
		if (response.status !== 202) throw await relayHttpError(response, url, 'send');
	}

	async close(): Promise<void> {
		if (this.#closed) return;
		this.#closed = true;
		this.#abort.abort();
		const id = this.#id;
		this.#id = undefined;
		if (id !== undefined) {
			// Ask the relay to shut the process down (stdin close, SIGTERM, SIGKILL).
			await this.#call('DELETE', this.#url(`/${id}`)).catch(() => undefined);
		}
		this.onclose?.();
	}
}
