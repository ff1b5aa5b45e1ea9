/**
 * The optional command allow-list (`"allowedCommands"` in the `--config` file). Nothing about it
 * may depend on the spawn request: the request chooses `env.PATH` and `cwd`, so resolving either
 * side with them lets `{command: "/tmp/x/node", env: {PATH: "/tmp/x"}}` pass an allow-list of
 * `["node"]`. So the entries are resolved once, when the config is loaded, with the server's own
 * PATH (bare names) and the config file's directory (relative paths); a requested bare name is
 * looked up on that same server PATH; and both sides are compared as real paths, symlinks
 * resolved, so a link named like an allowed program proves nothing.
 *
 * The allow-list limits which program starts, not what it does: an interpreter (node, python)
 * runs any code its arguments give it, and the request's environment still reaches the child.
 */
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { resolveCommand, SpawnRequestError } from './spawn-request.js';

/** The part of the server's environment program lookup uses. */
export interface SearchEnv {
	PATH?: string;
	PATHEXT?: string;
}

/** The executable `command` names (a path as found, and its real path), or undefined. */
function findProgram(
	command: string,
	cwd: string,
	env: SearchEnv
): { found: string; real: string } | undefined {
	try {
		const found = resolveCommand(command, cwd, { ...env });
		return { found, real: realpathSync(found) };
	} catch {
		return undefined;
	}
}

export class CommandAllowList {
	/** The entries as the file wrote them (the page shows them). */
	readonly entries: string[];
	/** The file they came from, named in every refusal. */
	readonly file: string;
	/** Entries that named no executable at load time: they allow nothing. */
	readonly unresolved: string[] = [];
	#programs = new Set<string>();
	#searchEnv: SearchEnv;

	constructor(entries: string[], file: string, serverEnv: SearchEnv) {
		this.entries = entries;
		this.file = file;
		this.#searchEnv = { PATH: serverEnv.PATH ?? '' };
		if (serverEnv.PATHEXT !== undefined) this.#searchEnv.PATHEXT = serverEnv.PATHEXT;
		const configDir = path.dirname(file);
		for (const entry of entries) {
			const program = findProgram(entry, configDir, this.#searchEnv);
			if (program) this.#programs.add(program.real);
			else this.unresolved.push(entry);
		}
	}

	/**
	 * The program to spawn for `command` (requested in `cwd`): its real path, so what runs is
	 * the file that was checked even if a symlink on the way is swapped afterwards. Throws a 403
	 * naming the command and the allow-list file when it is not allowed.
	 */
	programFor(command: string, cwd: string): { file: string; argv0: string } {
		const program = findProgram(command, cwd, this.#searchEnv);
		if (program && this.#programs.has(program.real)) {
			return { file: program.real, argv0: program.found };
		}
		const where = program ? `is ${program.real}` : "names no program on the server's PATH";
		throw new SpawnRequestError(
			403,
			`Refused: command "${command}" (${where}) is not in the allow-list of ${this.file}.`,
			`Allowed: ${this.entries.join(', ') || '(nothing)'}. Bare names are looked up on the playground server's PATH, not the request's env.PATH, and compared by real path (symlinks resolved). To allow another program, add it to "allowedCommands" in ${this.file} and restart the playground.`
		);
	}
}
