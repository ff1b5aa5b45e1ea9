import { expect, test, type Page } from '@playwright/test';
import { startLab, type RunningLab } from '../../src/lib/server/lab/index';
import { freePort } from '../servers/free-port.js';

/**
 * In a real browser, a server that is down and a server whose CORS headers refuse the page both
 * make fetch reject with the same bare TypeError. The core tells them apart (a no-cors GET gets an
 * opaque answer only from a server that is up) and says which one it was.
 */
const APP = `http://127.0.0.1:${process.env.E2E_PORT ?? 4319}`;
let lab: RunningLab;

test.beforeAll(async () => {
	lab = await startLab([APP]);
});
test.afterAll(async () => lab?.close());

function labUrl(id: string): string {
	const server = lab.servers.find((s) => s.id === id);
	if (!server) throw new Error(`no lab server ${id}`);
	return server.url;
}

async function connectionFailure(page: Page, url: string): Promise<string> {
	await page.goto(`/?${new URLSearchParams({ url, transport: 'http', autoconnect: '1' })}`);
	const status = page.getByRole('status').filter({ hasText: /^Could not connect/ });
	await expect(status).toBeVisible({ timeout: 20_000 });
	return (await status.textContent()) ?? '';
}

test('a server without Access-Control-Allow-Origin is reported as CORS-blocked', async ({
	page
}) => {
	const text = await connectionFailure(page, labUrl('no-allow-origin'));
	expect(text).toMatch(/blocked POST .* \(CORS\): the server is up/);
	expect(text).not.toMatch(/Could not reach/);
});

test('a preflight refused with 401 is reported as CORS-blocked too', async ({ page }) => {
	expect(await connectionFailure(page, labUrl('options-401'))).toMatch(/\(CORS\)/);
});

test('a closed port is reported as unreachable, not as CORS', async ({ page }) => {
	const url = `http://127.0.0.1:${await freePort()}/mcp`;
	const text = await connectionFailure(page, url);
	expect(text).toContain(`Could not reach ${url}`);
	expect(text).not.toMatch(/\(CORS\)/);
});
