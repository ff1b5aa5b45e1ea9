/**
 * Accessibility proof for the playground: axe-core (WCAG 2.1 A/AA rules) finds no serious or
 * critical violation on the connected playground — a tool's form filled in, its result and a wire
 * entry's details on screen — in the light and the dark theme, at a laptop width and at a narrow
 * embed width; and a keyboard alone reaches Connect, the tools list, a tool's form and Run.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { startEverything } from '../servers/everything.js';
import { chooseTool, openConnected } from './fixtures/playground';

let server: Awaited<ReturnType<typeof startEverything>>;
test.beforeAll(async () => {
	server = await startEverything('streamableHttp');
});
test.afterAll(async () => server?.close());

/** Everything on screen that a user of the playground meets in a typical session. */
async function busyPlayground(page: Page): Promise<void> {
	await openConnected(page, server.url, 'streamable-http');
	await chooseTool(page, /Echo Tool/);
	await page.getByLabel(/^message/).fill('accessible **markdown** result');
	await page.getByRole('button', { name: 'Run tool' }).click();
	await expect(page.getByRole('region', { name: 'Tool result' })).toContainText('Echo:');
	await page.getByRole('option').filter({ hasText: 'tools/call' }).first().click();
}

/** Serious and critical WCAG 2.1 A/AA violations, one line per rule with the elements hit. */
async function seriousViolations(page: Page): Promise<string[]> {
	const results = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
		.analyze();
	return results.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map(
			(v) =>
				`${v.id} (${v.impact}): ${v.help} — ${v.nodes
					.slice(0, 5)
					.map((n) => `${n.target.join(' ')} ${n.html.slice(0, 90)}`)
					.join(' | ')}`
		);
}

for (const colorScheme of ['light', 'dark'] as const) {
	for (const width of [1280, 400]) {
		test(`no serious or critical axe violations: ${colorScheme} theme, ${width}px wide`, async ({
			browser
		}) => {
			const context = await browser.newContext({
				colorScheme,
				viewport: { width, height: 900 }
			});
			const page = await context.newPage();
			await busyPlayground(page);
			// The theme really is the one asked for (a test that cannot fail proves nothing).
			const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
			const [r = 0, g = 0, b = 0] = (background.match(/\d+/g) ?? []).map(Number);
			expect((r + g + b) / 3 > 128).toBe(colorScheme === 'light');
			expect(await seriousViolations(page)).toEqual([]);
			await context.close();
		});
	}
}

/** What has the keyboard focus: its accessible-ish name and the list it sits in. */
async function focused(page: Page): Promise<{ name: string; list: string; tag: string }> {
	return page.evaluate(() => {
		const el = document.activeElement as HTMLElement | null;
		if (!el) return { name: '', list: '', tag: '' };
		const input = el as HTMLInputElement;
		const label = input.labels?.[0]?.textContent ?? '';
		return {
			tag: el.tagName.toLowerCase(),
			name: (el.getAttribute('aria-label') ?? (label || el.textContent || '')).trim(),
			list: el.closest('[role="list"], ul, ol')?.getAttribute('aria-label') ?? ''
		};
	});
}

/** Presses Tab until the focused element satisfies `wanted` (maybe already); fails after `max`. */
async function tabTo(
	page: Page,
	wanted: (f: { name: string; list: string; tag: string }) => boolean,
	what: string,
	max = 60
): Promise<void> {
	for (let i = 0; i < max; i++) {
		if (wanted(await focused(page))) return;
		await page.keyboard.press('Tab');
	}
	throw new Error(`Tab never reached ${what} within ${max} presses`);
}

test('keyboard alone: Server URL, Connect, the tools list, a tool form and Run', async ({
	page
}) => {
	await page.goto('/');
	await tabTo(page, (f) => f.tag === 'input' && /^Server URL/.test(f.name), 'the Server URL field');
	await page.keyboard.type(server.url);
	await tabTo(page, (f) => f.tag === 'select' && /^Transport/.test(f.name), 'the transport');
	await page.keyboard.press('End'); // choose the last transport option without a mouse…
	await page.keyboard.press('Home'); // …and back to auto-detect
	await tabTo(page, (f) => f.tag === 'button' && f.name === 'Connect', 'Connect');
	await page.keyboard.press('Enter');
	await expect(page.getByRole('status').filter({ hasText: /^Connected to/ })).toBeVisible({
		timeout: 20_000
	});
	await expect(page.getByRole('tab', { name: /^Tools/, selected: true })).toBeVisible();
	await tabTo(page, (f) => f.list === 'Tools' && f.tag === 'button', 'the tools list');
	// Walk the list with Tab until the Echo tool, then open it with Enter.
	await tabTo(page, (f) => f.list === 'Tools' && /Echo Tool/.test(f.name), 'the Echo tool', 40);
	await page.keyboard.press('Enter');
	await tabTo(page, (f) => /^message/.test(f.name), "the tool's message field");
	await page.keyboard.type('typed, never clicked');
	await tabTo(page, (f) => f.tag === 'button' && f.name === 'Run tool', 'Run tool');
	await page.keyboard.press('Enter');
	await expect(page.getByRole('region', { name: 'Tool result' })).toContainText(
		'Echo: typed, never clicked'
	);
});
