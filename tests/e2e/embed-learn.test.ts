import { expect, test, type Page } from '@playwright/test';
import { startEverything } from '../servers/everything.js';
import { startHosted } from './hosted-helpers.js';
import { isAlive, mainToken } from './relay-helpers.js';

/**
 * /learn/transports: live widgets for HTTP+SSE and Streamable HTTP against server-everything,
 * whose wire views show what the guide explains (SSE's endpoint event and second URL, the
 * Streamable HTTP session id); in local mode the lab's demo servers (Streamable HTTP, HTTP+SSE)
 * and two stdio clients in the page itself, each with its own process through the relay.
 */

/** Every request the page (and its iframes) makes to the relay. */
function relayRequests(page: Page): string[] {
	const seen: string[] = [];
	page.on('request', (r) => {
		if (new URL(r.url()).pathname.startsWith('/api/relay')) seen.push(`${r.method()} ${r.url()}`);
	});
	return seen;
}

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
	const relays = relayRequests(page);
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
	// Without the launcher's token stdio is explained, not offered, and the relay is left alone.
	await expect(page.getByText('stdio needs the local relay')).toBeVisible();
	await expect(page.locator('#stdio ~ .warn-box')).toContainText('npx mcp-playground');
	await expect(page.getByRole('button', { name: 'Start the demo servers' })).toHaveCount(0);
	expect(relays).toEqual([]);
});

test('local mode starts the demo servers for the Streamable HTTP and HTTP+SSE widgets', async ({
	page
}) => {
	await page.goto(`/learn/transports#token=${mainToken()}`);
	await page.getByRole('button', { name: 'Start the demo servers' }).click();
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

	// HTTP+SSE against the lab's server: the column names both URLs, the wire shows the GET
	// stream announcing the endpoint, the POSTs going there and the answers coming back as events.
	const sseUrl = await page.getByLabel('HTTP+SSE URL').inputValue();
	expect(sseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sse$/);
	const messagesUrl = sseUrl.replace(/\/sse$/, '/messages');
	await expect(page.locator('#sse ~ .urls-shown')).toContainText(`GET ${sseUrl}`);
	await expect(page.locator('#sse ~ .urls-shown')).toContainText(`POST ${messagesUrl}?sessionId=`);
	const sse = page.frameLocator('iframe[title="HTTP+SSE demo"]');
	await expect(sse.getByTestId('embed-status')).toContainText('cors-lab-sse', { timeout: 20_000 });
	await sse.getByRole('button', { name: 'Run tool' }).click();
	await expect(sse.getByLabel('Tool result')).toContainText('Hello over HTTP+SSE');
	const sseWire = sse.getByLabel('Wire log');
	await expect(sseWire).toContainText('HTTP GET /sse');
	await expect(sseWire).toContainText(/SSE event "endpoint": \/messages\?sessionId=[0-9a-f-]{36}/);
	await expect(sseWire).toContainText(/HTTP POST \/messages\?sessionId=[0-9a-f-]{36}/);
	await expect(sseWire).toContainText('← HTTP 202');
	await expect(sseWire).toContainText('SSE event "message"');
});

test('local mode runs two stdio clients in the page, each with its own process', async ({
	page
}) => {
	const token = mainToken();
	const relays = relayRequests(page);
	await page.goto(`/learn/transports#token=${token}`);
	await page.getByRole('button', { name: 'Start the demo servers' }).click();
	const clients = [1, 2].map((n) => page.getByRole('region', { name: `stdio Client ${n}` }));
	for (const client of clients) {
		await expect(client.getByTestId('stdio-status')).toHaveAttribute('data-status', 'ready', {
			timeout: 30_000
		});
	}
	const summary = page.getByTestId('stdio-processes');
	await expect(summary).toHaveText(/2 clients, 2 processes: pid \d+ and pid \d+\./);
	const pids = [...((await summary.textContent()) ?? '').matchAll(/pid (\d+)/g)].map((m) =>
		Number(m[1])
	);
	expect(new Set(pids).size).toBe(2);
	for (const pid of pids) expect(isAlive(pid)).toBe(true);

	await clients[0]!.getByRole('button', { name: 'Run echo' }).click();
	await expect(clients[0]!.getByLabel('Tool result')).toHaveText(
		'Echo: Hello from Client 1 over stdio'
	);
	const wire = clients[0]!.getByLabel('Wire log');
	await expect(wire).toContainText('stdin: {"jsonrpc":"2.0"');
	await expect(wire).toContainText('stdout: {');

	// The page itself spawned them (two POST /api/relay); the token went into no embed's URL.
	expect(relays.filter((r) => r.startsWith('POST') && r.endsWith('/api/relay'))).toHaveLength(2);
	for (const src of await page
		.locator('iframe')
		.evaluateAll((frames) => frames.map((f) => (f as HTMLIFrameElement).src))) {
		expect(src).toContain('/embed?');
		expect(src).not.toContain(token);
	}
});

test('hosted mode explains how to run stdio locally and never calls the relay', async ({
	page
}) => {
	const hosted = await startHosted();
	try {
		const relays = relayRequests(page);
		// Even with a token in the address bar: the hosted server does not take it (/api is 404).
		const config = page.waitForResponse((r) => r.url().endsWith('/api/config'));
		await page.goto(`${hosted.origin}/learn/transports#token=${hosted.token}`);
		expect((await config).status()).toBe(404);
		await expect(page.getByText('stdio needs the local relay')).toBeVisible();
		await expect(page.locator('#stdio ~ .warn-box')).toContainText('npm start');
		await expect(page.getByRole('button', { name: 'Start the demo servers' })).toHaveCount(0);
		await expect(page.getByTestId('stdio-processes')).toHaveCount(0);
		expect(relays).toEqual([]);
	} finally {
		await hosted.close();
	}
});
