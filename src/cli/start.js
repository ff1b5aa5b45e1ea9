#!/usr/bin/env node
// Placeholder launcher: builds when needed and serves the playground on 127.0.0.1.
// The relay issue replaces this with the full launcher (token, --config, stdio pre-fill).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const portIndex = args.indexOf('--port');
const port = portIndex >= 0 ? args[portIndex + 1] : (process.env.PORT ?? '6280');

if (!existsSync(path.join(root, 'build', 'index.js'))) {
	const result = spawnSync(
		process.execPath,
		[path.join(root, 'node_modules/vite/bin/vite.js'), 'build'],
		{
			cwd: root,
			stdio: 'inherit'
		}
	);
	if (result.status !== 0) process.exit(result.status ?? 1);
}
process.env.HOST = '127.0.0.1';
process.env.PORT = String(port);
console.log(`MCP Playground: http://127.0.0.1:${port}/`);
await import(path.join(root, 'build', 'index.js'));
