import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { startEverything } from '../servers/everything.js';

/**
 * /learn/transports: live widgets for HTTP+SSE and Streamable HTTP against server-everything,
 * whose wire views show what the guide explains (SSE's endpoint event and second URL, the
 * Streamable HTTP session id), and the local demo server started through the lab route.
 */

let sse: Awaited<ReturnType<typeof startEverything>>;
let streamable: Awaited<ReturnType<typeof startEverything>>;

test.beforeAll(async () => {
	sse = await startEverything('sse');
	streamable = await startEverything('streamableHttp');
});
test.afterAll(async () => {
	await sse?.close();
	await streamable?.close();
});

test('shows both HTTP transports live, with what the prose points at in the wire', async ({
	page
}) => {
	await page.goto('/learn/transports');
	await page.getByLabel('Streamable HTTP endpoint').fill(streamable.url);
	await page.getByLabel('HTTP+SSE URL').fill(sse.url);
	await page.getByRole('button', { name: 'Show' }).click();

	const sseWidget = page.frameLocator('iframe[title="HTTP+SSE demo"]');
	await expect(sseWidget.getByTestId('embed-status')).toContainText('Connected to', {
		timeout: 30_000
	});
	await sseWidget.getByRole('button', { name: 'Run tool' }).click();
	await expect(sseWidget.getByLabel('Tool result')).toContainText('Echo: Hello over HTTP+SSE');
	const sseWire = sseWidget.getByLabel('Wire log');
	await expect(sseWire).toContainText('SSE event "endpoint"');
	await expect(sseWire).toContainText('HTTP GET /sse');
	await expect(sseWire).toContainText(/HTTP POST \/message\?sessionId=/);

	const httpWidget = page.frameLocator('iframe[title="Streamable HTTP demo"]');
	await expect(httpWidget.getByTestId('embed-status')).toContainText('Connected to', {
		timeout: 30_000
	});
	await httpWidget.getByRole('button', { name: 'Run tool' }).click();
	await expect(httpWidget.getByLabel('Tool result')).toContainText(
		'Echo: Hello over Streamable HTTP'
	);
	await expect(httpWidget.getByLabel('Wire log')).toContainText(/Mcp-Session-Id [0-9a-f-]{8,}/);
	await expect(httpWidget.getByLabel('Wire log')).toContainText('text/event-stream');

	// The iframes follow their widgets' height (resize messages, origin-checked by EmbedFrame).
	const frame = page.locator('iframe[title="Streamable HTTP demo"]');
	await expect.poll(() => frame.evaluate((e) => e.clientHeight)).toBeGreaterThan(300);
	// Without the launcher's token (as in hosted mode) stdio is explained, not offered.
	await expect(page.getByText('stdio needs the local relay')).toBeVisible();
	await expect(page.getByRole('link', { name: 'Open server-everything over stdio' })).toHaveCount(
		0
	);
});

test('local mode starts the demo server for the Streamable HTTP widget', async ({ page }) => {
	const token = readFileSync('test-results/.token', 'utf8').trim();
	await page.goto(`/learn/transports#token=${token}`);
	// With it (local mode), stdio is offered through the relay: a pre-filled link, not started.
	await expect(page.getByRole('link', { name: 'Open server-everything over stdio' })).toBeVisible();
	await page.getByRole('button', { name: 'Start the demo server' }).click();
	const widget = page.frameLocator('iframe[title="Streamable HTTP demo"]');
	await expect(widget.getByTestId('embed-status')).toContainText('cors-lab-correct', {
		timeout: 20_000
	});
	await widget.getByRole('button', { name: 'Run tool' }).click();
	await expect(widget.getByLabel('Tool result')).toContainText('Hello over Streamable HTTP');
	// Its answers arrive as SSE events on the POST's response stream.
	await expect(widget.getByLabel('Wire log')).toContainText('SSE event "message"');
	// Beside it, the same server answering with JSON: the wire shows application/json, no stream.
	const json = page.frameLocator('iframe[title="Streamable HTTP demo, JSON answers"]');
	await expect(json.getByTestId('embed-status')).toContainText('cors-lab-correct-json', {
		timeout: 20_000
	});
	await json.getByRole('button', { name: 'Run tool' }).click();
	await expect(json.getByLabel('Tool result')).toContainText('Hello as JSON');
	const jsonWire = json.getByLabel('Wire log');
	await expect(jsonWire).toContainText(/← HTTP 200 application\/json \(\d+ ms, Mcp-Session-Id/);
	// No answer came as an SSE event (its optional GET stream for server messages stays quiet).
	await expect(jsonWire).not.toContainText('SSE event "message"');
});
