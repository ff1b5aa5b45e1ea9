// @ts-check
/**
 * Command-line parsing for the launcher. Options come first; the first word that is not an
 * option (or everything after `--`) starts the stdio server's command line, which is kept
 * verbatim: `mcp-playground node server.js --port 3` passes `--port 3` to the server.
 */

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

/** @param {string} name @param {string | undefined} value */
function required(name, value) {
	if (value === undefined || value.startsWith('--'))
		throw new Error(`${name} needs a value.\n\n${usage}`);
	return value;
}

/** @param {string} text */
function parsePort(text) {
	const port = Number(text);
	if (!Number.isInteger(port) || port < 0 || port > 65535)
		throw new Error(`--port ${text} is not a port number.`);
	return port;
}

/**
 * @param {string[]} argv
 * @returns {LaunchOptions}
 */
export function parseArgs(argv) {
	/** @type {LaunchOptions} */
	const options = {
		port: Number(process.env.PORT ?? 6280),
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
		const [name, inline] = arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
		const value = () => inline ?? required(/** @type {string} */ (name), argv[++i]);
		if (name === '--port') options.port = parsePort(value());
		else if (name === '--host') options.host = value();
		else if (name === '--allowed-host') options.allowedHosts.push(value().toLowerCase());
		else if (name === '--config') options.config = value();
		else if (name === '--print-token-file') options.printTokenFile = value();
		else if (name === '--no-open') options.open = false;
		else if (name === '-h' || name === '--help') options.help = true;
		else throw new Error(`Unknown option ${arg}.\n\n${usage}`);
	}
	const [command, ...args] = argv.slice(i);
	if (command !== undefined) {
		options.command = command;
		options.args = args;
	}
	return options;
}
