// @ts-check
/**
 * Command-line parsing for the launcher. Options come first; the first word that is not an
 * option (or everything after `--`) starts the stdio server's command line, which is kept
 * verbatim: `mcp-playground node server.js --port 3` passes `--port 3` to the server. A bad
 * value or combination is an Error whose message says what to change.
 */
import { isIP } from 'node:net';

export const usage = `Usage: mcp-playground [options] [--] [<command> [args…]]

Starts the MCP Playground on http://127.0.0.1 and opens it in a browser. With a command, that
stdio server is pre-filled in the connect form.

Options:
  --port <n>               port to listen on (default 6280; 0 picks a free one)
  --host <address>         address to bind (default 127.0.0.1). Anything else exposes the
                           playground to your network: a loud warning is printed
  --allowed-host <name>    extra Host name the /api accepts (with --host, repeatable)
  --config <file>          load servers from an mcpServers JSON file (Claude Desktop, Cursor,
                           VS Code style); "allowedCommands": [...] restricts the relay
  --no-open                do not open a browser (also skipped when CI is set)
  --print-token-file <f>   write this run's token to <f> (for test harnesses)
  -h, --help               show this help

Environment:
  PLAYGROUND_TOKEN         a fixed token (at least 22 characters) instead of a fresh random
                           one every start`;

/**
 * @typedef {{
 *   port: number, host: string, open: boolean, config?: string, printTokenFile?: string,
 *   allowedHosts: string[], command?: string, args: string[], help: boolean
 * }} LaunchOptions
 */

/**
 * True for an address only this machine can reach (127.0.0.0/8, ::1, localhost). Extra Host
 * names are pointless there and only widen what a DNS-rebinding page could use.
 * @param {string} host a bind address, IPv6 without brackets
 */
export function isLoopbackAddress(host) {
	const name = host.toLowerCase();
	return name === 'localhost' || name === '::1' || /^127(\.\d{1,3}){3}$/.test(name);
}

/** @param {string} name @param {string | undefined} value */
function required(name, value) {
	if (value === undefined || value.startsWith('--'))
		throw new Error(`${name} needs a value.\n\n${usage}`);
	if (value.trim() === '') throw new Error(`${name} needs a value; it was given an empty one.`);
	return value;
}

/** @param {string} text @param {string} what how the value was given, for the message */
function parsePort(text, what) {
	const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
	if (!(port >= 0 && port <= 65535))
		throw new Error(`${what} is not a port number: give 0–65535 (0 picks a free port).`);
	return port;
}

/**
 * The address to bind: IPv6 without the brackets a URL needs (the launcher adds them back where
 * they belong), and never with a port.
 * @param {string} text
 */
function parseHost(text) {
	const bare = text.replace(/^\[(.*)\]$/, '$1');
	if (bare.includes(':') && !isIP(bare))
		throw new Error(
			`--host ${text} is not an address to bind: give a host name or IP address without a port (the port goes in --port), e.g. --host 0.0.0.0 --port 8080.`
		);
	if (bare === '') throw new Error('--host needs a value; it was given an empty one.');
	return bare;
}

/** @param {string} text */
function parseAllowedHost(text) {
	const name = text.toLowerCase();
	const bare = name.replace(/^\[(.*)\]$/, '$1');
	if (isIP(bare) === 6 || /^[a-z0-9._-]+$/.test(name)) return name;
	throw new Error(
		`--allowed-host ${text} is not a host name: give the name alone, as it appears in the address bar without scheme, port or path (e.g. --allowed-host mybox.local).`
	);
}

/**
 * @param {LaunchOptions} options
 * @param {string} name
 * @param {() => string} value reads the option's value (inline `--name=value` or the next word)
 * @returns {boolean} false for an unknown option
 */
function applyOption(options, name, value) {
	if (name === '--port') options.port = parsePort(value(), `--port ${value()}`);
	else if (name === '--host') options.host = parseHost(value());
	else if (name === '--allowed-host') options.allowedHosts.push(parseAllowedHost(value()));
	else if (name === '--config') options.config = value();
	else if (name === '--print-token-file') options.printTokenFile = value();
	else return applyFlag(options, name);
	return true;
}

/** @param {LaunchOptions} options @param {string} name */
function applyFlag(options, name) {
	if (name === '--no-open') options.open = false;
	else if (name === '-h' || name === '--help') options.help = true;
	else return false;
	return true;
}

/** Options only make sense together in some ways; say which and how to fix it. @param {LaunchOptions} options */
function checkCombination(options) {
	if (options.allowedHosts.length > 0 && isLoopbackAddress(options.host)) {
		const names = options.allowedHosts.join(', ');
		throw new Error(
			`--allowed-host ${names} cannot be used with the loopback address ${options.host} (--host, default 127.0.0.1): bound there, the playground answers only this machine, under 127.0.0.1, localhost and [::1], and another name for it is what a DNS-rebinding attack would use. Drop --allowed-host, or bind to the address others reach it at with --host <address> (on a network you trust).`
		);
	}
}

/**
 * @param {string[]} argv
 * @param {Record<string, string | undefined>} [env] where the default port comes from (PORT)
 * @returns {LaunchOptions}
 */
export function parseArgs(argv, env = process.env) {
	/** @type {LaunchOptions} */
	const options = {
		port: env.PORT ? parsePort(env.PORT, `PORT=${env.PORT}`) : 6280,
		host: '127.0.0.1',
		open: true,
		allowedHosts: [],
		args: [],
		help: false
	};
	let i = 0;
	for (; i < argv.length; i++) {
		const arg = /** @type {string} */ (argv[i]);
		if (arg === '--') {
			i += 1;
			break;
		}
		if (!arg.startsWith('-')) break;
		const [name = arg, inline] = arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
		let read = /** @type {string | undefined} */ (undefined);
		const value = () => (read ??= required(name, inline ?? argv[++i]));
		if (!applyOption(options, name, value))
			throw new Error(
				`Unknown option ${arg}. (A server command that starts with "-" goes after --.)\n\n${usage}`
			);
		if (inline !== undefined && read === undefined)
			throw new Error(`${name} takes no value; drop "=${inline}".`);
	}
	const [command, ...args] = argv.slice(i);
	if (command !== undefined) {
		options.command = command;
		options.args = args;
	}
	checkCombination(options);
	return options;
}
