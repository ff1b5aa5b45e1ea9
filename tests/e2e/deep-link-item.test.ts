/**
 * Deep links that name an item (`tool` / `prompt` / `resource` + `args`) against server-everything
 * over Streamable HTTP: the playground connects (listing only), opens the item's tab, selects it
 * and pre-fills its form — and never runs it (no tools/call, prompts/get or resources/read on the
 * wire until the user clicks). The embed's "Open in the full playground" lands on the same item.
 */
import { expect, test, type Page } from '@playwright/test';
import { startEverything } from '../servers/everything.js';
import { startHost, type HostServer } from './embed-helpers';
import { openTab, wireCount } from './fixtures/playground';

const PLAYGROUND = `http://127.0.0.1:${process.env.E2E_PORT ?? 4319}`;
let everything: Awaited<ReturnType<typeof startEverything>>;
let host: HostServer;

test.beforeAll(async () => {
	everything = await startEverything('streamableHttp');
	host = await startHost();
});
test.afterAll(async () => {
	await everything?.close();
	await host?.close();
});

function deepLink(query: Record<string, string>): string {
	const search = new URLSearchParams({
		url: everything.url,
		transport: 'streamable-http',
		autoconnect: '1',
		...query
	});
	return `/?${search}`;
}

async function waitConnected(page: Page) {
	await expect(page.getByRole('status').filter({ hasText: /^Connected to/ })).toBeVisible({
		timeout: 30_000
	});
}

/** The echo tool is open on the Tools tab with `message` pre-filled, and nothing was called. */
async function expectEchoPrefilled(page: Page, message: string) {
	await expect(page.getByRole('tab', { name: /^Tools/ })).toHaveAttribute('aria-selected', 'true');
	await expect(page.locator('#tool-title')).toHaveText(/Echo/);
	await expect(page.getByLabel(/^message/)).toHaveValue(message);
	await expect(page.getByRole('region', { name: 'Tool result' })).toHaveCount(0);
	// Give a wrongly automatic run time to show up before counting.
	await page.waitForTimeout(750);
	expect(await wireCount(page, 'tools/call')).toBe(0);
}

test('a tool link selects the tool and pre-fills its form without running it', async ({
	page,
	context
}) => {
	await context.grantPermissions(['clipboard-read', 'clipboard-write']);
	await page.goto(deepLink({ tool: 'echo', args: JSON.stringify({ message: 'from the link' }) }));
	await waitConnected(page);
	await expectEchoPrefilled(page, 'from the link');
	await openTab(page, 'History');
	await expect(page.getByRole('heading', { name: 'History (0)' })).toBeVisible();
	await openTab(page, 'Tools');

	// The user's click runs it: the same wire query now finds the call (the check above can fail).
	await page.getByRole('list', { name: 'Tools' }).getByRole('button', { name: /Echo/ }).click();
	await page.getByLabel(/^message/).fill('edited');
	await page.getByRole('button', { name: 'Run tool' }).click();
	await expect(page.getByRole('region', { name: 'Tool result' })).toContainText('Echo: edited');
	expect(await wireCount(page, 'tools/call')).toBeGreaterThanOrEqual(1);

	// "Copy link" shares the open tool with the arguments it last ran with.
	await page.getByRole('button', { name: 'Copy link' }).click();
	await expect(page.getByText('Link copied (without secrets).')).toBeVisible();
	const copied = new URL(await page.evaluate(() => navigator.clipboard.readText()));
	expect(copied.searchParams.get('tool')).toBe('echo');
	expect(JSON.parse(copied.searchParams.get('args') ?? '{}')).toEqual({ message: 'edited' });
	expect(copied.searchParams.get('autoconnect')).toBe('1');
});

test('a link never carries secrets in: token parameters and credential arguments are ignored', async ({
	page
}) => {
	await page.goto(
		deepLink({
			token: 'sekrit-1',
			tool: 'echo',
			args: JSON.stringify({ message: 'kept', apiKey: 'sekrit-2' })
		})
	);
	await waitConnected(page);
	await expect(page.getByRole('alert').filter({ hasText: 'args.apiKey' })).toContainText('token');
	await expectEchoPrefilled(page, 'kept');
	await page.getByRole('button', { name: 'Edit as JSON' }).click();
	await expect(page.getByLabel('Arguments (JSON)')).not.toHaveValue(/sekrit/);
	expect(await wireCount(page, 'sekrit')).toBe(0);
});

test('prompt and resource links open the item without getting or reading it', async ({ page }) => {
	await page.goto(deepLink({ prompt: 'args-prompt', args: JSON.stringify({ city: 'Paris' }) }));
	await waitConnected(page);
	await expect(page.getByRole('tab', { name: /^Prompts/ })).toHaveAttribute(
		'aria-selected',
		'true'
	);
	await expect(page.getByRole('form', { name: 'Prompt args-prompt' })).toBeVisible();
	await expect(page.getByLabel(/^city/i)).toHaveValue('Paris');
	await page.waitForTimeout(750);
	expect(await wireCount(page, 'prompts/get')).toBe(0);

	// A URI from a template, not in the resource list: shown, read only on click.
	const uri = 'demo://resource/dynamic/text/7';
	await page.goto(deepLink({ resource: uri }));
	await waitConnected(page);
	await expect(page.getByRole('tab', { name: /^Resources/ })).toHaveAttribute(
		'aria-selected',
		'true'
	);
	const viewer = page.getByRole('region', { name: `Resource ${uri}` });
	await expect(viewer).toBeVisible();
	await page.waitForTimeout(750);
	expect(await wireCount(page, 'resources/read')).toBe(0);
	await viewer.getByRole('button', { name: 'Read' }).click();
	await expect(viewer.getByText(/Resource 7/).first()).toBeVisible();
	expect(await wireCount(page, 'resources/read')).toBeGreaterThanOrEqual(1);
});

test('a link to an item the server does not list says so', async ({ page }) => {
	await page.goto(deepLink({ tool: 'no-such-tool' }));
	await waitConnected(page);
	await expect(page.getByRole('alert').filter({ hasText: 'no-such-tool' })).toContainText(
		'does not list'
	);
});

test('the embed\'s "Open in the full playground" lands on the same tool, pre-filled', async ({
	page,
	context
}) => {
	const embed = new URL('/embed', PLAYGROUND);
	embed.searchParams.set('url', everything.url);
	embed.searchParams.set('transport', 'streamable-http');
	embed.searchParams.set('tool', 'echo');
	embed.searchParams.set('args', JSON.stringify({ message: 'from the docs' }));
	embed.searchParams.set('parentOrigin', host.origin);
	const docs = new URL(host.origin);
	docs.searchParams.set('embed', embed.toString());
	await page.goto(docs.toString());
	const widget = page.frameLocator('#widget');
	await expect(widget.getByTestId('embed-status')).toContainText('Connected to', {
		timeout: 30_000
	});
	const [full] = await Promise.all([
		context.waitForEvent('page'),
		widget.getByRole('link', { name: 'Open in the full playground' }).click()
	]);
	await waitConnected(full);
	expect(new URL(full.url()).pathname).toBe('/');
	await expectEchoPrefilled(full, 'from the docs');
});
