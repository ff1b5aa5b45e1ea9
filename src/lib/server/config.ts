/**
 * Server configuration, read once from the environment the launcher (src/cli/start.js) prepares.
 * Everything security-relevant lives here: the run mode, the per-start token, the port and host
 * names the /api guard accepts, and the optional command allow-list.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIPv6 } from 'node:net';
import path from 'node:path';
import { parseServersFile, type ServerEntry } from './servers-file.js';
import { CommandAllowList } from './relay/allow-list.js';

export type { ServerEntry } from './servers-file.js';

export interface RelayLimits {
	/** Close a session when no SSE reader has been attached for this long (the page went away). */
	idleMs: number;
	/** After closing stdin: wait this long before SIGTERM, and as long again before SIGKILL. */
	graceMs: number;
	/** Longest stdout/stderr line kept; a longer one is dropped with an `error` event. */
	maxLineBytes: number;
	/** Longest stdin line accepted by `POST /api/relay/{id}`. */
	maxStdinBytes: number;
	/** Bytes of SSE events kept per session for `Last-Event-ID` resumption. */
	backlogBytes: number;
	maxSessions: number;
}

export interface PlaygroundConfig {
	mode: 'local' | 'hosted';
	/** Per-start secret the page must send in `X-Playground-Token`. */
	token: string;
	/** The port the server listens on (the Host check requires it). */
	port: number;
	/**
	 * Host names (without port) accepted in `Host`: the loopback names plus `--host`'s and
	 * `--allowed-host`'s, IPv6 addresses in brackets.
	 */
	allowedHosts: string[];
	/** The only programs the relay may start (resolved when the config loads); absent = any. */
	allowList?: CommandAllowList;
	/** Servers handed to the page: the launcher's command line first, then `--config`'s. */
	servers: ServerEntry[];
	/** Name of the server to pre-fill: the one given on the launcher's command line. */
	initialServer?: string;
	relay: RelayLimits;
}

export const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

/** 256 random bits, URL-safe: well over the 128 bits ARCHITECTURE.md asks for. */
export function generateToken(): string {
	return randomBytes(32).toString('base64url');
}

/** 22 base64url characters hold 132 bits: the shortest token that meets ARCHITECTURE.md's ≥128. */
export const MIN_TOKEN_LENGTH = 22;

/**
 * The token: PLAYGROUND_TOKEN when set (a fixed token, e.g. for a bookmarked URL), else a fresh
 * one. A fixed token that is too short to resist guessing stops the start, since whoever guesses
 * it can run programs as the user. Hosted mode has no /api, so there it guards nothing.
 */
function tokenFrom(
	env: Record<string, string | undefined>,
	mode: PlaygroundConfig['mode']
): string {
	const fixed = env.PLAYGROUND_TOKEN;
	if (!fixed) return generateToken();
	if (mode === 'local' && fixed.length < MIN_TOKEN_LENGTH) {
		throw new Error(
			`PLAYGROUND_TOKEN is ${fixed.length} characters long; it must be at least ${MIN_TOKEN_LENGTH} (128 random bits as base64url), because anyone who guesses it can start programs on this machine. Unset PLAYGROUND_TOKEN to get a fresh random token every start, or set it to a long random value, e.g. the output of: node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))"`
		);
	}
	return fixed;
}

function numberFrom(value: string | undefined, fallback: number): number {
	const parsed = Number(value);
	return value !== undefined && value !== '' && Number.isFinite(parsed) ? parsed : fallback;
}

function launchEntry(raw: string | undefined): ServerEntry[] {
	if (!raw) return [];
	const launch = JSON.parse(raw) as { command: string; args?: string[]; cwd?: string };
	const name = [path.basename(launch.command), ...(launch.args ?? []).map((a) => path.basename(a))]
		.join(' ')
		.slice(0, 60);
	const entry: ServerEntry = {
		name,
		transport: 'stdio',
		command: launch.command,
		args: launch.args ?? [],
		env: {}
	};
	if (launch.cwd) entry.cwd = launch.cwd;
	return [entry];
}

/**
 * A name as it appears in a `Host` header: an IPv6 address in brackets (`--host 2001:db8::5` is
 * reached as `[2001:db8::5]:PORT`; the bare form would never match).
 */
function hostHeaderName(host: string): string {
	return isIPv6(host) ? `[${host}]` : host;
}

function relayLimits(env: Record<string, string | undefined>): RelayLimits {
	return {
		idleMs: numberFrom(env.PLAYGROUND_RELAY_IDLE_MS, 15_000),
		graceMs: numberFrom(env.PLAYGROUND_RELAY_GRACE_MS, 1_000),
		maxLineBytes: numberFrom(env.PLAYGROUND_RELAY_MAX_LINE_BYTES, 16 * 1024 * 1024),
		maxStdinBytes: numberFrom(env.PLAYGROUND_RELAY_MAX_STDIN_BYTES, 4 * 1024 * 1024),
		backlogBytes: numberFrom(env.PLAYGROUND_RELAY_BACKLOG_BYTES, 32 * 1024 * 1024),
		maxSessions: numberFrom(env.PLAYGROUND_RELAY_MAX_SESSIONS, 64)
	};
}

/**
 * Builds the configuration from environment variables. Pure apart from reading the config file,
 * so tests can pass their own `env`.
 */
export function loadConfig(env: Record<string, string | undefined>): PlaygroundConfig {
	const configFile = env.PLAYGROUND_CONFIG ? path.resolve(env.PLAYGROUND_CONFIG) : undefined;
	const file = configFile ? parseServersFile(readFileSync(configFile, 'utf8'), configFile) : null;
	const extraHosts = (env.PLAYGROUND_ALLOWED_HOSTS ?? '')
		.split(',')
		.map((h) => hostHeaderName(h.trim().toLowerCase()))
		.filter(Boolean);
	const launched = launchEntry(env.PLAYGROUND_LAUNCH);
	const mode = env.PLAYGROUND_MODE === 'hosted' ? 'hosted' : 'local';
	return {
		mode,
		token: tokenFrom(env, mode),
		port: numberFrom(env.PORT, 3000),
		allowedHosts: [...LOOPBACK_HOSTS, ...extraHosts],
		allowList:
			file?.allowedCommands && configFile
				? new CommandAllowList(file.allowedCommands, configFile, env)
				: undefined,
		servers: [...launched, ...(file?.servers ?? [])],
		initialServer: launched[0]?.name,
		relay: relayLimits(env)
	};
}

let current: PlaygroundConfig | undefined;

/** An allow-list entry that names no program allows nothing; say so once, at start. */
function warnAboutUnresolved(allowList: CommandAllowList | undefined): void {
	for (const entry of allowList?.unresolved ?? []) {
		console.warn(
			`mcp-playground: "allowedCommands" entry "${entry}" in ${allowList!.file} names no executable (bare names are looked up on this server's PATH, relative paths in the file's directory); it allows nothing.`
		);
	}
}

/**
 * The process-wide configuration. The token is removed from `process.env` once read so that
 * nothing started later with an inherited environment (a browser opener, a helper process) can
 * see it; relay children never get it anyway (they start from a minimal environment).
 */
export function getConfig(): PlaygroundConfig {
	if (!current) {
		current = loadConfig(process.env);
		delete process.env.PLAYGROUND_TOKEN;
		warnAboutUnresolved(current.allowList);
		if (current.mode === 'local' && !process.env.PLAYGROUND_LAUNCHER) {
			// Started without the launcher (vite dev, node build): nobody else knows the token.
			console.log(
				`MCP Playground /api token for this run: open http://127.0.0.1:${current.port}/#token=${current.token}`
			);
		}
	}
	return current;
}
