/**
 * Validates a spawn request and prepares what `child_process.spawn` gets: an absolute program
 * path (resolved here, so "not found" is a clear 4xx instead of an ENOENT after the fact), the
 * literal argument list (no shell ever parses it) and a minimal environment.
 */
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import type { CommandAllowList } from './allow-list.js';

export interface SpawnRequest {
	command: string;
	args: string[];
	env: Record<string, string>;
	cwd?: string;
}

export interface PreparedSpawn {
	/** Absolute path of the program. */
	file: string;
	/** `argv[0]` when it differs from `file` (the allow-list spawns the checked real path). */
	argv0?: string;
	args: string[];
	env: Record<string, string>;
	cwd: string;
}

/** A 4xx answer for the page, with what to fix. */
export class SpawnRequestError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly hint?: string
	) {
		super(message);
	}
}

/**
 * Inherited from the server's environment; everything else (tokens, cloud credentials, the
 * playground's own settings) stays out of children unless the user passes it explicitly.
 * Similar to the official SDK's default stdio environment.
 */
const INHERITED =
	process.platform === 'win32'
		? [
				'APPDATA',
				'HOMEDRIVE',
				'HOMEPATH',
				'LOCALAPPDATA',
				'PATH',
				'PATHEXT',
				'PROCESSOR_ARCHITECTURE'
			].concat([
				'SYSTEMDRIVE',
				'SYSTEMROOT',
				'TEMP',
				'TMP',
				'USERNAME',
				'USERPROFILE',
				'PROGRAMFILES'
			])
		: ['HOME', 'LOGNAME', 'PATH', 'SHELL', 'TERM', 'USER', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TMPDIR'];

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

export function minimalEnvironment(
	source: Record<string, string | undefined>,
	overrides: Record<string, string>
): Record<string, string> {
	const env: Record<string, string> = {};
	for (const name of INHERITED) {
		const value = source[name];
		// Values starting with "()" are exported shell functions (Shellshock); never pass them on.
		if (value !== undefined && !value.startsWith('()')) env[name] = value;
	}
	// Python block-buffers stdout when it is a pipe, so a Python server looks hung without this.
	env.PYTHONUNBUFFERED = '1';
	return Object.assign(env, overrides);
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function noNul(value: string, where: string): string {
	if (value.includes('\0')) throw new SpawnRequestError(400, `${where} contains a NUL byte.`);
	return value;
}

/** Checks the JSON body of `POST /api/relay`. */
export function parseSpawnRequest(body: unknown): SpawnRequest {
	if (!isObject(body)) throw new SpawnRequestError(400, 'The body must be a JSON object.');
	const { command, args = [], env = {}, cwd } = body;
	if (typeof command !== 'string' || command.trim() === '') {
		throw new SpawnRequestError(400, '"command" must be a non-empty string.');
	}
	if (!Array.isArray(args) || !args.every((a) => typeof a === 'string')) {
		throw new SpawnRequestError(400, '"args" must be an array of strings.');
	}
	if (!isObject(env) || !Object.values(env).every((v) => typeof v === 'string')) {
		throw new SpawnRequestError(400, '"env" must be an object whose values are strings.');
	}
	for (const name of Object.keys(env)) {
		if (!ENV_NAME.test(name)) {
			throw new SpawnRequestError(400, `Environment variable name "${name}" is not valid.`);
		}
	}
	if (cwd !== undefined && typeof cwd !== 'string') {
		throw new SpawnRequestError(400, '"cwd" must be a string.');
	}
	const request: SpawnRequest = {
		command: noNul(command, '"command"'),
		args: args.map((a, i) => noNul(a, `args[${i}]`)),
		env: Object.fromEntries(Object.entries(env).map(([k, v]) => [k, noNul(v as string, k)]))
	};
	if (cwd) request.cwd = noNul(cwd, '"cwd"');
	return request;
}

function isExecutableFile(file: string): boolean {
	try {
		if (!statSync(file).isFile()) return false;
		accessSync(file, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

function windowsExtensions(env: Record<string, string>): string[] {
	if (process.platform !== 'win32') return [''];
	return ['', ...(env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(Boolean)];
}

/**
 * Finds `command` the way a shell would, without a shell: a name with a path separator is taken
 * relative to `cwd`; a bare name is looked up in the child's own `PATH`.
 */
export function resolveCommand(command: string, cwd: string, env: Record<string, string>): string {
	const extensions = windowsExtensions(env);
	if (command.includes('/') || command.includes(path.sep)) {
		const file = path.resolve(cwd, command);
		const found = extensions.map((ext) => file + ext).find(isExecutableFile);
		if (found) return found;
		throw new SpawnRequestError(
			400,
			`Command "${command}" not found: ${file} does not exist or is not executable.`,
			'Check the path, or make the file executable (chmod +x).'
		);
	}
	const searchPath = env.PATH ?? '';
	for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
		const found = extensions.map((ext) => path.join(dir, command + ext)).find(isExecutableFile);
		if (found) return found;
	}
	throw new SpawnRequestError(
		400,
		`Command "${command}" was not found on PATH (searched: ${searchPath || '(empty PATH)'}).`,
		`Give the full path to the program (for example /usr/local/bin/${command}), or set PATH in the server's environment variables.`
	);
}

function resolveCwd(cwd: string | undefined): string {
	const dir = path.resolve(cwd ?? process.cwd());
	let ok: boolean;
	try {
		ok = statSync(dir).isDirectory();
	} catch {
		ok = false;
	}
	if (!ok) throw new SpawnRequestError(400, `Working directory "${dir}" does not exist.`);
	return dir;
}

/**
 * Turns a request into spawn arguments. Without an allow-list a bare command is looked up on the
 * child's own PATH, as a shell would; with one, the allow-list resolves it (allow-list.ts) and
 * the request's PATH plays no part in choosing the program.
 */
export function prepareSpawn(
	request: SpawnRequest,
	allowList: CommandAllowList | undefined
): PreparedSpawn {
	const cwd = resolveCwd(request.cwd);
	const env = minimalEnvironment(process.env, request.env);
	if (!allowList) {
		return { file: resolveCommand(request.command, cwd, env), args: request.args, env, cwd };
	}
	const { file, argv0 } = allowList.programFor(request.command, cwd);
	return { file, argv0, args: request.args, env, cwd };
}
