import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { startAuthStack, TEST_USER, type AuthStack } from '../servers/auth/index.js';

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
		const popupPromise = page.waitForEvent('popup');
		await page.getByRole('button', { name: 'Connect', exact: true }).click();
		const popup = await popupPromise;
		await popup.getByLabel('Username').fill(TEST_USER.username);
		await popup.getByLabel('Password').fill(TEST_USER.password);
		await popup.getByRole('button', { name: 'Sign in' }).click();
		await popup.getByRole('button', { name: 'Allow' }).click();
		await popup.waitForEvent('close');
		await expect(page.locator('p.status[data-status="connected"]')).toBeVisible();
		const token_ = page.locator(
			'[data-testid="auth-row"][data-step="token"][data-outcome="success"]'
		);
		await expect(token_).toHaveCount(1);
		expect(stack.mcpStats.authorized).toBeGreaterThan(0);
	});
});
