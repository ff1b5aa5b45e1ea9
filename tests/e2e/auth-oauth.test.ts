import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { startAuthStack, TEST_USER, type AuthStack } from '../servers/auth/index.js';

/**
 * Real OAuth in Chromium: the built app's auth debugger page against an oidc-provider
 * authorization server and a protected SDK v2 MCP server started here. The popup shows the
 * authorization server's own login and consent forms; the app registers dynamically, exchanges
 * the code with PKCE and `resource`, and calls tools with the token.
 */

function token(): string {
	return readFileSync('test-results/.token', 'utf8').trim();
}

async function openDebugger(page: Page, stack: AuthStack): Promise<void> {
	await page.goto(`/oauth/debug?server=${encodeURIComponent(stack.mcpUrl)}#token=${token()}`);
	await expect(page.getByRole('heading', { name: 'Auth debugger' })).toBeVisible();
}

/** Connect; in the popup, sign in (when asked) and press Allow. */
async function connectWithConsent(page: Page, signIn = true): Promise<void> {
	const popupPromise = page.waitForEvent('popup');
	await page.getByTestId('auth-connect').click();
	await approveInPopup(await popupPromise, signIn);
}

async function approveInPopup(popup: Page, signIn: boolean): Promise<void> {
	if (signIn) {
		await expect(popup.getByRole('heading', { name: 'Sign in' })).toBeVisible();
		await popup.getByLabel('Username').fill(TEST_USER.username);
		await popup.getByLabel('Password').fill(TEST_USER.password);
		await popup.getByRole('button', { name: 'Sign in' }).click();
	}
	await expect(popup.getByRole('heading', { name: 'Authorize access' })).toBeVisible();
	await popup.getByRole('button', { name: 'Allow' }).click();
	await popup.waitForEvent('close');
}

function rows(page: Page, step: string, outcome: string) {
	return page.locator(`[data-testid="auth-row"][data-step="${step}"][data-outcome="${outcome}"]`);
}

test.describe('OAuth against a real authorization server', () => {
	let stack: AuthStack;
	test.beforeAll(async () => {
		stack = await startAuthStack();
	});
	test.afterAll(() => stack.close());

	test('consent in the popup, then a tool call succeeds; step-up after a 403', async ({ page }) => {
		await openDebugger(page, stack);
		await connectWithConsent(page);
		await expect(page.getByTestId('auth-connection-status')).toHaveAttribute(
			'data-status',
			'connected'
		);
		for (const step of ['challenge', 'resource-metadata', 'server-metadata', 'registration']) {
			await expect(rows(page, step, 'success').first()).toBeVisible();
		}
		await expect(rows(page, 'token', 'success')).toHaveCount(1);
		await expect(rows(page, 'token', 'success')).toHaveAttribute('data-cors', 'ok');

		await page.locator('[data-testid="auth-call"][data-tool="whoami"]').click();
		await expect(page.getByTestId('auth-tool-result')).toContainText('Signed in as alice (client');
		await expect(page.getByTestId('auth-tool-result')).not.toContainText('mcp:admin');

		// Step-up: the admin tool answers 403 insufficient_scope; consent again for mcp:admin.
		const popupPromise = page.waitForEvent('popup');
		await page.locator('[data-testid="auth-call"][data-tool="admin-action"]').click();
		const popup = await popupPromise;
		await expect(popup.locator('code[data-scope="mcp:admin"]')).toBeVisible();
		await approveInPopup(popup, false);
		await expect(page.getByTestId('auth-tool-result')).toContainText(
			'Admin action done with scopes:'
		);
		await expect(page.getByTestId('auth-tool-result')).toContainText('mcp:admin');
		await expect(
			page.locator('[data-testid="auth-row"][data-step="challenge"]', {
				hasText: 'insufficient_scope'
			})
		).toBeVisible();
		await expect(rows(page, 'token', 'success')).toHaveCount(2);
		// Secrets never reach the debugger's text.
		await expect(page.getByTestId('auth-debugger')).not.toContainText(/access_token"?\s*:\s*"[^[]/);
	});

	test('the step-by-step runner walks every step and its tokens serve the connection', async ({
		page
	}) => {
		await openDebugger(page, stack);
		await page.getByTestId('auth-debug-start').click();
		const next = page.getByTestId('auth-debug-step');
		await expect(next).toHaveText('Run next step: challenge');
		await next.click();
		await expect(rows(page, 'challenge', 'success')).toContainText('scope "mcp:read"');
		await expect(next).toHaveText('Run next step: resource metadata');
		await next.click();
		await expect(next).toHaveText('Run next step: server metadata');
		const popupPromise = page.waitForEvent('popup');
		await page.getByTestId('auth-debug-run-all').click();
		await approveInPopup(await popupPromise, true);
		await expect(next).toHaveText('All steps done');
		for (const step of ['token', 'authenticated-request', 'refresh']) {
			await expect(rows(page, step, 'success')).toHaveCount(1);
		}
		// Connecting now needs no popup: the provider adopted the runner's tokens.
		await page.getByTestId('auth-connect').click();
		await expect(page.getByTestId('auth-connection-status')).toHaveAttribute(
			'data-status',
			'connected'
		);
	});
});

test.describe('an authorization server without CORS on its token endpoint', () => {
	let stack: AuthStack;
	test.beforeAll(async () => {
		stack = await startAuthStack({ tokenCors: false });
	});
	test.afterAll(() => stack.close());

	test('the debugger names the token endpoint, and the proxy retry connects', async ({ page }) => {
		await openDebugger(page, stack);
		await connectWithConsent(page);
		await expect(page.getByTestId('auth-connection-status')).toHaveAttribute(
			'data-status',
			'failed'
		);
		const failed = rows(page, 'token', 'failure');
		await expect(failed).toHaveAttribute('data-cors', 'blocked');
		const diagnosis = failed.getByTestId('auth-cors-diagnosis');
		await expect(diagnosis).toContainText('Most likely CORS');
		await expect(diagnosis).toContainText(`${stack.issuer}/token`);
		await expect(diagnosis).toContainText('(its token endpoint)');
		expect(stack.asStats.tokenRequests).toBe(1); // sent, but unreadable for the page

		// Local mode: route the token endpoint through /api/proxy and connect again. The user is
		// signed in and has consented, so the popup closes by itself.
		const popupPromise = page.waitForEvent('popup');
		await failed.getByTestId('auth-retry-proxy').click();
		await (await popupPromise).waitForEvent('close');
		await expect(page.getByTestId('auth-connection-status')).toHaveAttribute(
			'data-status',
			'connected'
		);
		await expect(page.getByTestId('auth-proxied')).toContainText(`${stack.issuer}/token`);
		await expect(rows(page, 'token', 'success')).toHaveAttribute('data-cors', 'proxied');
		await page.locator('[data-testid="auth-call"][data-tool="whoami"]').click();
		await expect(page.getByTestId('auth-tool-result')).toContainText('Signed in as alice');
	});
});
