import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type ConsoleMessage } from '@playwright/test';
import { startEverything } from '../servers/everything.js';
import { startHost, type HostServer } from './embed-helpers';
import { startHosted, type HostedServer } from './hosted-helpers';

/**
 * Hosted mode (`PLAYGROUND_MODE=hosted`): the same build, started like a deployment. The relay,
 * proxy, probe, lab and config routes answer 404 to everyone — even a same-origin caller holding
 * a token — and every page carries the security headers; the widget still works under the CSP.
 */

let hosted: HostedServer;
let host: HostServer;
let stranger: HostServer;
let everything: Awaited<ReturnType<typeof startEverything>>;

test.beforeAll(async () => {
	host = await startHost();
	stranger = await startHost();
	everything = await startEverything('streamableHttp');
	hosted = await startHosted({ PLAYGROUND_FRAME_ANCESTORS: host.origin });
});
test.afterAll(async () => {
	await hosted?.close();
	await everything?.close();
	await host?.close();
	await stranger?.close();
});

test('refuses every relay, proxy, probe, lab and config request with 404', async ({ request }) => {
	const marker = join(mkdtempSync(join(tmpdir(), 'hosted-')), 'spawned');
	const spawnBody = {
		command: process.execPath,
		args: ['-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x')`]
	};
	const calls: [string, string, unknown?][] = [
		['POST', '/api/relay', spawnBody],
		['GET', '/api/relay/abc'],
		['POST', '/api/relay/abc', { jsonrpc: '2.0', method: 'ping', id: 1 }],
		['DELETE', '/api/relay/abc'],
		['POST', '/api/proxy', { url: everything.url, method: 'POST', headers: {}, body: '{}' }],
		['POST', '/api/probe', { url: everything.url, origin: hosted.origin, method: 'POST' }],
		['POST', '/api/lab/start', {}],
		['GET', '/api/config'],
		['GET', '/api/anything-else']
	];
	for (const [method, path, body] of calls) {
		const response = await request.fetch(`${hosted.origin}${path}`, {
			method,
			headers: {
				'content-type': 'application/json',
				origin: hosted.origin,
				'x-playground-token': hosted.token
			},
			data: body === undefined ? undefined : JSON.stringify(body),
			failOnStatusCode: false
		});
		expect(response.status(), `${method} ${path}`).toBe(404);
		expect(response.headers()['x-content-type-options']).toBe('nosniff');
	}
	await new Promise((r) => setTimeout(r, 500));
	expect(existsSync(marker)).toBe(false);
});

test('sends the security headers, with a fresh nonce per page', async ({ request }) => {
	/** `inline: false`: a page without SvelteKit's inline bootstrap (/embed, csr off) needs no nonce. */
	const csp = async (path: string, inline = true) => {
		const response = await request.get(`${hosted.origin}${path}`);
		expect(response.status()).toBe(200);
		const headers = response.headers();
		expect(headers['referrer-policy']).toBe('no-referrer');
		expect(headers['x-content-type-options']).toBe('nosniff');
		const policy = headers['content-security-policy'] ?? '';
		const html = await response.text();
		const nonce = /script-src 'self' 'nonce-([^']+)'/.exec(policy)?.[1];
		if (inline) {
			expect(nonce, policy).toBeTruthy();
			expect(html).toContain(`nonce="${nonce}"`);
		} else {
			// Stricter: no inline script at all, only same-origin files.
			expect(policy).toContain("script-src 'self';");
			expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
		}
		for (const d of [
			"default-src 'self'",
			"connect-src 'self' https: http:",
			"object-src 'none'",
			"base-uri 'none'"
		])
			expect(policy).toContain(d);
		return { policy, nonce, xfo: headers['x-frame-options'] };
	};
	const page = await csp('/');
	expect(page.policy).toContain("frame-ancestors 'self'");
	expect(page.xfo).toBe('SAMEORIGIN');
	const embed = await csp('/embed?url=https://mcp.example/mcp', false);
	expect(embed.policy).toContain(`frame-ancestors 'self' ${host.origin}`);
	expect(embed.xfo).toBeUndefined();
	const learn = await csp('/learn/transports');
	expect(learn.policy).toContain("frame-ancestors 'self'");
	expect(learn.nonce).not.toBe(page.nonce);
});

const cspViolations = (messages: ConsoleMessage[]) =>
	messages.map((m) => m.text()).filter((t) => /Content Security Policy/i.test(t));

test('the widget works under the hosted CSP; framing by an unlisted site is refused', async ({
	page
}) => {
	const messages: ConsoleMessage[] = [];
	page.on('console', (m) => messages.push(m));
	const embed = new URL('/embed', hosted.origin);
	embed.searchParams.set('url', everything.url);
	embed.searchParams.set('tool', 'get-sum');
	embed.searchParams.set('args', '{"a":2,"b":40}');
	embed.searchParams.set('parentOrigin', host.origin);
	await page.goto(`${host.origin}/?embed=${encodeURIComponent(embed.toString())}`);
	const widget = page.frameLocator('#widget');
	await expect(widget.getByTestId('embed-status')).toContainText('Connected to', {
		timeout: 30_000
	});
	await widget.getByRole('button', { name: 'Run tool' }).click();
	await expect(widget.getByLabel('Tool result')).toContainText('42');
	expect(cspViolations(messages)).toEqual([]);

	// The main page also runs under the policy (its scripts carry the nonce).
	await page.goto(hosted.origin);
	await expect(page.locator('main, body').first()).toBeVisible();
	await expect
		.poll(() => page.evaluate(() => document.querySelectorAll('script[nonce]').length))
		.toBeGreaterThan(0);
	expect(cspViolations(messages)).toEqual([]);
	// stdio needs the local relay: hosted mode says so and how to run locally.
	await expect(page.getByTestId('stdio-unavailable')).toContainText('npx mcp-playground');

	// A site not in PLAYGROUND_FRAME_ANCESTORS cannot frame the widget.
	await page.goto(`${stranger.origin}/?embed=${encodeURIComponent(embed.toString())}`);
	await expect.poll(() => cspViolations(messages).join('\n')).toMatch(/frame-ancestors/);
	await expect(widget.getByTestId('embed-status')).toHaveCount(0);
});
