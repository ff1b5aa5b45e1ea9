/**
 * stdio servers through the local relay. Loaded lazily: only a stdio connection pulls the relay
 * transport into the page. Arguments are one per line and passed literally (no shell parsing).
 */
import { McpClient } from '$lib/mcp/client';
import type { ClientHandlers } from '$lib/mcp/handlers';
import { RelayTransport } from '$lib/mcp/transports/relay';
import type { WireSink } from '$lib/mcp/wire';
import type { ServerConfig } from './server-config';

export interface StdioOptions {
	token: string | null;
	era: ServerConfig['era'];
	handlers: ClientHandlers;
	wire: WireSink;
	clientInfo: { name: string; version: string };
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
	const env: Record<string, string> = {};
	for (const { name, value } of config.stdio.env) if (name.trim()) env[name.trim()] = value;
	const transport = new RelayTransport({
		command: config.stdio.command.trim(),
		args: config.stdio.args.split('\n').filter((line) => line !== ''),
		env,
		cwd: config.stdio.cwd.trim() || undefined,
		token: options.token
	});
	transport.wire = options.wire;
	const client = new McpClient(transport, {
		era: options.era,
		handlers: options.handlers,
		wire: options.wire,
		clientInfo: options.clientInfo
	});
	await client.connect();
	return client;
}
