import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { startAuthStack, TEST_USER, type AuthStack } from '../servers/auth/index.js';

/** Connect; in the popup, sign in and press Allow; wait until connected. */
async function connectWithConsent(page: Page): Promise<void> {
	const popupPromise = page.waitForEvent('popup');
	await page.getByRole('button', { name: 'Connect', exact: true }).click();
	const popup = await popupPromise;
	await popup.getByLabel('Username').fill(TEST_USER.username);
	await popup.getByLabel('Password').fill(TEST_USER.password);
	await popup.getByRole('button', { name: 'Sign in' }).click();
	await popup.getByRole('button', { name: 'Allow' }).click();
	await popup.waitForEvent('close');
	await expect(page.locator('p.status[data-status="connected"]')).toBeVisible();
}

/**
 * OAuth from the playground's own connect panel: choose "OAuth", connect, consent in the popup,
 * connected — and the Auth debugger beside the form shows each step.
 */
test.describe('playground connect panel with OAuth', () => {
	let stack: AuthStack;
	test.beforeAll(async () => {
		stack = await startAuthStack();
	});
	test.afterAll(() => stack.close());

	test('connects to a protected server after login and consent in the popup', async ({ page }) => {
		const token = readFileSync('test-results/.token', 'utf8').trim();
		await page.goto(`/#token=${token}`);
		await page.getByLabel('Server URL').fill(stack.mcpUrl);
		await page.getByText('Headers and authorization').click();
		await page.getByTestId('auth-mode').selectOption('oauth');
		await expect(page.getByTestId('auth-panel')).toBeVisible();
		await connectWithConsent(page);
		const token_ = page.locator(
			'[data-testid="auth-row"][data-step="token"][data-outcome="success"]'
		);
		await expect(token_).toHaveCount(1);
		expect(stack.mcpStats.authorized).toBeGreaterThan(0);
	});
});

/**
 * An authorization server with neither Dynamic Client Registration nor Client ID Metadata
 * Documents: the playground says it cannot register and what to do; the user registered a public
 * client by hand, enters its client ID in the Auth panel, consents, and calls a tool.
 */
test.describe('playground connect panel with a client registered by hand', () => {
	const APP = `http://127.0.0.1:${process.env.E2E_PORT ?? 4319}`;
	const CLIENT_ID = 'playground-registered-by-hand';
	let stack: AuthStack;
	test.beforeAll(async () => {
		stack = await startAuthStack({
			registration: false,
			publicClient: { clientId: CLIENT_ID, redirectUris: [`${APP}/oauth/callback`] }
		});
	});
	test.afterAll(() => stack.close());

	test('no way to register is explained; the entered client ID signs in and a tool runs', async ({
		page
	}) => {
		const token = readFileSync('test-results/.token', 'utf8').trim();
		await page.goto(`/#token=${token}`);
		await page.getByLabel('Server URL').fill(stack.mcpUrl);
		await page.getByText('Headers and authorization').click();
		await page.getByTestId('auth-mode').selectOption('oauth');
		const panel = page.getByTestId('auth-panel');
		await expect(panel.getByTestId('auth-redirect-uri')).toHaveText(`${APP}/oauth/callback`);

		await page.getByRole('button', { name: 'Connect', exact: true }).click();
		await expect(
			page.locator('[data-testid="auth-row"][data-step="registration"][data-outcome="failure"]')
		).toContainText('No way to register');
		await expect(page.getByRole('status').filter({ hasText: /^Could not connect/ })).toBeVisible();
		expect(stack.asStats.registrations).toBe(0);

		await panel.getByText('Client registered by hand').click();
		await panel.getByLabel('Client ID').fill(CLIENT_ID);
		await panel.getByLabel('Client ID').press('Tab');
		await connectWithConsent(page);
		await expect(
			page.locator('[data-testid="auth-row"][data-step="registration"][data-outcome="success"]')
		).toContainText('pre-registered');
		expect(stack.asStats.registrations).toBe(0);

		await page.getByRole('tab', { name: /^Tools/ }).click();
		await page
			.getByRole('list', { name: 'Tools' })
			.getByRole('button', { name: /whoami/ })
			.click();
		await page.getByRole('button', { name: 'Run tool' }).click();
		await expect(page.getByRole('region', { name: 'Tool result' })).toContainText(
			`Signed in as alice (client ${CLIENT_ID}`
		);
	});
});

test("the Client ID Metadata Document names itself as client_id and the playground's callback", async ({
	request,
	baseURL
}) => {
	const response = await request.get('/oauth/client-metadata.json');
	expect(response.status()).toBe(200);
	expect(response.headers()['content-type']).toMatch(/^application\/json/);
	const document = await response.json();
	expect(document).toMatchObject({
		client_id: `${baseURL}/oauth/client-metadata.json`,
		redirect_uris: [`${baseURL}/oauth/callback`],
		token_endpoint_auth_method: 'none',
		grant_types: expect.arrayContaining(['authorization_code', 'refresh_token']),
		response_types: ['code']
	});
	expect(typeof document.client_name).toBe('string');
});
