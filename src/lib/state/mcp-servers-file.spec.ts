import { describe, expect, it } from 'vitest';
import type { LaunchServer } from '$lib/mcp/transports/relay-launch';
import { configToLaunchServer, launchServerToConfig, mcpServersJson } from './mcp-servers-file';
import { emptyConfig } from './server-config';

const servers: LaunchServer[] = [
	{
		name: 'local',
		transport: 'stdio',
		command: 'npx',
		args: ['-y', '@modelcontextprotocol/server-everything', 'a b; $(c)'],
		env: { API_KEY: 'k' },
		cwd: '/srv'
	},
	{ name: 'old', transport: 'sse', url: 'http://127.0.0.1:9/sse', headers: { 'X-A': '1' } },
	{ name: 'new', transport: 'streamable-http', url: 'https://x.example/mcp', headers: {} }
];

describe('mcpServers entries ↔ connect-form configs', () => {
	it('round-trips every launcher entry through the form unchanged', () => {
		for (const server of servers) {
			expect(configToLaunchServer(server.name, launchServerToConfig(server))).toEqual(server);
		}
	});

	it('keeps arguments literal, one per line in the form', () => {
		const config = launchServerToConfig(servers[0]!);
		expect(config.stdio.args).toBe('-y\n@modelcontextprotocol/server-everything\na b; $(c)');
	});

	it('exports auto-detect as http, a bearer token as a header, and drops blank names', () => {
		const config = emptyConfig();
		config.url = 'https://x.example/mcp';
		config.bearerToken = 'tok';
		config.headers = [
			{ name: ' ', value: 'ignored' },
			{ name: 'X-B', value: '2' }
		];
		const file = JSON.parse(mcpServersJson([{ name: 'auto', config }]));
		expect(file).toEqual({
			mcpServers: {
				auto: {
					type: 'http',
					url: 'https://x.example/mcp',
					headers: { 'X-B': '2', Authorization: 'Bearer tok' }
				}
			}
		});
	});

	it('writes the shape --config reads: command/args/env[/cwd] or type/url/headers', () => {
		const file = JSON.parse(
			mcpServersJson(servers.map((s) => ({ name: s.name, config: launchServerToConfig(s) })))
		);
		expect(file.mcpServers).toEqual({
			local: {
				command: 'npx',
				args: ['-y', '@modelcontextprotocol/server-everything', 'a b; $(c)'],
				env: { API_KEY: 'k' },
				cwd: '/srv'
			},
			old: { type: 'sse', url: 'http://127.0.0.1:9/sse', headers: { 'X-A': '1' } },
			new: { type: 'http', url: 'https://x.example/mcp', headers: {} }
		});
	});
});
