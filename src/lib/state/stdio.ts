/**
 * stdio servers through the local relay. Loaded lazily: only a stdio connection pulls the relay
 * transport into the page. Arguments are one per line and passed literally (no shell parsing).
 * Every call builds a new RelayTransport, so "Restart" is simply connecting again with the same
 * config.
 */
import { McpClient } from '$lib/mcp/client';
import type { ClientHandlers } from '$lib/mcp/handlers';
import { RelayTransport, type RelayExitInfo } from '$lib/mcp/transports/relay';
import type { WireEvent, WireSink } from '$lib/mcp/wire';
import type { ServerConfig } from './server-config';
import { describeExit } from './stdio-console.svelte';

export interface StdioOptions {
	token: string | null;
	era: ServerConfig['era'];
	handlers: ClientHandlers;
	wire: WireSink;
	clientInfo: { name: string; version: string };
	/** The relay started the process (`pid` as the relay reported it). */
	onStarted?: (pid: number | undefined) => void;
	/** The process ended on its own (crash, exit); not called for a disconnect the page asked for. */
	onExit?: (exit: RelayExitInfo) => void;
}

/** The relay's spawn request for a form config: trimmed command, one argument per line. */
export function relayOptions(config: ServerConfig, token: string) {
	const env: Record<string, string> = {};
	for (const { name, value } of config.stdio.env) if (name.trim()) env[name.trim()] = value;
	return {
		command: config.stdio.command.trim(),
		args: config.stdio.args.split('\n').filter((line) => line !== ''),
		env,
		cwd: config.stdio.cwd.trim() || undefined,
		token
	};
}

export async function connectStdio(
	config: ServerConfig,
	options: StdioOptions
): Promise<McpClient> {
	if (!options.token) {
		throw new Error(
			'stdio needs the relay token: open the playground through the link `npm start` prints.'
		);
	}
	const transport = new RelayTransport(relayOptions(config, options.token));
	transport.wire = watchLifecycle(transport, options);
	const client = new McpClient(transport, {
		era: options.era,
		handlers: options.handlers,
		wire: transport.wire,
		clientInfo: options.clientInfo
	});
	try {
		await client.connect();
	} catch (error) {
		// A server that dies during the handshake: the exit says more than "connection closed".
		if (!transport.exitInfo) throw error;
		const tail = transport.exitInfo.stderrTail.slice(-3).join(' | ');
		throw new Error(
			`the stdio server ${describeExit(transport.exitInfo)}${tail ? ` (stderr: ${tail})` : ''}`,
			{ cause: error }
		);
	}
	return client;
}

/**
 * The wire sink with the process lifecycle read off it: RelayTransport records the pid before
 * its "Started" info event and `exitInfo` before its exit info event, both synchronously.
 */
function watchLifecycle(transport: RelayTransport, options: StdioOptions): WireSink {
	let started = false;
	let exited = false;
	return (event: WireEvent) => {
		options.wire(event);
		if (event.type !== 'info') return;
		if (!started && transport.relayId !== undefined) {
			started = true;
			options.onStarted?.(transport.pid);
		}
		if (!exited && transport.exitInfo) {
			exited = true;
			options.onExit?.(transport.exitInfo);
		}
	};
}
