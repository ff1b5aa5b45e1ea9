/**
 * Between the connect form's `ServerConfig` and the launcher's `mcpServers` entries (Claude
 * Desktop / Cursor / VS Code style): servers from `--config <file>` become form configs, and the
 * saved servers export back to the same file shape (`toMcpServersFile`).
 */
import { toMcpServersFile, type LaunchServer } from '$lib/mcp/transports/relay-launch';
import { emptyConfig, type NameValue, type ServerConfig } from './server-config';

const pairs = (record: Record<string, string>): NameValue[] =>
	Object.entries(record).map(([name, value]) => ({ name, value }));

function record(rows: NameValue[]): Record<string, string> {
	const out: Record<string, string> = {};
	for (const { name, value } of rows) if (name.trim()) out[name.trim()] = value;
	return out;
}

/** A launcher entry as a form config (stdio arguments one per line, as the form edits them). */
export function launchServerToConfig(server: LaunchServer): ServerConfig {
	const config = emptyConfig();
	if (server.transport === 'stdio') {
		config.transport = 'stdio';
		config.stdio = {
			command: server.command,
			args: server.args.join('\n'),
			env: pairs(server.env),
			cwd: server.cwd ?? ''
		};
	} else {
		config.transport = server.transport;
		config.url = server.url;
		config.headers = pairs(server.headers);
	}
	return config;
}

/**
 * A form config as a launcher entry. "Auto-detect" exports as `http` (Streamable HTTP, which the
 * auto-detection tries first); a bearer token becomes an `Authorization` header.
 */
export function configToLaunchServer(name: string, config: ServerConfig): LaunchServer {
	if (config.transport === 'stdio') {
		const cwd = config.stdio.cwd.trim();
		return {
			name,
			transport: 'stdio',
			command: config.stdio.command.trim(),
			args: config.stdio.args.split('\n').filter((line) => line !== ''),
			env: record(config.stdio.env),
			...(cwd ? { cwd } : {})
		};
	}
	const headers = record(config.headers);
	if (config.bearerToken.trim()) headers['Authorization'] = `Bearer ${config.bearerToken.trim()}`;
	return {
		name,
		transport: config.transport === 'sse' ? 'sse' : 'streamable-http',
		url: config.url.trim(),
		headers
	};
}

/** The `mcpServers` JSON text for a list of named configs (later names win on a clash). */
export function mcpServersJson(servers: { name: string; config: ServerConfig }[]): string {
	const entries = servers.map((s) => configToLaunchServer(s.name, s.config));
	return JSON.stringify(toMcpServersFile(entries), null, 2) + '\n';
}
