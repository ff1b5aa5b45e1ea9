/** The README screenshot: the playground connected to server-everything, a tool result shown. */
import { expect, test } from '@playwright/test';
import { startEverything } from '../servers/everything.js';
import { chooseTool, openConnected } from './fixtures/playground';

let server: Awaited<ReturnType<typeof startEverything>>;
test.beforeAll(async () => {
	server = await startEverything('streamableHttp');
});
test.afterAll(async () => server?.close());

test('screenshot of a connected playground', async ({ page }) => {
	await page.setViewportSize({ width: 1366, height: 860 });
	await openConnected(page, server.url, 'streamable-http');
	await chooseTool(page, /Get Structured Content/);
	await page.getByLabel(/^location/).selectOption({ index: 1 });
	await page.getByRole('button', { name: 'Run tool' }).click();
	await expect(page.getByText('matches outputSchema')).toBeVisible();
	await page.getByRole('searchbox', { name: 'Search the wire log' }).fill('tools/');
	await page.screenshot({ path: 'tests/e2e/screenshots/playground.png' });
});
