#!/usr/bin/env node
// @ts-check
/**
 * Runs a test server until interrupted and prints its URL on the first line of stdout, for
 * humans and for Playwright `webServer` entries:
 *
 *   node tests/servers/cli.js modern [--port N] [--cors] [--cors-origin URL]... [--legacy stateless]
 *   node tests/servers/cli.js everything <streamableHttp|sse> [--port N]
 *   node tests/servers/cli.js everything stdio        (prints the command line as JSON)
 */
import { parseArgs } from 'node:util';
import { startEverything } from './everything.js';
import { startModernServer } from './modern.js';

const USAGE = `usage:
  node tests/servers/cli.js modern [--port N] [--cors] [--cors-origin URL]... [--legacy stateless]
  node tests/servers/cli.js everything <streamableHttp|sse|stdio> [--port N]`;

const { values, positionals } = parseArgs({
	allowPositionals: true,
	options: {
		port: { type: 'string' },
		cors: { type: 'boolean' },
		'cors-origin': { type: 'string', multiple: true },
		legacy: { type: 'string' },
		help: { type: 'boolean', short: 'h' }
	}
});

/** @returns {Promise<{ url: string, close: () => Promise<void> } | null>} */
async function start() {
	const port = values.port === undefined ? undefined : Number(values.port);
	if (port !== undefined && !Number.isInteger(port))
		throw new Error(`--port must be a number, got ${values.port}`);
	const [kind, mode] = positionals;
	if (kind === 'modern') {
		const origins = values['cors-origin'];
		const cors = origins?.length ? { origin: origins } : values.cors === true;
		if (
			values.legacy !== undefined &&
			values.legacy !== 'stateless' &&
			values.legacy !== 'reject'
		) {
			throw new Error(`--legacy must be stateless or reject, got ${values.legacy}`);
		}
		return startModernServer({ port, cors, legacy: values.legacy });
	}
	if (kind === 'everything' && mode === 'stdio') {
		const { command, args } = await startEverything('stdio');
		console.log(JSON.stringify({ command, args }));
		return null;
	}
	if (kind === 'everything' && (mode === 'streamableHttp' || mode === 'sse'))
		return startEverything(mode, { port });
	throw new Error(USAGE);
}

if (values.help) {
	console.log(USAGE);
} else {
	try {
		const server = await start();
		if (server) {
			console.log(server.url);
			const stop = () => void server.close().then(() => process.exit(0));
			process.once('SIGINT', stop);
			process.once('SIGTERM', stop);
		}
	} catch (error) {
		console.error(error instanceof Error ? error.message : error);
		process.exitCode = 1;
	}
}
