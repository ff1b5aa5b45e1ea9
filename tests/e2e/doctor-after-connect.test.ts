/**
 * The CORS doctor after a successful connection: a modern server whose preflight answer lists the
 * MCP headers but no `Mcp-Param-*` (a static Access-Control-Allow-Headers, a common mistake)
 * connects and lists its tools, then refuses — through the browser — the one call that mirrors
 * an argument into `Mcp-Param-Region`. The error offers the doctor, which finds that header.
 */
import { expect, test, type Page } from '@playwright/test';
import { createServer, request, type Server } from 'node:http';
import { ALLOWED_REQUEST_HEADERS } from '../servers/cors.js';
import { startModernServer } from '../servers/modern.js';

let modern: Awaited<ReturnType<typeof startModernServer>>;
let front: Server;
let frontUrl: string;

/** Forwards to the modern server, answering CORS itself with a fixed Allow-Headers list. */
function staticAllowList(target: URL): Server {
	return createServer((req, res) => {
		const cors = {
			'access-control-allow-origin': req.headers.origin ?? '*',
			'access-control-expose-headers': 'Mcp-Session-Id, MCP-Protocol-Version, WWW-Authenticate',
			vary: 'Origin'
		};
		if (req.method === 'OPTIONS') {
			res.writeHead(204, {
				...cors,
				'access-control-allow-methods': 'POST, GET, DELETE',
				'access-control-allow-headers': ALLOWED_REQUEST_HEADERS.join(', '),
				'access-control-max-age': '0'
			});
			return res.end();
		}
		const upstream = request(
			target,
			{ method: req.method, headers: { ...req.headers, host: target.host } },
			(answer) => {
				const headers = Object.fromEntries(
					Object.entries(answer.headers).filter(([n]) => !n.startsWith('access-control-'))
				);
				res.writeHead(answer.statusCode ?? 502, { ...headers, ...cors });
				answer.pipe(res);
			}
		);
		upstream.on('error', () => res.destroy());
		req.pipe(upstream);
	});
}

test.beforeAll(async () => {
	modern = await startModernServer({ cors: true });
	front = staticAllowList(new URL(modern.url));
	await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
	const address = front.address();
	frontUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/mcp`;
});
test.afterAll(async () => {
	front?.closeAllConnections();
	await new Promise((resolve) => front?.close(resolve));
	await modern?.close();
});

/** Deep-links to `url` (modern era) with route-message pre-filled, and waits until connected. */
async function connectWithRouteMessage(page: Page, url: string): Promise<void> {
	const link = new URLSearchParams({
		url,
		transport: 'streamable-http',
		era: 'modern',
		autoconnect: '1',
		tool: 'route-message',
		args: JSON.stringify({ region: 'eu-west', message: 'hello' })
	});
	await page.goto(`/?${link}`);
	await expect(page.getByRole('status').filter({ hasText: /^Connected to/ })).toBeVisible({
		timeout: 30_000
	});
}

test('a tools/call refused by CORS after connecting offers the doctor, which names Mcp-Param-Region', async ({
	page
}) => {
	await connectWithRouteMessage(page, frontUrl);
	await expect(page.getByLabel(/^region/)).toHaveValue('eu-west');
	const callsBefore = modern.state.paramHeaders.length;
	await page.getByRole('button', { name: 'Run tool' }).click();

	const failure = page.getByRole('alert').filter({ hasText: 'tools/call failed' });
	await expect(failure).toBeVisible({ timeout: 20_000 });
	// The server never saw the call: the browser stopped it at the preflight.
	expect(modern.state.paramHeaders.length).toBe(callsBefore);
	await failure.getByRole('button', { name: 'Diagnose with the CORS doctor' }).click();

	const doctor = page.getByTestId('doctor-panel');
	await expect(doctor).toBeVisible();
	await expect(doctor).toContainText('This call sent Mcp-Param-Region');
	await expect(doctor).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
	await expect(page.getByTestId('doctor-verdict')).toContainText(/CORS errors? stops?/);
	// The diagnosis itself (not only the reason) names the refused header.
	await expect(
		page
			.getByTestId('doctor-problems')
			.getByTestId('problem')
			.filter({ hasText: 'Mcp-Param-Region' })
	).not.toHaveCount(0);
});

test('a failure CORS does not cause offers no doctor', async ({ page }) => {
	await connectWithRouteMessage(page, modern.url);
	// The same call against the server's own (correct) CORS works: no error, no doctor button.
	const callsBefore = modern.state.paramHeaders.length;
	await page.getByRole('button', { name: 'Run tool' }).click();
	await expect(page.getByRole('region', { name: 'Tool result' })).toBeVisible({ timeout: 20_000 });
	expect(modern.state.paramHeaders.length).toBe(callsBefore + 1);
	await expect(page.getByRole('button', { name: 'Diagnose with the CORS doctor' })).toHaveCount(0);
});
