import {
	chmodSync,
	mkdirSync,
	mkdtempSync,
	realpathSync,
	symlinkSync,
	writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CommandAllowList } from './allow-list';
import { prepareSpawn, SpawnRequestError } from './spawn-request';

/**
 * A small tree: bin/tool is the allowed program (on the server's PATH), evil/tool a different
 * program of the same name, link/tool a symlink named "tool" pointing at evil/tool, and
 * alias/tool a symlink to the allowed one.
 */
let root: string;
let serverPath: string;
let configFile: string;

function executable(file: string): void {
	mkdirSync(path.dirname(file), { recursive: true });
	writeFileSync(file, '#!/bin/sh\nexit 0\n');
	chmodSync(file, 0o755);
}

beforeAll(() => {
	root = realpathSync(mkdtempSync(path.join(tmpdir(), 'allow-list-')));
	serverPath = path.join(root, 'bin');
	executable(path.join(root, 'bin', 'tool'));
	executable(path.join(root, 'evil', 'tool'));
	executable(path.join(root, 'config', 'local', 'server'));
	mkdirSync(path.join(root, 'link'));
	symlinkSync(path.join(root, 'evil', 'tool'), path.join(root, 'link', 'tool'));
	mkdirSync(path.join(root, 'alias'));
	symlinkSync(path.join(root, 'bin', 'tool'), path.join(root, 'alias', 'tool'));
	configFile = path.join(root, 'config', 'mcp.json');
});

function allowList(entries: string[]): CommandAllowList {
	return new CommandAllowList(entries, configFile, { PATH: serverPath });
}

function refusal(run: () => unknown): SpawnRequestError {
	try {
		run();
	} catch (error) {
		if (error instanceof SpawnRequestError) return error;
		throw error;
	}
	throw new Error('expected a refusal');
}

describe('CommandAllowList', () => {
	it('allows a listed bare name, resolved on the server PATH, and spawns its real path', () => {
		const list = allowList(['tool']);
		expect(list.programFor('tool', '/')).toEqual({
			file: path.join(root, 'bin', 'tool'),
			argv0: path.join(root, 'bin', 'tool')
		});
	});

	it('refuses a command that is not listed, naming it and the allow-list file', () => {
		const error = refusal(() => allowList(['tool']).programFor('/bin/sh', '/'));
		expect(error.status).toBe(403);
		expect(error.message).toContain('"/bin/sh"');
		expect(error.message).toContain(configFile);
		expect(error.hint).toMatch(/"allowedCommands"/);
	});

	it('refuses the PATH trick: the request’s env.PATH does not choose the program', () => {
		const list = allowList(['tool']);
		const evilPath = path.join(root, 'evil');
		const trick = { command: path.join(evilPath, 'tool'), args: [], env: { PATH: evilPath } };
		expect(refusal(() => prepareSpawn(trick, list)).status).toBe(403);
		// A bare name is looked up on the server's PATH, whatever PATH the request brings (which
		// still reaches the child's environment).
		const bare = prepareSpawn({ command: 'tool', args: [], env: { PATH: evilPath } }, list);
		expect(bare.file).toBe(path.join(root, 'bin', 'tool'));
		expect(bare.env.PATH).toBe(evilPath);
	});

	it('refuses the symlink trick, and accepts a link to the allowed program itself', () => {
		const list = allowList(['tool']);
		const error = refusal(() => list.programFor(path.join(root, 'link', 'tool'), '/'));
		expect(error.status).toBe(403);
		expect(error.message).toContain(`is ${path.join(root, 'evil', 'tool')}`);
		expect(refusal(() => list.programFor('./tool', path.join(root, 'link'))).status).toBe(403);
		expect(list.programFor(path.join(root, 'alias', 'tool'), '/')).toEqual({
			file: path.join(root, 'bin', 'tool'),
			argv0: path.join(root, 'alias', 'tool')
		});
	});

	it('resolves a relative entry against the config file’s directory, once', () => {
		const list = allowList(['./local/server']);
		expect(list.unresolved).toEqual([]);
		const server = path.join(root, 'config', 'local', 'server');
		expect(list.programFor(server, '/').file).toBe(server);
		// The same relative text from the request means the request's cwd, not the config's.
		expect(refusal(() => list.programFor('./local/server', root)).status).toBe(403);
	});

	it('an entry that names nothing allows nothing, and an empty list refuses everything', () => {
		const list = allowList(['no-such-program', 'tool']);
		expect(list.unresolved).toEqual(['no-such-program']);
		expect(refusal(() => list.programFor('no-such-program', '/')).message).toMatch(
			/"no-such-program" \(names no program on the server's PATH\)/
		);
		expect(refusal(() => allowList([]).programFor('tool', '/')).hint).toMatch(/\(nothing\)/);
	});

	it('a bare name never means ./name in the request’s cwd', () => {
		const list = allowList(['tool']);
		expect(list.programFor('tool', path.join(root, 'evil')).file).toBe(
			path.join(root, 'bin', 'tool')
		);
	});
});
