/**
 * The playground over the other transports and era: server-everything over HTTP+SSE
 * (2024-11-05) and the modern-era (2026-07-28) SDK v2 server.
 */
import { expect, test } from '@playwright/test';
import { startEverything } from '../servers/everything.js';
import { startModernServer } from '../servers/modern.js';
import { chooseTool, openConnected, openTab, wireCount } from './fixtures/playground';

let sse: Awaited<ReturnType<typeof startEverything>>;
let modern: Awaited<ReturnType<typeof startModernServer>>;
test.beforeAll(async () => {
	[sse, modern] = await Promise.all([startEverything('sse'), startModernServer({ cors: true })]);
});
test.afterAll(async () => Promise.all([sse?.close(), modern?.close()]));

test('server-everything over HTTP+SSE: call a tool, see SSE events on the wire', async ({
	page
}) => {
	await openConnected(page, sse.url, 'sse');
	await chooseTool(page, /Get Sum/);
	await page.getByLabel(/^a/).fill('2');
	await page.getByLabel(/^b/).fill('40');
	await page.getByRole('button', { name: 'Run tool' }).click();
	await expect(page.getByRole('region', { name: 'Tool result' })).toContainText('42');
	expect(await wireCount(page, 'endpoint')).toBeGreaterThanOrEqual(1);
});

test('modern server: era, structured output check, elicitation by MRTR, subscriptions', async ({
	page
}) => {
	await openConnected(page, modern.url);
	await expect(page.getByText(/modern era, protocol 2026-07-28/).first()).toBeVisible();
	await openTab(page, 'Overview');
	await expect(page.getByText('Modern (stateless, 2026-07-28)')).toBeVisible();

	await chooseTool(page, /Get weather/);
	await page.getByLabel(/^city/i).fill('Paris');
	await page.getByRole('button', { name: 'Run tool' }).click();
	await expect(page.getByText('matches outputSchema')).toBeVisible();
	expect(await wireCount(page, 'server/discover')).toBeGreaterThanOrEqual(1);

	await chooseTool(page, /confirm-action/);
	await page.getByLabel(/^action/).fill('deploy');
	await page.getByRole('button', { name: 'Run tool' }).click();
	const dialog = page.getByRole('dialog');
	await expect(dialog).toContainText('asks for input');
	await expect(dialog).toContainText('Really deploy?');
	await dialog.getByRole('checkbox').first().check();
	await dialog.getByRole('button', { name: 'Accept' }).click();
	await expect(page.getByRole('region', { name: 'Tool result' })).toContainText(
		'Confirmed: deploy'
	);
	expect(await wireCount(page, 'input_required')).toBeGreaterThanOrEqual(1);

	await openTab(page, 'Resources');
	await page
		.getByRole('list', { name: 'Resources' })
		.getByRole('button', { name: /counter/i })
		.click();
	await page.getByRole('button', { name: 'Subscribe' }).click();
	await expect(page.getByRole('button', { name: 'Unsubscribe' })).toBeVisible();
	await chooseTool(page, /increment-counter/);
	await page.getByRole('button', { name: 'Run tool' }).click();
	await openTab(page, 'Resources');
	await page
		.getByRole('list', { name: 'Resources' })
		.getByRole('button', { name: /counter/i })
		.click();
	await expect(page.getByText(/^Updated \d+ time/)).toBeVisible({ timeout: 15_000 });
	expect(await wireCount(page, 'subscriptions/listen')).toBeGreaterThanOrEqual(1);
});
