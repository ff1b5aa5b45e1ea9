/**
 * `npx mcp-playground <command>` from a packed tarball (issue 4): the package's `files` and `bin`
 * must carry everything the launcher needs. `npm pack` takes the build Playwright's web server
 * just made (`--ignore-scripts`: no second build), the tarball is installed into an empty folder
 * from the npm cache `npm ci` filled, and its `mcp-playground` binary must serve the playground,
 * the embed's own bundle and the token-guarded API with the stdio server it was given.
 */
import { expect, test } from '@playwright/test';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

const root = path.resolve(import.meta.dirname, '..', '..');
let work: string;
let launcher: ChildProcess | undefined;

test.beforeAll(() => {
	work = mkdtempSync(path.join(tmpdir(), 'packed-'));
});

test.afterAll(async () => {
	if (launcher && launcher.exitCode === null && launcher.signalCode === null) {
		const exited = new Promise((resolve) => launcher!.once('exit', resolve));
		launcher.kill('SIGTERM');
		await exited;
	}
	rmSync(work, { recursive: true, force: true });
});

/** Runs npm quietly; its output is shown only when it fails. */
function npm(args: string[], cwd: string): string {
	return execFileSync('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
		cwd,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'pipe']
	});
}

/** Starts the installed binary; resolves with the URL it printed (port and token). */
async function startInstalled(app: string): Promise<URL> {
	const bin = path.join(app, 'node_modules', '.bin', 'mcp-playground');
	const child = spawn(bin, ['--no-open', '--port', '0', '--', 'node', '-e', '1'], {
		cwd: app,
		stdio: ['ignore', 'pipe', 'inherit']
	});
	launcher = child;
	const lines = createInterface({ input: child.stdout! });
	for await (const line of lines) {
		const match = /(http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(line);
		if (match) {
			lines.on('line', () => {}); // keep draining stdout
			return new URL(match[1]!);
		}
	}
	throw new Error(`the installed launcher exited (${child.exitCode ?? child.signalCode})`);
}

test('npx mcp-playground runs from a packed tarball', async () => {
	test.setTimeout(180_000);
	npm(['pack', '--ignore-scripts', '--pack-destination', work], root);
	const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
	expect(tarball, 'npm pack wrote a tarball').toBeDefined();

	const app = path.join(work, 'app');
	mkdirSync(app);
	writeFileSync(path.join(app, 'package.json'), '{ "name": "packed-check", "private": true }');
	npm(['install', '--prefer-offline', path.join(work, tarball!)], app);

	const url = await startInstalled(app);
	const base = url.origin;
	const token = new URLSearchParams(url.hash.slice(1)).get('token')!;

	const page = await fetch(`${base}/`);
	expect(page.status).toBe(200);
	expect(await page.text()).toContain('MCP Playground');
	expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");

	const embed = await fetch(`${base}/_app/embed.js`);
	expect(embed.status, "the embed's own bundle is in the package").toBe(200);

	const refused = await fetch(`${base}/api/config`);
	expect(refused.status, 'the API still wants the token').toBe(401);
	const config = await fetch(`${base}/api/config`, { headers: { 'x-playground-token': token } });
	expect(config.status).toBe(200);
	const launch = (await config.json()) as {
		mode: string;
		servers: { command?: string; args?: string[] }[];
	};
	expect(launch.mode).toBe('local');
	expect(launch.servers[0]).toMatchObject({ command: 'node', args: ['-e', '1'] });
});
