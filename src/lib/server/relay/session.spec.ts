/**
 * RelaySession with real child processes (node -e scripts): the exit report and, above all, which
 * process groups it signals. Once the leader is reaped its pid — the group's id — may be reused
 * by an unrelated process as soon as the group is empty, so after one last SIGKILL neither the
 * session nor the watchdog may ever signal that group again.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import type { RelayLimits } from '../config';
import { RelaySession, type RelayReader } from './session';
import { unwatchGroup, watchGroup } from './watchdog';

vi.mock('./watchdog', () => ({ watchGroup: vi.fn(), unwatchGroup: vi.fn() }));

const GRACE_MS = 300;
const limits: RelayLimits = {
	idleMs: 60_000,
	graceMs: GRACE_MS,
	maxLineBytes: 1024 * 1024,
	maxStdinBytes: 1024 * 1024,
	backlogBytes: 1024 * 1024,
	maxSessions: 8
};

const sessions: RelaySession[] = [];
const strays: number[] = [];
let kill: MockInstance<typeof process.kill>;

beforeEach(() => {
	kill = vi.spyOn(process, 'kill');
	vi.mocked(watchGroup).mockClear();
	vi.mocked(unwatchGroup).mockClear();
});

afterEach(() => {
	kill.mockRestore();
	for (const session of sessions.splice(0)) session.killNow();
	for (const pid of strays.splice(0)) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// gone already
		}
	}
});

function start(script: string): RelaySession {
	const prepared = { file: process.execPath, args: ['-e', script], env: {}, cwd: process.cwd() };
	const session = new RelaySession('test', prepared, limits, () => {});
	sessions.push(session);
	return session;
}

interface Frame {
	event: string;
	data: string;
}

/** Attaches a reader; `closed` resolves with every frame once the session closes it. */
function read(session: RelaySession) {
	const frames: Frame[] = [];
	const closed = new Promise<Frame[]>((resolve) => {
		const reader: RelayReader = {
			send(frame) {
				const text = frame.toString();
				const event = /^event: (.*)$/m.exec(text)?.[1];
				const data = /^data: (.*)$/m.exec(text)?.[1] ?? '';
				if (event) frames.push({ event, data });
			},
			close: () => resolve(frames)
		};
		session.attach(reader, 0);
	});
	return { frames, closed };
}

/** Every signal sent to the group `pid` (kill(-pid, …)). */
function groupSignals(pid: number): unknown[] {
	return kill.mock.calls.filter(([target]) => target === -pid).map(([, signal]) => signal);
}

/** Running, not merely a zombie waiting for an init that is slow to reap (as in containers). */
function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
	} catch {
		return false;
	}
	try {
		return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
	} catch {
		return process.platform !== 'linux';
	}
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A leader that starts a grandchild holding its stdout, prints the grandchild's pid and exits
 * with code 3. `leaveGroup`: the grandchild calls setsid (Node's `detached`), so killing the
 * group cannot reach it and stdout stays open — 'close' never comes.
 */
function leaderWithGrandchild(leaveGroup: boolean): string {
	const keep = 'setInterval(() => {}, 1000)';
	return `const c = require('child_process').spawn(process.execPath, ['-e', ${JSON.stringify(keep)}],
		{ stdio: ['ignore', 'inherit', 'inherit'], detached: ${leaveGroup} });
	c.unref(); console.log(JSON.stringify({ grandchild: c.pid })); process.exitCode = 3;`;
}

function grandchildPid(frames: Frame[]): number {
	const line = frames.find((f) => f.event === 'stdout')!.data;
	return (JSON.parse(line) as { grandchild: number }).grandchild;
}

/** The group got its one SIGKILL; later kills and terminations send it nothing more. */
async function expectOneKillOnly(session: RelaySession, pid: number): Promise<void> {
	expect(groupSignals(pid)).toEqual(['SIGKILL']);
	session.killNow();
	session.terminate();
	await sleep(GRACE_MS * 4);
	expect(groupSignals(pid)).toEqual(['SIGKILL']);
}

describe('RelaySession exit and process-group signalling', () => {
	it('reports a normal exit and forgets the group at once', async () => {
		const session = start('console.log("{}"); process.exitCode = 7');
		const pid = session.child.pid!;
		expect(watchGroup).toHaveBeenCalledWith(pid);
		const frames = await read(session).closed;
		expect(frames.map((f) => f.event)).toEqual(['stdout', 'exit']);
		expect(JSON.parse(frames[1]!.data)).toMatchObject({ code: 7, signal: null });
		expect(unwatchGroup).toHaveBeenCalledWith(pid);
		await expectOneKillOnly(session, pid);
	});

	it('kills a grandchild left in the group within the grace period, then never signals it again', async () => {
		const session = start(leaderWithGrandchild(false));
		const pid = session.child.pid!;
		const { frames, closed } = read(session);
		await vi.waitUntil(() => frames.length > 0, { timeout: 5_000 });
		const grandchild = grandchildPid(frames);
		strays.push(grandchild);
		const done = await closed;
		expect(JSON.parse(done.at(-1)!.data)).toMatchObject({ code: 3, signal: null });
		await vi.waitUntil(() => !isAlive(grandchild), { timeout: 2_000 });
		expect(unwatchGroup).toHaveBeenCalledWith(pid);
		await expectOneKillOnly(session, pid);
	});

	it('reports the exit and releases the group when a grandchild that left the group keeps stdout open', async () => {
		const session = start(leaderWithGrandchild(true));
		const pid = session.child.pid!;
		const { frames, closed } = read(session);
		await vi.waitUntil(() => frames.length > 0, { timeout: 5_000 });
		const grandchild = grandchildPid(frames);
		strays.push(grandchild);
		// 'close' cannot come while the grandchild lives; the exit must be reported anyway.
		const done = await Promise.race([closed, sleep(GRACE_MS * 6).then(() => null)]);
		expect(done, 'no exit event: the session waited for a close that never comes').not.toBeNull();
		expect(done!.at(-1)!.event).toBe('exit');
		expect(JSON.parse(done!.at(-1)!.data)).toMatchObject({ code: 3, signal: null });
		expect(session.exited).toBe(true);
		expect(isAlive(grandchild)).toBe(true); // it escaped the group: not ours to kill
		// One last SIGKILL after the leader was reaped, then the group (whose id may now belong to
		// an unrelated process) is left alone by the session and by the watchdog.
		expect(groupSignals(pid)).toEqual(['SIGKILL']);
		expect(unwatchGroup).toHaveBeenCalledWith(pid);
		session.killNow();
		session.terminate();
		await sleep(GRACE_MS * 4);
		expect(groupSignals(pid)).toEqual(['SIGKILL']);
		expect(session.write('{}')).toBe('exited');
	});

	it('sends no signal after the leader is reaped while close is still pending', async () => {
		const session = start(leaderWithGrandchild(true));
		const pid = session.child.pid!;
		const { frames } = read(session);
		await vi.waitUntil(() => frames.length > 0, { timeout: 5_000 });
		strays.push(grandchildPid(frames));
		await vi.waitUntil(() => session.child.exitCode !== null, { timeout: 5_000 });
		// Within the grace period a server shutdown (terminate, then killNow at process exit) must
		// not add signals of its own: the one last SIGKILL is all the group gets.
		session.terminate();
		session.killNow();
		await sleep(GRACE_MS * 4);
		expect(groupSignals(pid)).toEqual(['SIGKILL']);
		expect(unwatchGroup).toHaveBeenCalledTimes(1);
	});
});
