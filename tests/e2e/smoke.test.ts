import { expect, test } from '@playwright/test';

test('the built app serves the playground page', async ({ page }) => {
	await page.goto('/');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('MCP Playground');
});
