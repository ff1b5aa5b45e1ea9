/**
 * The stdio server the transports guide runs through the relay (two of them, one per client):
 * server-everything's stdio entry under this Node when it is installed (a development checkout),
 * else the same package through npx, which fetches it once.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import type { StdioCommand } from '$lib/mcp/transports/relay';

export function stdioDemoCommand(): StdioCommand {
	try {
		const require = createRequire(import.meta.url);
		const pkg = require.resolve('@modelcontextprotocol/server-everything/package.json');
		return {
			command: process.execPath,
			args: [path.join(path.dirname(pkg), 'dist', 'index.js'), 'stdio']
		};
	} catch {
		return { command: 'npx', args: ['-y', '@modelcontextprotocol/server-everything', 'stdio'] };
	}
}
