import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { judge } from './judge.js';

const dirs: string[] = [];
async function resultsWith(...checkFiles: unknown[][]): Promise<string> {
	const dir = await mkdtemp(join(tmpdir(), 'judge-'));
	dirs.push(dir);
	for (const [i, checks] of checkFiles.entries()) {
		await mkdir(join(dir, `run-${i}`), { recursive: true });
		await writeFile(join(dir, `run-${i}`, 'checks.json'), JSON.stringify(checks));
	}
	return dir;
}
const check = (status: string) => ({ id: `c-${status}`, status, description: status });

afterEach(async () => {
	for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('judge', () => {
	it('passes only with checks and no FAILURE or WARNING', async () => {
		const verdict = await judge(
			await resultsWith([check('SUCCESS'), check('INFO'), check('SKIPPED')])
		);
		expect(verdict).toMatchObject({ passed: true, total: 3, success: 1 });
	});

	it('fails when no checks were recorded (a client that crashed early)', async () => {
		expect(await judge(await resultsWith())).toMatchObject({ passed: false, total: 0 });
		expect(await judge(await resultsWith([]))).toMatchObject({ passed: false, total: 0 });
	});

	it.each(['FAILURE', 'WARNING'])('fails on a single %s', async (status) => {
		const verdict = await judge(await resultsWith([check('SUCCESS')], [check(status)]));
		expect(verdict.passed).toBe(false);
		expect(verdict.bad.map((c: { status: string }) => c.status)).toEqual([status]);
	});
});
