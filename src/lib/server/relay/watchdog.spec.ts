/**
 * The watchdog process exactly as the server runs it (`node -e <watchdog-process.js>`), fed by
 * hand: here the test plays the server, and closing the pipe plays the server's death.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import source from './watchdog-process.js?raw';

const GRACE_MS = 400;
const started: ChildProcess[] = [];

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

async function waitUntil(check: () => boolean, timeoutMs: number): Promise<boolean> {
	const end = Date.now() + timeoutMs;
	while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
	return check();
}

function startWatchdog(): ChildProcess {
	const watchdog = spawn(process.execPath, ['-e', source], {
		stdio: ['pipe', 'ignore', 'inherit'],
		env: { PLAYGROUND_WATCHDOG_GRACE_MS: String(GRACE_MS) }
	});
	started.push(watchdog);
	return watchdog;
}

/**
 * A process group like a relay child's: a leader and a grandchild. `stubborn`: both ignore
 * SIGTERM (and stdin EOF — there is none). Resolves with both pids once the grandchild runs.
 */
async function startGroup(stubborn: boolean): Promise<{ leader: number; grandchild: number }> {
	const ignore = stubborn ? "process.on('SIGTERM', () => {});" : '';
	const keep = `${ignore} setInterval(() => {}, 1000);`;
	const script = `${ignore}
		const c = require('child_process').spawn(process.execPath, ['-e', ${JSON.stringify(keep)}], { stdio: 'ignore' });
		console.log(c.pid); setInterval(() => {}, 1000);`;
	const leader = spawn(process.execPath, ['-e', script], {
		stdio: ['ignore', 'pipe', 'inherit'],
		detached: true
	});
	started.push(leader);
	const [chunk] = (await once(leader.stdout!, 'data')) as [Buffer];
	// Give the grandchild time to install its SIGTERM handler.
	await new Promise((r) => setTimeout(r, 200));
	return { leader: leader.pid!, grandchild: Number(chunk.toString().trim()) };
}

afterEach(() => {
	for (const child of started.splice(0)) {
		try {
			if (child.pid) process.kill(-child.pid, 'SIGKILL');
		} catch {
			child.kill('SIGKILL');
		}
	}
});

describe('relay watchdog process', () => {
	it('waits while the server lives, then SIGTERMs, SIGKILLs after the grace period, and exits', async () => {
		const watchdog = startWatchdog();
		const group = await startGroup(true);
		watchdog.stdin!.write(`+${group.leader}\n`);
		await new Promise((r) => setTimeout(r, 300));
		expect(watchdog.exitCode).toBeNull();
		expect(isAlive(group.leader) && isAlive(group.grandchild)).toBe(true);

		const died = Date.now();
		const exited = once(watchdog, 'exit');
		watchdog.stdin!.end(); // the server is gone
		await waitUntil(() => !isAlive(group.leader) && !isAlive(group.grandchild), 5_000);
		expect([isAlive(group.leader), isAlive(group.grandchild)]).toEqual([false, false]);
		expect(Date.now() - died).toBeGreaterThanOrEqual(GRACE_MS - 50); // SIGTERM was ignored
		expect(await exited).toEqual([0, null]);
	});

	it('sends SIGTERM first: a group that honours it is gone before the grace period ends', async () => {
		const watchdog = startWatchdog();
		const group = await startGroup(false);
		watchdog.stdin!.write(`+${group.leader}\n`);
		const leaderExit = once(started.at(-1)!, 'exit');
		const died = Date.now();
		watchdog.stdin!.end();
		expect(await leaderExit).toEqual([null, 'SIGTERM']);
		expect(Date.now() - died).toBeLessThan(GRACE_MS);
	});

	it('exits at once when every group it was told about has already ended', async () => {
		const watchdog = startWatchdog();
		const done = spawn(process.execPath, ['-e', ''], { detached: true });
		await once(done, 'exit');
		watchdog.stdin!.write(`+${done.pid}\n`);
		const exited = once(watchdog, 'exit');
		const died = Date.now();
		watchdog.stdin!.end();
		expect(await exited).toEqual([0, null]);
		expect(Date.now() - died).toBeLessThan(GRACE_MS);
	});

	it('leaves a group alone once told it is gone, and ignores lines that name no group', async () => {
		const watchdog = startWatchdog();
		const kept = await startGroup(false);
		const killed = await startGroup(false);
		// Split mid-line, as a pipe may deliver it; "+0" would mean our own group.
		const lines = `+${kept.leader}\n+${killed.leader}\n-${kept.leader}\n+0\nnoise\n+-5\n`;
		const cut = lines.indexOf('\n') + 3;
		watchdog.stdin!.write(lines.slice(0, cut));
		await new Promise((r) => setTimeout(r, 50));
		watchdog.stdin!.write(lines.slice(cut));
		const exited = once(watchdog, 'exit');
		watchdog.stdin!.end();
		await exited;
		expect(await waitUntil(() => !isAlive(killed.leader), 2_000)).toBe(true);
		expect([isAlive(kept.leader), isAlive(kept.grandchild)]).toEqual([true, true]);
	});
});
