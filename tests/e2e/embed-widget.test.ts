import { expect, test, type Page } from '@playwright/test';
import { startEverything } from '../servers/everything.js';
import { startHost, type HostServer } from './embed-helpers';

/**
 * The widget embedded by a documentation page on another origin, against server-everything over
 * Streamable HTTP (CORS `*`, no credentials). The page records every message the widget sends
 * (tests/e2e/fixtures/embed-host/host.js checks source and origin, as an embedder should).
 */

const PLAYGROUND = `http://127.0.0.1:${process.env.E2E_PORT ?? 4319}`;
type Message = { type: string; version: number; [key: string]: unknown };

let everything: Awaited<ReturnType<typeof startEverything>>;
let host: HostServer;
let attacker: HostServer;

test.beforeAll(async () => {
	everything = await startEverything('streamableHttp');
	host = await startHost();
	attacker = await startHost();
});
test.afterAll(async () => {
	await everything?.close();
	await host?.close();
	await attacker?.close();
});

function embedUrl(query: Record<string, string>): string {
	const url = new URL('/embed', PLAYGROUND);
	url.searchParams.set('url', everything.url);
	url.searchParams.set('parentOrigin', host.origin);
	for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
	return url.toString();
}

async function openHost(page: Page, query: Record<string, string>, withAttacker = false) {
	const url = new URL(host.origin);
	url.searchParams.set('embed', embedUrl(query));
	if (withAttacker) url.searchParams.set('attacker', `${attacker.origin}/attacker.html`);
	await page.goto(url.toString());
	const widget = page.frameLocator('#widget');
	await expect(widget.getByTestId('embed-status')).toContainText('Connected to', {
		timeout: 30_000
	});
	return widget;
}

const received = (page: Page) =>
	page.evaluate(() => (window as unknown as { received: Message[] }).received);
const ofType = async (page: Page, type: string) =>
	(await received(page)).filter((m) => m.type === `mcp-playground:${type}`);
const send = (page: Page, message: Record<string, unknown>) =>
	page.evaluate(
		(m) => (window as unknown as { sendToWidget: (m: unknown) => void }).sendToWidget(m),
		message
	);

test('renders cross-origin, resizes its frame, and runs a tool only on click', async ({ page }) => {
	const widget = await openHost(page, { tool: 'echo', args: '{"message":"hello docs"}' });
	await expect(widget.getByTestId('server-origin')).toHaveText(new URL(everything.url).origin);
	await expect(widget.getByRole('heading', { name: 'Tool echo' })).toBeVisible();
	await expect.poll(async () => (await ofType(page, 'ready')).length).toBe(1);
	const [ready] = await ofType(page, 'ready');
	expect(ready).toMatchObject({
		version: 1,
		server: new URL(everything.url).origin,
		item: { kind: 'tool', name: 'echo' }
	});

	// resize: the host applied the last reported height, which is not the fixture's 150px.
	const frameHeight = () => page.locator('#widget').evaluate((e) => e.clientHeight);
	const lastResize = async () => ((await ofType(page, 'resize')).at(-1)?.height as number) ?? 0;
	await expect.poll(lastResize).toBeGreaterThan(150);
	await expect.poll(frameHeight).toBe(await lastResize());
	const before = await lastResize();

	// Nothing ran before the click (echo is read-only, but autorun is not set).
	expect(await ofType(page, 'result')).toEqual([]);
	await expect(widget.getByLabel('Wire log')).not.toContainText('tools/call', {
		useInnerText: true
	});

	await widget.getByRole('button', { name: 'Run tool' }).click();
	await expect(widget.getByLabel('Tool result')).toContainText('Echo: hello docs');
	await expect.poll(async () => (await ofType(page, 'result')).length).toBe(1);
	const [result] = await ofType(page, 'result');
	expect(result).toMatchObject({
		version: 1,
		kind: 'tool',
		name: 'echo',
		isError: false,
		result: { content: [{ type: 'text', text: 'Echo: hello docs' }] }
	});
	// The result made the content taller: a new resize, applied by the host.
	await expect.poll(lastResize).toBeGreaterThan(before);
	await expect.poll(frameHeight).toBe(await lastResize());

	// The wire view shows the exchange, and the link out carries the state (no embed-only options).
	await widget.getByText(/^Wire \(/).click();
	await expect(widget.getByLabel('Wire log')).toContainText('tools/call');
	const href = await widget
		.getByRole('link', { name: 'Open in the full playground' })
		.getAttribute('href');
	const link = new URL(href ?? '');
	expect(link.origin).toBe(PLAYGROUND);
	expect(Object.fromEntries(link.searchParams)).toEqual({
		url: everything.url,
		autoconnect: '1',
		tool: 'echo',
		args: '{"message":"hello docs"}'
	});
});

test('a result is styled: a part loaded on demand brings styles the page did not inline', async ({
	page
}) => {
	// The server-rendered page inlines the shell's styles; the result view's (markdown text)
	// come with its lazily loaded chunk.
	await page.goto(embedUrl({ tool: 'echo', args: '{"message":"hello docs"}' }));
	await page.getByRole('button', { name: 'Run tool' }).click();
	const result = page.getByLabel('Tool result');
	await expect(result).toContainText('Echo: hello docs');
	await expect(result.locator('.md').first()).toHaveCSS('overflow-wrap', 'anywhere');
});

test('ignores run messages from an origin it was not told to trust', async ({ page }) => {
	const widget = await openHost(
		page,
		{ tool: 'echo', args: '{"message":"x"}', reportRejected: '1' },
		true
	);
	await expect.poll(async () => (await ofType(page, 'ready')).length).toBe(1);
	const evil = page.frames().find((f) => f.url().startsWith(`${attacker.origin}/`));
	expect(evil).toBeTruthy();
	await evil!.waitForFunction(() => 'attack' in window);
	await evil!.evaluate(() =>
		(window as unknown as { attack: (m: unknown) => void }).attack({
			type: 'mcp-playground:run',
			args: { message: 'from attacker' }
		})
	);
	await expect
		.poll(async () => (await ofType(page, 'error')).map((m) => m.code))
		.toEqual(['untrusted-origin']);
	const [refusal] = await ofType(page, 'error');
	expect(refusal?.message).toContain(attacker.origin);
	await widget.getByText(/^Wire \(/).click();
	await expect(widget.getByLabel('Wire log')).toContainText(`from ${attacker.origin}`);
	expect(await ofType(page, 'result')).toEqual([]);
	await expect(widget.getByLabel('Wire log')).not.toContainText('tools/call');

	// Positive control: the trusted parent can set arguments and run this read-only tool.
	await send(page, {
		type: 'mcp-playground:setArguments',
		args: { message: 'from the docs page' }
	});
	await send(page, { type: 'mcp-playground:run' });
	await expect(widget.getByLabel('Tool result')).toContainText('Echo: from the docs page');
	await expect.poll(async () => (await ofType(page, 'result')).length).toBe(1);
});

test('autorun runs a read-only tool but never a tool without readOnlyHint', async ({ page }) => {
	// readOnlyHint: true (echo) → runs without a click.
	let widget = await openHost(page, { tool: 'echo', args: '{"message":"auto"}', autorun: '1' });
	await expect(widget.getByLabel('Tool result')).toContainText('Echo: auto');

	// readOnlyHint: false → neither autorun nor a parent `run` calls it; a click does.
	widget = await openHost(page, { tool: 'toggle-simulated-logging', autorun: '1' });
	await expect(widget.getByRole('alert')).toContainText('autorun is set, but');
	await expect
		.poll(async () => (await ofType(page, 'error')).map((m) => m.code))
		.toEqual(['needs-click']);
	await send(page, { type: 'mcp-playground:run' });
	await expect
		.poll(async () => (await ofType(page, 'error')).map((m) => m.code))
		.toEqual(['needs-click', 'needs-click']);
	await expect(widget.getByRole('alert')).toContainText('The page asked to run this tool');
	await widget.getByText(/^Wire \(/).click();
	await expect(widget.getByLabel('Wire log')).not.toContainText('tools/call');
	expect(await ofType(page, 'result')).toEqual([]);

	await widget.getByRole('button', { name: 'Run tool' }).click();
	await expect(widget.getByLabel('Tool result')).toContainText('Started simulated');
	await expect(widget.getByLabel('Wire log')).toContainText('tools/call');
});

test('readonly, title and theme: fixed arguments shown, no form, dark theme, runs on click', async ({
	page
}) => {
	const widget = await openHost(page, {
		tool: 'echo',
		args: '{"message":"fixed by the docs"}',
		readonly: '1',
		title: 'Try the echo tool',
		theme: 'dark'
	});
	await expect(widget.getByRole('heading', { name: 'Try the echo tool' })).toBeVisible();
	await expect(widget.locator('html')).toHaveAttribute('data-theme', 'dark');
	await expect(widget.getByLabel('Arguments (fixed by this page)')).toContainText(
		'fixed by the docs'
	);
	await expect(widget.getByRole('textbox')).toHaveCount(0);
	await widget.getByRole('button', { name: 'Run tool' }).click();
	await expect(widget.getByLabel('Tool result')).toContainText('Echo: fixed by the docs');
});

test('a resource item is shown, and read only on click', async ({ page }) => {
	const uri = 'demo://resource/static/document/features.md';
	const widget = await openHost(page, { resource: uri });
	await expect(widget.getByText(uri).first()).toBeVisible();
	await expect(widget.getByLabel('Wire log')).not.toContainText('resources/read');
	await widget.getByRole('button', { name: 'Read resource' }).click();
	await expect(widget.getByLabel('Resource contents')).toContainText('Features');
	await expect(widget.getByLabel('Wire log')).toContainText('resources/read');
});

test('a prompt item takes its arguments and is got on click', async ({ page }) => {
	const widget = await openHost(page, { prompt: 'args-prompt', args: '{"city":"Lyon"}' });
	await expect(widget.getByLabel('Wire log')).not.toContainText('prompts/get');
	await widget.getByRole('button', { name: 'Get prompt' }).click();
	await expect(widget.getByLabel('Prompt messages')).toContainText("What's weather in Lyon?");
});

test('era=legacy skips server/discover and opens a session with initialize', async ({ page }) => {
	const widget = await openHost(page, { tool: 'echo', era: 'legacy' });
	const wire = widget.getByLabel('Wire log');
	await expect(wire).toContainText('initialize');
	await expect(wire).not.toContainText('server/discover');
});
