import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { startLab, type RunningLab } from '../../src/lib/server/lab/index';
import { freePort } from '../servers/free-port.js';
import { openTab, wireCount } from './fixtures/playground';

/**
 * The CORS doctor in the main playground flow (not the lab page): a direct connection that fails
 * because of CORS brings up the doctor — server-side probe in local mode, browser-only diagnosis
 * in hosted mode — and "Connect through the local proxy" shows the same server working with CORS
 * out of the way. Also: the proxy streams SSE unbuffered, and what this Chromium really does with
 * `Access-Control-Allow-Headers: *` and Authorization.
 */

const APP = `http://127.0.0.1:${process.env.E2E_PORT ?? 4319}`;
const ACEH = 'Access-Control-Expose-Headers';

let lab: RunningLab;
let hosted: { origin: string; close(): Promise<void> };

function token(): string {
	return readFileSync('test-results/.token', 'utf8').trim();
}

function labUrl(id: string): string {
	const server = lab.servers.find((s) => s.id === id);
	if (!server) throw new Error(`no lab server ${id}`);
	return server.url;
}

/** A deployment-like copy of the built app in hosted mode (no relay, proxy or probe). */
async function startHosted(): Promise<{ origin: string; close(): Promise<void> }> {
	const port = await freePort();
	const origin = `http://127.0.0.1:${port}`;
	const child: ChildProcess = spawn(process.execPath, ['build/index.js'], {
		env: {
			PATH: process.env.PATH,
			PLAYGROUND_MODE: 'hosted',
			HOST: '127.0.0.1',
			PORT: String(port),
			ORIGIN: origin
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout?.on('data', (d) => (output += d));
	child.stderr?.on('data', (d) => (output += d));
	const deadline = Date.now() + 20_000;
	while (
		!(await fetch(origin).then(
			(r) => r.ok,
			() => false
		))
	) {
		if (child.exitCode !== null || Date.now() > deadline)
			throw new Error(`hosted app did not start: ${output}`);
		await new Promise((r) => setTimeout(r, 100));
	}
	const close = () =>
		new Promise<void>((resolve) => {
			if (child.exitCode !== null) return resolve();
			child.once('exit', () => resolve());
			child.kill('SIGTERM');
		});
	return { origin, close };
}

test.beforeAll(async () => {
	hosted = await startHosted();
	// The lab's servers allow (and their Origin checks accept) both copies of the playground.
	lab = await startLab([APP, hosted.origin]);
});
test.afterAll(async () => {
	await lab?.close();
	await hosted?.close();
});

async function problems(scope: Locator): Promise<string[][]> {
	const rows: string[][] = [];
	for (const item of await scope.getByTestId('problem').all()) {
		rows.push(
			await Promise.all(
				['data-id', 'data-header', 'data-missing'].map(
					async (a) => (await item.getAttribute(a)) ?? ''
				)
			)
		);
	}
	return rows;
}

/** Opens the playground with a deep link that connects at once (tokenised in local mode). */
async function openAndConnect(page: Page, base: string, url: string, withToken: boolean) {
	const link = new URLSearchParams({ url, autoconnect: '1' });
	await page.goto(`${base}/?${link}${withToken ? `#token=${token()}` : ''}`);
}

test.describe('local mode', () => {
	test('a hidden Mcp-Session-Id brings up the doctor naming exactly that header; the proxy connects', async ({
		page
	}) => {
		test.setTimeout(90_000);
		await openAndConnect(page, APP, labUrl('hidden-session-id'), true);
		await expect(page.getByRole('status').filter({ hasText: /^Could not connect/ })).toBeVisible({
			timeout: 20_000
		});
		const panel = page.getByTestId('doctor-panel');
		const doctor = panel.getByTestId('cors-doctor');
		await expect(doctor).toHaveAttribute('data-source', 'local', { timeout: 30_000 });
		expect(await problems(doctor.getByTestId('doctor-problems'))).toEqual([
			['expose-headers-missing', ACEH, 'Mcp-Session-Id']
		]);
		const snippet = panel.getByTestId('fix-snippet');
		await expect(snippet).toContainText(APP);
		await expect(snippet).toContainText('Mcp-Session-Id');

		await panel.getByTestId('connect-proxy').click();
		await expect(
			page.getByRole('status').filter({ hasText: /^Connected to .+ through the local proxy/ })
		).toBeVisible({ timeout: 20_000 });
		await expect(panel.getByTestId('proxy-outcome')).toContainText('Connected through');
		await openTab(page, 'Tools');
		const tools = page.getByRole('list', { name: 'Tools' });
		await expect(tools.getByRole('button', { name: /echo/ })).toBeVisible();
		await expect(tools.getByRole('button', { name: /add/ })).toBeVisible();
		// Every HTTP entry of the proxied connection says who sent it.
		expect(await wireCount(page, 'via the local proxy')).toBeGreaterThan(2);
		await expect(page.locator('.conn-pill')).toContainText('via the local proxy');
	});

	test('the correct lab server connects directly and no doctor appears', async ({ page }) => {
		await openAndConnect(page, APP, labUrl('correct'), true);
		await expect(page.getByRole('status').filter({ hasText: /^Connected to/ })).toBeVisible({
			timeout: 20_000
		});
		await expect(page.getByRole('status').filter({ hasText: 'proxy' })).toHaveCount(0);
		await openTab(page, 'Tools');
		await expect(page.getByRole('list', { name: 'Tools' }).getByRole('button')).not.toHaveCount(0);
		await expect(page.getByTestId('doctor-panel')).toHaveCount(0);
		expect(await wireCount(page, 'via the local proxy')).toBe(0);
	});

	test('the header links to the CORS lab', async ({ page }) => {
		await page.goto(`/#token=${token()}`);
		await page.getByRole('link', { name: 'CORS lab' }).click();
		await expect(page).toHaveURL(/\/lab$/);
		// The lab page finds the token this tab already holds (sessionStorage) and starts the lab.
		await expect(page.getByTestId('lab-row').first()).toBeVisible({ timeout: 30_000 });
	});
});

test.describe('hosted mode', () => {
	test('diagnoses a hidden session id from what the browser saw, and says what it could not know', async ({
		page
	}) => {
		test.setTimeout(60_000);
		await openAndConnect(page, hosted.origin, labUrl('hidden-session-id'), false);
		const panel = page.getByTestId('doctor-panel');
		const doctor = panel.getByTestId('cors-doctor');
		await expect(doctor).toHaveAttribute('data-source', 'browser', { timeout: 30_000 });
		expect(await problems(doctor.getByTestId('doctor-problems'))).toEqual([
			['expose-headers-missing', ACEH, 'Mcp-Session-Id']
		]);
		const unknowns = doctor.getByTestId('unknowns');
		await expect(unknowns).toContainText('Browsers never show a page the preflight');
		await expect(unknowns).toContainText('Headers the server sent but did not expose');
		await expect(panel.getByTestId('hosted-note')).toBeVisible();
		await expect(panel.getByTestId('connect-proxy')).toHaveCount(0);
		await expect(page.getByRole('link', { name: 'CORS lab' })).toHaveCount(0);
	});

	test('a server without Access-Control-Allow-Origin: blocked, and which header is unknowable', async ({
		page
	}) => {
		await openAndConnect(page, hosted.origin, labUrl('no-allow-origin'), false);
		const doctor = page.getByTestId('doctor-panel').getByTestId('cors-doctor');
		await expect(doctor).toHaveAttribute('data-source', 'browser', { timeout: 30_000 });
		expect(await problems(doctor.getByTestId('doctor-problems'))).toEqual([
			['cors-blocked', '', '']
		]);
		await expect(doctor.getByTestId('unknowns')).toContainText('Which CORS header is wrong');
	});
});

test.describe('hosted mode, on request', () => {
	test('`*` covering Authorization, which Chromium lets through: the doctor still names it', async ({
		page
	}) => {
		test.setTimeout(60_000);
		const link = new URLSearchParams({ url: labUrl('wildcard-authorization') });
		await page.goto(`${hosted.origin}/?${link}`);
		await page.getByText('Headers and authorization').click();
		await page.getByTestId('auth-mode').selectOption('bearer');
		await page.getByRole('textbox', { name: 'Bearer token' }).fill('lab-secret-token');
		// Asked for before connecting: Chromium files its deprecation report once per tab.
		await page.getByRole('button', { name: 'CORS doctor' }).click();
		const doctor = page.getByTestId('doctor-panel').getByTestId('cors-doctor');
		await expect(doctor).toHaveAttribute('data-source', 'browser', { timeout: 30_000 });
		expect(await problems(doctor.getByTestId('doctor-problems'))).toEqual([
			['allow-headers-wildcard-authorization', 'Access-Control-Allow-Headers', 'Authorization']
		]);
		await expect(doctor.getByTestId('doctor-problems')).toContainText(
			'AuthorizationCoveredByWildcard'
		);
		// Chromium connects anyway: it has not enforced the rule yet.
		await page.getByRole('button', { name: 'Connect', exact: true }).click();
		await expect(page.getByRole('status').filter({ hasText: /^Connected to/ })).toBeVisible({
			timeout: 20_000
		});
		// A second run in the same tab gets no report, and says so instead of claiming all is well.
		await page.getByRole('button', { name: 'CORS doctor' }).click();
		await expect(doctor).toHaveAttribute('data-source', 'browser', { timeout: 30_000 });
		await expect(doctor.getByTestId('doctor-problems').getByTestId('no-problems')).toBeVisible();
		await expect(doctor.getByTestId('unknowns')).toContainText('files once per tab');
	});
});

test.describe('the local proxy', () => {
	let upstream: Server;
	test.afterEach(() => void upstream?.close());

	test('streams SSE unbuffered: the first event arrives before the second is sent', async () => {
		let secondSent = false;
		let releaseSecond!: () => void;
		const firstSeen = new Promise<void>((resolve) => (releaseSecond = resolve));
		upstream = createServer((req, res) => {
			res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
			res.write('id: 1\ndata: {"n":"one"}\n\n');
			// The second event waits for the client to see the first (or 8 s, if it never does).
			void Promise.race([firstSeen, new Promise((r) => setTimeout(r, 8000))]).then(() => {
				secondSent = true;
				res.end('id: 2\ndata: {"n":"two"}\n\n');
			});
		});
		await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
		const target = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/mcp`;
		const response = await fetch(`${APP}/api/proxy`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-playground-token': token() },
			body: JSON.stringify({
				method: 'POST',
				url: target,
				headers: { accept: 'text/event-stream', 'content-type': 'application/json' },
				body: '{}'
			})
		});
		expect(response.headers.get('x-playground-proxy')).toBe('1');
		expect(response.headers.get('content-type')).toContain('text/event-stream');
		const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
		let text = '';
		let secondSentWhenFirstArrived: boolean | undefined;
		for (;;) {
			const { value, done } = await reader.read();
			if (done) break;
			text += value;
			if (secondSentWhenFirstArrived === undefined && text.includes('"one"')) {
				secondSentWhenFirstArrived = secondSent;
				releaseSecond();
			}
		}
		expect(secondSentWhenFirstArrived).toBe(false);
		expect(text).toBe('id: 1\ndata: {"n":"one"}\n\nid: 2\ndata: {"n":"two"}\n\n');
	});
});

test.describe('what this Chromium does with Access-Control-Allow-Headers: *', () => {
	test('`*` still covers Authorization here: the preflight passes, the header is sent, and only a deprecation report says otherwise', async ({
		page
	}) => {
		const consoleText: string[] = [];
		page.on('console', (m) => consoleText.push(m.text()));
		await page.goto(`/#token=${token()}`);
		const outcome = await page.evaluate(async (url) => {
			const reports: { id?: string; message?: string }[] = [];
			const observer = new ReportingObserver(
				(list) => list.forEach((r) => reports.push(r.body as { id?: string; message?: string })),
				{ types: ['deprecation'], buffered: true }
			);
			observer.observe();
			const attempt = async (headers: Record<string, string>) => {
				try {
					const r = await fetch(url, {
						method: 'POST',
						headers: { 'content-type': 'application/json', ...headers },
						body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' })
					});
					return r.status;
				} catch (e) {
					return String(e);
				}
			};
			const withToken = await attempt({ Authorization: 'Bearer lab-secret-token' });
			observer.takeRecords().forEach((r) => reports.push(r.body as { id?: string }));
			const afterFirst = reports.length;
			const wrongToken = await attempt({ Authorization: 'Bearer wrong' });
			await new Promise((r) => setTimeout(r, 500));
			observer.takeRecords().forEach((r) => reports.push(r.body as { id?: string }));
			observer.disconnect();
			return { withToken, wrongToken, afterFirst, reports: reports.map((r) => r.id ?? '') };
		}, labUrl('wildcard-authorization'));
		// The request went out with Authorization: the server accepted the right token (not 401)
		// and refused the wrong one (401 readable, so the CORS check passed too).
		expect(outcome.withToken).not.toBe(401);
		expect(typeof outcome.withToken).toBe('number');
		expect(outcome.wrongToken).toBe(401);
		// Filed at once with the response (takeRecords right after fetch has it), and only once per
		// tab: the second request through `*` files nothing.
		expect(outcome.afterFirst).toBe(1);
		expect(outcome.reports).toEqual(['AuthorizationCoveredByWildcard']);
		expect(consoleText.filter((t) => /wildcard|authorization/i.test(t))).toEqual([]);
	});
});
