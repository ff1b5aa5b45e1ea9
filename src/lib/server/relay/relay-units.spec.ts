import { describe, expect, it } from 'vitest';
import { Backlog, formatFrame, lineFrame } from './events';
import { LineSplitter } from './lines';
import {
	minimalEnvironment,
	parseSpawnRequest,
	resolveCommand,
	SpawnRequestError
} from './spawn-request';
import { parseServersFile } from '../servers-file';

function split(chunks: Buffer[], max = 1024) {
	const lines: string[] = [];
	const overflows: number[] = [];
	const splitter = new LineSplitter(
		max,
		(l) => lines.push(l),
		(n) => overflows.push(n)
	);
	for (const c of chunks) splitter.push(c);
	splitter.end();
	return { lines, overflows };
}

describe('LineSplitter', () => {
	it('splits at every awkward boundary, including inside a UTF-8 character', () => {
		const text = '{"a":"héllo €"}\nnot json\n\n{"b":1}';
		const bytes = Buffer.from(text);
		for (let cut = 0; cut <= bytes.length; cut++) {
			const { lines } = split([bytes.subarray(0, cut), bytes.subarray(cut)]);
			expect(lines, `cut at ${cut}`).toEqual(['{"a":"héllo €"}', 'not json', '', '{"b":1}']);
		}
		const oneByOne = [...bytes].map((b) => Buffer.from([b]));
		expect(split(oneByOne).lines).toEqual(['{"a":"héllo €"}', 'not json', '', '{"b":1}']);
	});
	it('keeps CR as printed', () => {
		expect(split([Buffer.from('a\r\nb\rc\n')]).lines).toEqual(['a\r', 'b\rc']);
	});
	it('drops an over-long line with its size and carries on', () => {
		const big = Buffer.alloc(50, 0x61);
		const { lines, overflows } = split(
			[Buffer.from('ok\n'), big, big, Buffer.from('\nafter\n')],
			64
		);
		expect(lines).toEqual(['ok', 'after']);
		expect(overflows).toEqual([100]);
	});
});

describe('SSE frames and backlog', () => {
	it('sends raw lines as data, and CR-holding lines JSON-encoded', () => {
		expect(lineFrame(3, 'stdout', '{"x":1}').toString()).toBe(
			'id: 3\nevent: stdout\ndata: {"x":1}\n\n'
		);
		expect(lineFrame(4, 'stderr', 'a\rb').toString()).toBe(
			'id: 4\nevent: stderr-json\ndata: "a\\rb"\n\n'
		);
	});
	it('keeps the newest events within its byte budget', () => {
		const backlog = new Backlog(100);
		for (let id = 1; id <= 20; id++) backlog.push({ id, frame: formatFrame(id, 'stdout', 'x') });
		const kept = backlog.after(0).map((e) => e.id);
		expect(kept.at(-1)).toBe(20);
		expect(kept.length).toBeLessThan(20);
		expect(backlog.firstId).toBe(kept[0]);
		expect(backlog.after(18).map((e) => e.id)).toEqual([19, 20]);
		const huge = new Backlog(10);
		huge.push({ id: 1, frame: formatFrame(1, 'exit', '{"code":0}') });
		expect(huge.after(0).map((e) => e.id)).toEqual([1]);
	});
});

describe('spawn requests', () => {
	it('validates the body', () => {
		const bad = [
			null,
			[],
			{},
			{ command: '' },
			{ command: 'x', args: 'a b' },
			{ command: 'x', args: [1] },
			{ command: 'x', env: { A: 1 } },
			{ command: 'x', env: { 'A=B': 'c' } },
			{ command: 'x\0y' },
			{ command: 'x', cwd: 3 }
		];
		for (const body of bad)
			expect(() => parseSpawnRequest(body), JSON.stringify(body)).toThrow(SpawnRequestError);
		expect(parseSpawnRequest({ command: 'node', args: ['$(x)', '; rm -rf /'] })).toEqual({
			command: 'node',
			args: ['$(x)', '; rm -rf /'],
			env: {}
		});
	});
	it('builds a minimal environment with PYTHONUNBUFFERED unless overridden', () => {
		const env = minimalEnvironment(
			{
				PATH: '/bin',
				HOME: '/h',
				AWS_SECRET_ACCESS_KEY: 's',
				PLAYGROUND_TOKEN: 't',
				SHELL: '() { :;}; x'
			},
			{}
		);
		expect(env).toEqual({ PATH: '/bin', HOME: '/h', PYTHONUNBUFFERED: '1' });
		expect(minimalEnvironment({}, { PYTHONUNBUFFERED: '0', X: 'y' })).toEqual({
			PYTHONUNBUFFERED: '0',
			X: 'y'
		});
	});
	it('names the command and the PATH searched when a command is missing', () => {
		const attempt = () => resolveCommand('no-such-mcp-server', '/', { PATH: '/usr/bin:/bin' });
		expect(attempt).toThrow(
			/"no-such-mcp-server" was not found on PATH \(searched: \/usr\/bin:\/bin\)/
		);
		try {
			attempt();
		} catch (e) {
			expect((e as SpawnRequestError).hint).toMatch(/full path/);
			expect((e as SpawnRequestError).status).toBe(400);
		}
		expect(resolveCommand('node', '/', { PATH: process.env.PATH ?? '' })).toMatch(/node$/);
		expect(() => resolveCommand('./nope', '/tmp', {})).toThrow(/\/tmp\/nope/);
	});
});

describe('mcpServers files', () => {
	it('reads stdio and remote entries in the Claude Desktop / VS Code styles', () => {
		const file = parseServersFile(
			JSON.stringify({
				mcpServers: {
					fs: { command: 'npx', args: ['-y', 'server'], env: { K: 'v' } },
					remote: {
						type: 'http',
						url: 'https://example.com/mcp',
						headers: { Authorization: 'Bearer x' }
					},
					legacy: { type: 'sse', url: 'https://example.com/sse' },
					cursor: { url: 'https://example.com/mcp' }
				},
				allowedCommands: ['npx']
			}),
			'cfg.json'
		);
		expect(file.servers).toEqual([
			{ name: 'fs', transport: 'stdio', command: 'npx', args: ['-y', 'server'], env: { K: 'v' } },
			{
				name: 'remote',
				transport: 'streamable-http',
				url: 'https://example.com/mcp',
				headers: { Authorization: 'Bearer x' }
			},
			{ name: 'legacy', transport: 'sse', url: 'https://example.com/sse', headers: {} },
			{ name: 'cursor', transport: 'streamable-http', url: 'https://example.com/mcp', headers: {} }
		]);
		expect(file.allowedCommands).toEqual(['npx']);
		expect(
			parseServersFile('{"servers":{"a":{"command":"x"}}}', 'vscode.json').servers[0]?.name
		).toBe('a');
	});
	it('says which entry is wrong', () => {
		expect(() => parseServersFile('{', 'c.json')).toThrow(/c.json is not valid JSON/);
		expect(() => parseServersFile('{"mcpServers":{"a":{"args":[]}}}', 'c.json')).toThrow(
			/mcpServers.a needs a "command"/
		);
		expect(() => parseServersFile('{"mcpServers":{"a":{"url":"javascript:x"}}}', 'c.json')).toThrow(
			/http\(s\)/
		);
	});
});
