#!/usr/bin/env node
// @ts-check
/**
 * The launcher behind `npm start -- <command> [args…]` and `npx mcp-playground <command> [args…]`.
 * Builds when build/ is missing, serves the adapter-node handler in this process on 127.0.0.1 with
 * a fresh random token, prints the tokenised URL (the token travels only in the URL fragment,
 * which browsers never send to a server), and opens a browser.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs, usage } from './args.js';
import { buildIfMissing, freePort, openBrowser } from './support.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** @param {string} message */
function fail(message) {
	console.error(`mcp-playground: ${message}`);
	process.exit(2);
}

/** @param {import('./args.js').LaunchOptions} options */
function checkConfigFile(options) {
	if (!options.config) return;
	const file = path.resolve(options.config);
	if (!existsSync(file)) fail(`--config ${options.config}: no such file (${file}).`);
	try {
		JSON.parse(readFileSync(file, 'utf8'));
	} catch (error) {
		fail(`--config ${file} is not valid JSON: ${/** @type {Error} */ (error).message}`);
	}
	process.env.PLAYGROUND_CONFIG = file;
}

/** @param {string} host */
function warnAboutHost(host) {
	const bar = '!'.repeat(78);
	console.warn(
		`${bar}\n  WARNING: --host ${host} exposes the playground beyond this machine.\n` +
			'  Anyone who can reach it AND learns the token can start programs as you.\n' +
			'  Only do this on a network you trust.\n' +
			`${bar}`
	);
}

/**
 * The host to put in URLs for a bind address: IPv6 in brackets, and for a wildcard bind
 * (0.0.0.0, ::) the loopback address that reaches it and passes the Host check.
 * @param {string} host
 */
function urlHostFor(host) {
	const bare = host.replace(/^\[(.*)\]$/, '$1');
	if (bare === '0.0.0.0' || bare === '::') return '127.0.0.1';
	return bare.includes(':') ? `[${bare}]` : bare;
}

/** @param {import('./args.js').LaunchOptions} options @param {string} token @param {number} port */
function prepareEnvironment(options, token, port) {
	process.env.HOST = options.host;
	process.env.PORT = String(port);
	process.env.PLAYGROUND_TOKEN = token;
	process.env.PLAYGROUND_LAUNCHER = '1';
	// adapter-node assumes https for event.url unless ORIGIN is set; the launcher serves plain http.
	const wildcard = options.host === '0.0.0.0' || options.host === '::';
	if (!wildcard) process.env.ORIGIN ??= `http://${urlHostFor(options.host)}:${port}`;
	// Tool results with images are large; adapter-node's default body limit is 512 KB.
	process.env.BODY_SIZE_LIMIT ??= '8M';
	if (!LOOPBACK.has(options.host)) {
		warnAboutHost(options.host);
		const extra = [...options.allowedHosts, ...(wildcard ? [] : [options.host])];
		if (extra.length > 0) process.env.PLAYGROUND_ALLOWED_HOSTS = extra.join(',');
	}
	if (options.command) {
		const launch = { command: options.command, args: options.args, cwd: process.cwd() };
		process.env.PLAYGROUND_LAUNCH = JSON.stringify(launch);
	}
}

/** @param {string} file @param {string} token */
function writeTokenFile(file, token) {
	const target = path.resolve(file);
	mkdirSync(path.dirname(target), { recursive: true });
	writeFileSync(target, token, { mode: 0o600 });
}

/**
 * adapter-node's request handler behind our own HTTP server, with the relay's per-message
 * routes (stdin lines, the SSE stream) served first by the fast path the server published.
 * @param {import('./args.js').LaunchOptions} options @param {number} port
 * @returns {Promise<import('node:http').Server>}
 */
async function serve(options, port) {
	const { handler } = await import(pathToFileURL(path.join(root, 'build', 'handler.js')).href);
	/** @type {((req: any, res: any) => boolean) | undefined} */
	const fastPath = /** @type {any} */ (globalThis)[Symbol.for('mcp-playground.relay-fast-path')];
	const server = createServer({ noDelay: true }, (req, res) => {
		if (fastPath?.(req, res)) return;
		handler(req, res, () => res.writeHead(404).end('Not found'));
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, options.host, () => resolve(undefined));
	});
	return server;
}

/** Ctrl+C / SIGTERM: the server's handlers shut every child down; we stop serving and exit. @param {import('node:http').Server} server */
function stopOnSignals(server) {
	let stopping = false;
	const stop = () => {
		if (stopping) process.exit(130); // a second Ctrl+C: now
		stopping = true;
		/** @type {(() => number) | undefined} */
		const liveChildren = /** @type {any} */ (globalThis)[Symbol.for('mcp-playground.relay-live')];
		// Open SSE streams end as their children exit, which lets close() complete; then we wait
		// for children nobody was reading to finish their shutdown too.
		server.close(() => {
			const poll = setInterval(() => {
				if ((liveChildren?.() ?? 0) === 0) process.exit(0);
			}, 50);
			poll.unref();
		});
		server.closeIdleConnections();
		// Children get stdin-close, SIGTERM, SIGKILL within ~3 grace periods; after that we exit
		// anyway, and the server's 'exit' handler SIGKILLs anything left.
		setTimeout(() => process.exit(0), 3_500);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	if (options.help) return console.log(usage);
	checkConfigFile(options);
	await buildIfMissing(root);
	const port = options.port === 0 ? await freePort(options.host) : options.port;
	// A fixed PLAYGROUND_TOKEN is checked by the server's config (src/lib/server/config.ts) when
	// the handler loads below: one that is too short stops the start with what to fix.
	const token = process.env.PLAYGROUND_TOKEN || randomBytes(32).toString('base64url');
	prepareEnvironment(options, token, port);
	if (options.printTokenFile) writeTokenFile(options.printTokenFile, token);

	let server;
	try {
		server = await serve(options, port);
	} catch (error) {
		const code = /** @type {NodeJS.ErrnoException} */ (error).code;
		if (code === 'EADDRINUSE') fail(`port ${port} is in use; pass --port <other> (or 0 for any).`);
		throw error;
	}
	stopOnSignals(server);
	// The address the server listens on: a ::1-only server is not reachable at 127.0.0.1.
	const url = `http://${urlHostFor(options.host)}:${port}/#token=${token}`;
	console.log(`\nMCP Playground is running. Open:\n\n  ${url}\n`);
	if (options.command)
		console.log(`stdio server pre-filled: ${[options.command, ...options.args].join(' ')}`);
	console.log('The token in that URL changes every start. Press Ctrl+C to stop.\n');
	if (options.open && !process.env.CI) openBrowser(url);
}

main().catch((error) => fail(error instanceof Error ? error.message : String(error)));
