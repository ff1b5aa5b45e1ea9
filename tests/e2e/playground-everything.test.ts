/**
 * The playground against the reference server (server-everything, legacy era) over Streamable
 * HTTP: every feature driven through the UI, each checked in the result and on the wire.
 */
import { expect, test, type Page } from '@playwright/test';
import { startEverything } from '../servers/everything.js';
import { chooseTool, openConnected, openTab, wireCount } from './fixtures/playground';

let server: Awaited<ReturnType<typeof startEverything>>;
test.beforeAll(async () => {
	server = await startEverything('streamableHttp');
});
test.afterAll(async () => server?.close());

const result = (page: Page) => page.getByRole('region', { name: 'Tool result' });

test('connects, calls a tool through the generated form and shows it on the wire', async ({
	page
}) => {
	await openConnected(page, server.url, 'streamable-http');
	await expect(page.getByText(/legacy era, protocol 2025-/).first()).toBeVisible();
	await chooseTool(page, /Echo Tool/);
	await page.getByLabel(/^message/).fill('hello from the form\nsecond line');
	await page.getByRole('button', { name: 'Run tool' }).click();
	await expect(result(page)).toContainText('Echo: hello from the form');
	expect(await wireCount(page, 'request tools/call')).toBeGreaterThanOrEqual(1);
	// The history can replay it.
	await openTab(page, 'History');
	await page
		.getByRole('button', { name: /^Replay tools\/call/ })
		.first()
		.click();
	await expect(
		page.getByRole('main').locator('pre', { hasText: 'Echo: hello from the form' }).first()
	).toBeVisible();
});

test('shows progress for a long-running tool and cancels it', async ({ page }) => {
	await openConnected(page, server.url, 'streamable-http');
	await chooseTool(page, /Long Running Operation/);
	await page.getByLabel(/^duration/).fill('20');
	await page.getByLabel(/^steps/).fill('20');
	await page.getByRole('button', { name: 'Run tool' }).click();
	await expect(page.getByRole('progressbar', { name: 'Progress' })).toBeVisible({
		timeout: 10_000
	});
	await page.getByRole('button', { name: 'Cancel' }).click();
	await expect(page.getByText(/^Cancelled after/)).toBeVisible();
	expect(await wireCount(page, 'notifications/cancelled')).toBeGreaterThanOrEqual(1);
	expect(await wireCount(page, 'notifications/progress')).toBeGreaterThanOrEqual(1);
});

test('reads a resource and a template, subscribes and sees an update', async ({ page }) => {
	await openConnected(page, server.url, 'streamable-http');
	await openTab(page, 'Resources');
	await page.getByRole('list', { name: 'Resources' }).getByRole('button').first().click();
	await expect(page.getByText(/^Done in/)).toBeVisible();
	const subscribe = page.getByRole('button', { name: 'Subscribe' });
	await subscribe.click();
	await expect(page.getByRole('button', { name: 'Unsubscribe' })).toBeVisible();
	// The template: fill the variable, read the expanded URI.
	await page
		.getByRole('list', { name: 'Templates' })
		.getByRole('button', { name: /Dynamic Text/ })
		.click();
	await page.getByLabel('resourceId').fill('7');
	await expect(page.getByText('demo://resource/dynamic/text/7').first()).toBeVisible();
	await page.getByRole('button', { name: 'Read resource' }).click();
	await expect(page.getByText(/Resource 7/).first()).toBeVisible();
	expect(await wireCount(page, 'request resources/read')).toBeGreaterThanOrEqual(2);
	expect(await wireCount(page, 'request resources/subscribe')).toBeGreaterThanOrEqual(1);
	// Ask the server to send updates for subscribed resources.
	await chooseTool(page, /Subscriber Updates/);
	await page.getByRole('button', { name: 'Run tool' }).click();
	await expect(result(page)).toBeVisible();
	await expect
		.poll(() => wireCount(page, 'notifications/resources/updated'), { timeout: 20_000 })
		.toBeGreaterThan(0);
	await openTab(page, 'Resources');
	await page.getByRole('list', { name: 'Resources' }).getByRole('button').first().click();
	await expect(page.getByText(/^Updated \d+ time/)).toBeVisible({ timeout: 20_000 });
});

test('gets a prompt with a completed argument', async ({ page }) => {
	await openConnected(page, server.url, 'streamable-http');
	await openTab(page, 'Prompts');
	await page
		.getByRole('list', { name: 'Prompts' })
		.getByRole('button', { name: /Team Management/ })
		.click();
	await page.getByLabel(/^department/).fill('En');
	await page.getByRole('button', { name: 'Engineering' }).click();
	await expect(page.getByLabel(/^department/)).toHaveValue('Engineering');
	await page.getByLabel(/^name/).fill('A');
	await page.getByRole('button', { name: 'Alice' }).click();
	await page.getByRole('button', { name: 'Get prompt' }).click();
	await expect(page.getByRole('list', { name: 'Prompt messages' })).toContainText(
		'Please promote Alice to the head of the Engineering team.'
	);
	expect(await wireCount(page, 'completion/complete')).toBeGreaterThanOrEqual(2);
});

test('answers an elicitation and a sampling request, and changes roots', async ({ page }) => {
	await openConnected(page, server.url, 'streamable-http');
	await chooseTool(page, /Elicitation Request Tool/);
	await page.getByRole('button', { name: 'Run tool' }).click();
	const dialog = page.getByRole('dialog');
	await expect(dialog).toContainText('asks for input');
	// Defaults are pre-filled from the schema.
	await expect(dialog.getByLabel(/^String with default/)).toHaveValue(
		'It was a dark and stormy night.'
	);
	await dialog.getByLabel(/^String\s*\*?\s*string$/).fill('typed in the dialog');
	await dialog.getByRole('button', { name: 'Accept' }).click();
	await expect(result(page)).toContainText('typed in the dialog');
	expect(await wireCount(page, 'elicitation/create')).toBeGreaterThanOrEqual(1);

	await chooseTool(page, /Sampling Request Tool/);
	await page.getByLabel(/^prompt/).fill('Say hi');
	await page.getByRole('button', { name: 'Run tool' }).click();
	await expect(dialog).toContainText('Say hi');
	await dialog.getByLabel(/^Reply/).fill('Hi from a human');
	await dialog.getByRole('button', { name: 'Send reply' }).click();
	await expect(result(page)).toContainText('Hi from a human');
	expect(await wireCount(page, 'sampling/createMessage')).toBeGreaterThanOrEqual(1);

	await openTab(page, 'Client');
	await page.getByRole('button', { name: 'Add root' }).click();
	await page.getByLabel('Root 1 URI').fill('file:///tmp/playground-root');
	await page.getByRole('button', { name: 'Apply roots' }).click();
	await expect(page.getByText(/Roots updated \(1\)/)).toBeVisible();
	expect(await wireCount(page, 'roots/list_changed')).toBeGreaterThanOrEqual(1);
	await chooseTool(page, /Roots List/);
	await page.getByRole('button', { name: 'Run tool' }).click();
	await expect(result(page)).toContainText('file:///tmp/playground-root');
});
