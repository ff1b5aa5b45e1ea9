/**
 * The guide's live stdio clients. They run in this page, never in `/embed`: the relay token
 * stays in this tab's sessionStorage and is never put in an iframe or a URL. Each client asks
 * the relay for its own server process, which is what the column shows (two clients, two pids).
 */
import type { McpClient } from '$lib/mcp/client';
import type { WireEvent } from '$lib/mcp/wire';
import { wireLine, type WireLine } from '$lib/embed/wire-lines';
import { describeError } from '$lib/state/errors';
import { emptyConfig, type ServerConfig } from '$lib/state/server-config';
import type { StdioCommand } from '$lib/mcp/transports/relay';

const WIRE_LINES = 200;
const CLIENT_INFO = { name: 'mcp-playground-guide', version: '0.1.0' };

export class StdioDemoClient {
	status = $state<'starting' | 'ready' | 'failed' | 'closed'>('starting');
	statusText = $state('Starting the server process…');
	/** The server process's id, as the relay reported it. */
	pid = $state<number | undefined>(undefined);
	wire = $state.raw<WireLine[]>([]);
	/** The text parts of the last echo result (server content: shown as text only). */
	result = $state<string | undefined>(undefined);
	#client: McpClient | undefined;
	#closed = false;

	constructor(readonly label: string) {}

	#record = (event: WireEvent): void => {
		const line = wireLine(event, (this.wire.at(-1)?.seq ?? 0) + 1);
		this.wire = [...this.wire.slice(-(WIRE_LINES - 1)), line];
	};

	async start(command: StdioCommand, token: string): Promise<void> {
		const config: ServerConfig = {
			...emptyConfig(),
			transport: 'stdio',
			stdio: { command: command.command, args: command.args.join('\n'), env: [], cwd: '' }
		};
		try {
			const { connectStdio } = await import('$lib/state/stdio');
			const client = await connectStdio(config, {
				token,
				era: 'auto',
				handlers: {},
				wire: this.#record,
				clientInfo: CLIENT_INFO,
				onStarted: (pid) => (this.pid = pid),
				onExit: (exit) => this.#exited(exit.code, exit.signal)
			});
			if (this.#closed) return void client.close();
			this.#client = client;
			this.status = 'ready';
			const name = client.serverInfo?.title ?? client.serverInfo?.name ?? 'the server';
			this.statusText = `Connected to ${name} (${client.protocolVersion}).`;
		} catch (error) {
			const view = describeError(error);
			this.status = 'failed';
			this.statusText = `Could not start: ${view.message}${view.hint ? ` — ${view.hint}` : ''}`;
		}
	}

	#exited(code: number | null, signal: string | null): void {
		this.status = 'closed';
		this.statusText = `The server process exited (${signal ?? `code ${code}`}).`;
	}

	async echo(message: string): Promise<void> {
		const client = this.#client;
		if (!client || this.status !== 'ready') return;
		try {
			const result = await client.callTool('echo', { message });
			this.result = result.content
				.flatMap((part) => (part.type === 'text' ? [part.text] : []))
				.join('\n');
		} catch (error) {
			this.result = `Failed: ${describeError(error).message}`;
		}
	}

	/** Ends the client; the relay then stops its process (the page asked, so no exit report). */
	async close(): Promise<void> {
		this.#closed = true;
		await this.#client?.close().catch(() => {});
	}
}
