/**
 * Auto-detection is remembered across page loads: the first auto connection to a legacy server
 * probes with the modern `server/discover` and falls back to `initialize`; after a reload, the
 * same auto connection goes straight to `initialize` (one round trip and preflight fewer).
 */
import { expect, test } from '@playwright/test';
import { startEverything } from '../servers/everything.js';
import { openConnected, wireCount } from './fixtures/playground';

let server: Awaited<ReturnType<typeof startEverything>>;
test.beforeAll(async () => {
	server = await startEverything('streamableHttp');
});
test.afterAll(async () => server?.close());

test('an auto connection skips the modern probe once the era is known for the origin', async ({
	page
}) => {
	await openConnected(page, server.url);
	expect(await wireCount(page, 'request server/discover')).toBe(1);
	expect(await wireCount(page, 'request initialize')).toBe(1);
	await page.reload();
	await openConnected(page, server.url);
	expect(await wireCount(page, 'request server/discover')).toBe(0);
	expect(await wireCount(page, 'request initialize')).toBe(1);
	await expect(page.getByText(/legacy era, protocol 2025-/).first()).toBeVisible();
});
