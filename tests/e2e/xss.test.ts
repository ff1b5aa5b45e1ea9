/**
 * Nothing a server sends may run script in the page: a hostile server puts script tags,
 * event-handler attributes, javascript:/data: links and scripted SVG into every field it
 * controls, and the test walks every panel that shows them.
 */
import { expect, test } from '@playwright/test';
import { startHostileServer } from './fixtures/hostile-server.js';
import { openConnected, openTab } from './fixtures/playground';

let server: Awaited<ReturnType<typeof startHostileServer>>;
test.beforeAll(async () => {
	server = await startHostileServer();
});
test.afterAll(async () => server?.close());

test('a hostile server cannot run script anywhere in the playground', async ({ page }) => {
	const dialogs: string[] = [];
	page.on('dialog', async (dialog) => {
		dialogs.push(dialog.message());
		await dialog.dismiss();
	});
	const popups: string[] = [];
	page.on('popup', (popup) => popups.push(popup.url()));
	// The strict CSP is on: a blocked inline script or handler would be silent in the page, so
	// any CSP report (or console message, which Chromium also prints for a block) fails the test.
	const consoleMessages: string[] = [];
	// Chromium logs HTTP error statuses as console errors (here: 405 to the optional legacy GET
	// stream, which MCP allows); those come from the network, not from script, and are skipped.
	const networkLog = /^Failed to load resource: the server responded with a status of \d+/;
	page.on('console', (m) => {
		if (!(m.type() === 'error' && networkLog.test(m.text())))
			consoleMessages.push(`${m.type()}: ${m.text()}`);
	});
	page.on('pageerror', (e) => consoleMessages.push(`pageerror: ${e.message}`));
	await page.addInitScript(() => {
		const seen: string[] = [];
		(window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
		document.addEventListener('securitypolicyviolation', (e) =>
			seen.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'}: ${e.sample}`)
		);
	});
	const violations = () =>
		page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);

	await openConnected(page, server.url, 'streamable-http', 'legacy');
	// The overview shows server info, instructions and icons.
	await openTab(page, 'Overview');
	await expect(page.getByRole('heading', { name: /Hostile/ })).toBeVisible();

	await openTab(page, 'Tools');
	await page.getByRole('list', { name: 'Tools' }).getByRole('button').first().click();
	await page.getByRole('button', { name: 'Run tool' }).click();
	await expect(page.getByRole('region', { name: 'Tool result' })).toBeVisible();
	await page.getByRole('button', { name: 'Show raw result' }).click();
	await page.getByRole('button', { name: 'Edit as JSON' }).click();

	await openTab(page, 'Resources');
	for (const item of await page
		.getByRole('list', { name: 'Resources' })
		.getByRole('button')
		.all()) {
		await item.click();
		await expect(page.getByText(/^Done in/).first()).toBeVisible();
	}
	await page.getByRole('list', { name: 'Templates' }).getByRole('button').first().click();

	await openTab(page, 'Prompts');
	await page.getByRole('list', { name: 'Prompts' }).getByRole('button').first().click();
	await page.getByRole('button', { name: 'Get prompt' }).click();
	await expect(page.getByRole('list', { name: 'Prompt messages' })).toBeVisible();

	// The wire view shows raw bodies too: open the detail of the largest message.
	await page.getByRole('searchbox', { name: 'Search the wire log' }).fill('tools/call');
	await page.getByRole('option').first().dispatchEvent('click');
	await page.waitForTimeout(300);

	// Hover everything that might carry an onmouseover.
	await page
		.locator('main b, main img')
		.evaluateAll((els) =>
			els.forEach((el) => el.dispatchEvent(new MouseEvent('mouseover', { bubbles: true })))
		);

	expect(
		await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)
	).toBeUndefined();
	expect(dialogs).toEqual([]);
	expect(popups).toEqual([]);
	// No server-made markup became live DOM.
	expect(
		await page
			.locator(
				'main script, aside script, dialog script, main iframe, main svg, main [onerror], main [onload]'
			)
			.count()
	).toBe(0);
	const hrefs = await page
		.locator('a[href]')
		.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
	expect(hrefs.filter((h) => /^\s*(javascript|data|vbscript):/i.test(h))).toEqual([]);
	const imgs = await page
		.locator('img[src]')
		.evaluateAll((els) => els.map((e) => e.getAttribute('src') ?? ''));
	expect(
		imgs.filter((s) => !/^data:image\/(png|svg\+xml|jpeg|gif|webp)/i.test(s) && !s.startsWith('/'))
	).toEqual([]);
	// The hostile strings are shown as text.
	await expect(page.getByText('window.__xss="script"').first()).toBeAttached();
	expect(await violations()).toEqual([]);
	expect(consoleMessages).toEqual([]);

	// Control: the listeners do see a CSP block (an inline script without the nonce).
	await page.evaluate(() => {
		const script = document.createElement('script');
		script.textContent = 'window.__control = 1';
		document.body.append(script);
	});
	await expect.poll(violations).toHaveLength(1);
	expect(consoleMessages.join('\n')).toMatch(/Content Security Policy/);
});
