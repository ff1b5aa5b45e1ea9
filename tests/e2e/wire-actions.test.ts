/**
 * The wire view's two ways out of the browser, against server-everything over Streamable HTTP:
 * "Copy as curl" puts a command on the clipboard that a shell can run to repeat the request
 * (we run it, with the real curl, and the server answers), and "Export JSON" downloads the whole
 * log as JSON whose entries are the ones on screen, requests correlated with their responses.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { startEverything } from '../servers/everything.js';
import { openConnected } from './fixtures/playground';

const run = promisify(execFile);

let server: Awaited<ReturnType<typeof startEverything>>;
test.beforeAll(async () => {
	server = await startEverything('streamableHttp');
});
test.afterAll(async () => server?.close());

test('Copy as curl copies a command that repeats the request from a shell', async ({
	page,
	context
}) => {
	await context.grantPermissions(['clipboard-read', 'clipboard-write']);
	await openConnected(page, server.url, 'streamable-http');
	const wire = page.getByRole('region', { name: 'Wire view' });
	await wire.getByRole('searchbox', { name: 'Search the wire log' }).fill('request tools/list');
	await wire.getByRole('option').first().click();
	await wire.getByRole('button', { name: 'Copy as curl' }).click();
	await expect(wire.getByRole('status').filter({ hasText: 'curl command copied.' })).toBeVisible();
	const command = await page.evaluate(() => navigator.clipboard.readText());
	expect(command).toMatch(/^curl -X POST '/);
	expect(command).toContain(`'${server.url}'`);
	expect(command).toMatch(/-H 'mcp-session-id: [^']+'/i);
	expect(command).toContain('"method":"tools/list"');
	// The shell parses it back into the same request, and the server answers it in the same session.
	const { stdout } = await run('sh', ['-c', `${command} --silent --show-error --max-time 10`]);
	expect(stdout).toContain('"tools"');
	expect(stdout).toMatch(/"name":\s*"echo"/);
});

test('Export JSON downloads every held entry, with request/response correlation', async ({
	page
}) => {
	await openConnected(page, server.url, 'streamable-http');
	const wire = page.getByRole('region', { name: 'Wire view' });
	const held = Number(
		(await wire.locator('.count').innerText()).match(/([\d,]+) held/)?.[1]?.replace(/,/g, '')
	);
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		wire.getByRole('button', { name: 'Export JSON' }).click()
	]);
	expect(download.suggestedFilename()).toMatch(/^mcp-wire-.*\.json$/);
	const exported = JSON.parse(await readFile((await download.path())!, 'utf8')) as {
		exportedAt: string;
		entries: {
			seq: number;
			partner?: number;
			type: string;
			direction?: string;
			message?: { id?: unknown; method?: string; result?: { tools?: unknown } };
		}[];
	};
	expect(Date.parse(exported.exportedAt)).not.toBeNaN();
	expect(exported.entries.length).toBeGreaterThanOrEqual(held);
	const bySeq = new Map(exported.entries.map((e) => [e.seq, e]));
	const list = exported.entries.find(
		(e) => e.type === 'message' && e.direction === 'outgoing' && e.message?.method === 'tools/list'
	);
	expect(list?.partner).toBeDefined();
	const answer = bySeq.get(list!.partner!);
	expect(answer).toMatchObject({ type: 'message', direction: 'incoming', partner: list!.seq });
	expect(answer?.message?.id).toBe(list!.message?.id);
	expect(Array.isArray(answer?.message?.result?.tools)).toBe(true);
	expect(exported.entries.some((e) => e.type === 'http-request')).toBe(true);
	expect(exported.entries.some((e) => e.type === 'http-response')).toBe(true);
});
