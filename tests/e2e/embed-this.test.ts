/**
 * "Embed this" in the full playground: the generated iframe snippet, pasted into a page on
 * another origin, shows the same tool with the same arguments and talks to that page — minus any
 * argument named like a credential, which the panel says it left out.
 */
import { expect, test } from '@playwright/test';
import { startEverything } from '../servers/everything.js';
import { startHost, type HostServer } from './embed-helpers';
import { chooseTool, openConnected } from './fixtures/playground';

const SECRET = 'sk-e2e-not-for-html';
let server: Awaited<ReturnType<typeof startEverything>>;
let host: HostServer;
test.beforeAll(async () => {
	server = await startEverything('streamableHttp');
	host = await startHost();
});
test.afterAll(async () => {
	await server?.close();
	await host?.close();
});

test('generates a working snippet for the current tool, its arguments and the docs origin', async ({
	page
}) => {
	await openConnected(page, server.url, 'streamable-http');
	await chooseTool(page, /Echo Tool/);
	await page.getByLabel(/^message/).fill('from the snippet');
	// A user who typed a credential among the arguments (the JSON editor takes any key).
	await page.getByRole('button', { name: 'Edit as JSON' }).click();
	await page
		.getByLabel('Arguments (JSON)')
		.fill(JSON.stringify({ message: 'from the snippet', apiKey: SECRET, password: SECRET }));
	await page.getByRole('button', { name: 'Run tool' }).click();
	await expect(page.getByLabel('Tool result')).toContainText('Echo: from the snippet');
	await page.getByText('Embed this').click();
	await page.getByLabel(/documentation site's origin/).fill(host.origin);
	const leftOut = page.getByTestId('embed-args-left-out');
	await expect(leftOut).toContainText('Left out of the snippet: apiKey, password.');
	await expect(leftOut).toContainText('never go into an embed URL');
	const snippet = await page.getByLabel('iframe', { exact: true }).inputValue();
	const src = /src="([^"]+)"/.exec(snippet)?.[1]?.replace(/&amp;/g, '&') ?? '';
	const params = Object.fromEntries(new URL(src).searchParams);
	expect(params).toEqual({
		url: server.url,
		transport: 'streamable-http',
		tool: 'echo',
		args: '{"message":"from the snippet"}',
		parentOrigin: host.origin
	});
	const example = await page.getByLabel('HTML example').inputValue();
	expect(example).toContain(snippet);
	for (const text of [snippet, example]) expect(text).not.toMatch(/apiKey|password|sk-e2e/);
	expect(example).toContain("addEventListener('message'");

	await page.goto(`${host.origin}/?embed=${encodeURIComponent(src)}`);
	const widget = page.frameLocator('#widget');
	await expect(widget.getByTestId('embed-status')).toContainText('Connected to', {
		timeout: 30_000
	});
	await widget.getByRole('button', { name: 'Run tool' }).click();
	await expect(widget.getByLabel('Tool result')).toContainText('Echo: from the snippet');
	await expect
		.poll(() =>
			page.evaluate(() =>
				(window as unknown as { received: { type: string }[] }).received.map((m) => m.type)
			)
		)
		.toContain('mcp-playground:result');
});
