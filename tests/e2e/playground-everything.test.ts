/**
 * The playground against the reference server (server-everything, legacy era) over each of its
 * HTTP transports — Streamable HTTP and HTTP+SSE (2024-11-05): every feature driven through the
 * UI, each checked in the result and in the exported wire log, where the transport's own rules
 * (session header or endpoint event, where answers arrive) are checked for every message.
 */
import { expect, test, type Page } from '@playwright/test';
import { startEverything } from '../servers/everything.js';
import {
	EVERYTHING_TRANSPORTS,
	expectRoundTrips,
	expectServed,
	transportRules,
	type TransportRules
} from './fixtures/transport-wire';
import { chooseTool, openConnected, openTab, wireCount } from './fixtures/playground';
import { exportWire, rpc } from './fixtures/wire';

const result = (page: Page) => page.getByRole('region', { name: 'Tool result' });

for (const transport of EVERYTHING_TRANSPORTS) {
	test.describe(`server-everything over ${transport.label}`, () => {
		let server: Awaited<ReturnType<typeof startEverything>>;
		let rules: TransportRules;
		test.beforeAll(async () => {
			server = await startEverything(transport.mode);
			rules = transportRules(transport.mode, server.url);
		});
		test.afterAll(async () => server?.close());

		const connect = (page: Page) => openConnected(page, server.url, transport.choice);

		test('connects, calls a tool through the generated form and shows it on the wire', async ({
			page
		}) => {
			await connect(page);
			await expect(page.getByText(/legacy era, protocol 2025-/).first()).toBeVisible();
			await chooseTool(page, /Echo Tool/);
			await page.getByLabel(/^message/).fill('hello from the form\nsecond line');
			await page.getByRole('button', { name: 'Run tool' }).click();
			await expect(result(page)).toContainText('Echo: hello from the form');
			expect(await wireCount(page, 'request tools/call')).toBeGreaterThanOrEqual(1);
			// The history can replay it.
			await openTab(page, 'History');
			await page
				.getByRole('button', { name: /^Replay tools\/call/ })
				.first()
				.click();
			await expect(
				page.getByRole('main').locator('pre', { hasText: 'Echo: hello from the form' }).first()
			).toBeVisible();

			const wire = await exportWire(page);
			rules.expectConnected(wire);
			expectRoundTrips(rules, wire, 'tools/list');
			const calls = expectRoundTrips(rules, wire, 'tools/call');
			const sent = calls.map((c) => ({
				name: rpc(c).params?.name,
				arguments: rpc(c).params?.arguments
			}));
			// The newline typed into the form reached the server (a text input would drop it).
			expect(sent).toEqual([
				{ name: 'echo', arguments: { message: 'hello from the form\nsecond line' } },
				{ name: 'echo', arguments: { message: 'hello from the form\nsecond line' } }
			]);
			expect(rpc(wire.partner(calls[1]!)).result?.content).toEqual([
				{ type: 'text', text: 'Echo: hello from the form\nsecond line' }
			]);
		});

		test('shows progress for a long-running tool and cancels it', async ({ page }) => {
			await connect(page);
			await chooseTool(page, /Long Running Operation/);
			await page.getByLabel(/^duration/).fill('20');
			await page.getByLabel(/^steps/).fill('20');
			await page.getByRole('button', { name: 'Run tool' }).click();
			await expect(page.getByRole('progressbar', { name: 'Progress' })).toBeVisible({
				timeout: 10_000
			});
			await page.getByRole('button', { name: 'Cancel' }).click();
			await expect(page.getByText(/^Cancelled after/)).toBeVisible();
			expect(await wireCount(page, 'notifications/cancelled')).toBeGreaterThanOrEqual(1);
			expect(await wireCount(page, 'notifications/progress')).toBeGreaterThanOrEqual(1);

			const wire = await exportWire(page);
			const call = wire.request('tools/call', (p) => p.name === 'trigger-long-running-operation');
			rules.expectSent(wire, call);
			const token = (rpc(call).params?._meta as { progressToken?: unknown }).progressToken;
			const progress = wire
				.messages('incoming', 'notifications/progress')
				.filter((p) => rpc(p).params?.progressToken === token);
			expect(progress.length).toBeGreaterThan(0);
			for (const p of progress) rules.expectReceived(wire, p);
			const cancelled = wire.messages('outgoing', 'notifications/cancelled');
			expect(cancelled.map((c) => rpc(c).params?.requestId)).toEqual([rpc(call).id]);
			rules.expectSent(wire, cancelled[0]!);
		});

		test('reads a resource and a template, subscribes and sees an update', async ({ page }) => {
			await connect(page);
			await openTab(page, 'Resources');
			await page.getByRole('list', { name: 'Resources' }).getByRole('button').first().click();
			await expect(page.getByText(/^Done in/)).toBeVisible();
			const subscribe = page.getByRole('button', { name: 'Subscribe' });
			await subscribe.click();
			await expect(page.getByRole('button', { name: 'Unsubscribe' })).toBeVisible();
			// The template: fill the variable, read the expanded URI.
			await page
				.getByRole('list', { name: 'Templates' })
				.getByRole('button', { name: /Dynamic Text/ })
				.click();
			await page.getByLabel('resourceId').fill('7');
			await expect(page.getByText('demo://resource/dynamic/text/7').first()).toBeVisible();
			await page.getByRole('button', { name: 'Read resource' }).click();
			await expect(page.getByText(/Resource 7/).first()).toBeVisible();
			expect(await wireCount(page, 'request resources/read')).toBeGreaterThanOrEqual(2);
			expect(await wireCount(page, 'request resources/subscribe')).toBeGreaterThanOrEqual(1);
			// Ask the server to send updates for subscribed resources.
			await chooseTool(page, /Subscriber Updates/);
			await page.getByRole('button', { name: 'Run tool' }).click();
			await expect(result(page)).toBeVisible();
			await expect
				.poll(() => wireCount(page, 'notifications/resources/updated'), { timeout: 20_000 })
				.toBeGreaterThan(0);
			await openTab(page, 'Resources');
			await page.getByRole('list', { name: 'Resources' }).getByRole('button').first().click();
			await expect(page.getByText(/^Updated \d+ time/)).toBeVisible({ timeout: 20_000 });

			const wire = await exportWire(page);
			const reads = expectRoundTrips(rules, wire, 'resources/read');
			const template = wire.request(
				'resources/read',
				(p) => p.uri === 'demo://resource/dynamic/text/7'
			);
			expect(JSON.stringify(rpc(wire.partner(template)).result)).toContain('Resource 7');
			const [subscribed] = expectRoundTrips(rules, wire, 'resources/subscribe');
			const uri = rpc(subscribed).params?.uri;
			expect(uri).toBe(rpc(reads[0]).params?.uri);
			expectRoundTrips(rules, wire, 'tools/call');
			const updates = wire.messages('incoming', 'notifications/resources/updated');
			expect(updates.length).toBeGreaterThan(0);
			for (const update of updates) {
				expect(rpc(update).params?.uri).toBe(uri);
				rules.expectReceived(wire, update);
			}
		});

		test('gets a prompt with a completed argument', async ({ page }) => {
			await connect(page);
			await openTab(page, 'Prompts');
			await page
				.getByRole('list', { name: 'Prompts' })
				.getByRole('button', { name: /Team Management/ })
				.click();
			await page.getByLabel(/^department/).fill('En');
			await page.getByRole('button', { name: 'Engineering' }).click();
			await expect(page.getByLabel(/^department/)).toHaveValue('Engineering');
			await page.getByLabel(/^name/).fill('A');
			await page.getByRole('button', { name: 'Alice' }).click();
			await page.getByRole('button', { name: 'Get prompt' }).click();
			await expect(page.getByRole('list', { name: 'Prompt messages' })).toContainText(
				'Please promote Alice to the head of the Engineering team.'
			);
			expect(await wireCount(page, 'completion/complete')).toBeGreaterThanOrEqual(2);

			const wire = await exportWire(page);
			expectRoundTrips(rules, wire, 'completion/complete');
			const department = wire.request(
				'completion/complete',
				(p) => JSON.stringify(p.argument) === '{"name":"department","value":"En"}'
			);
			expect(rpc(wire.partner(department)).result?.completion).toMatchObject({
				values: expect.arrayContaining(['Engineering'])
			});
			// The name completion is context-aware: it was told the chosen department.
			const name = wire.request(
				'completion/complete',
				(p) =>
					p.argument !== undefined &&
					(p.argument as { name: string }).name === 'name' &&
					(p.argument as { value: string }).value === 'A'
			);
			expect(rpc(name).params?.context).toEqual({ arguments: { department: 'Engineering' } });
			const [prompt] = expectRoundTrips(rules, wire, 'prompts/get');
			expect(rpc(prompt).params?.arguments).toEqual({ department: 'Engineering', name: 'Alice' });
		});

		test('answers an elicitation and a sampling request, and changes roots', async ({ page }) => {
			await connect(page);
			await chooseTool(page, /Elicitation Request Tool/);
			await page.getByRole('button', { name: 'Run tool' }).click();
			const dialog = page.getByRole('dialog');
			await expect(dialog).toContainText('asks for input');
			// Defaults are pre-filled from the schema.
			await expect(dialog.getByLabel(/^String with default/)).toHaveValue(
				'It was a dark and stormy night.'
			);
			await dialog.getByLabel(/^String\s*\*?\s*string$/).fill('typed in the dialog');
			await dialog.getByRole('button', { name: 'Accept' }).click();
			await expect(result(page)).toContainText('typed in the dialog');
			expect(await wireCount(page, 'elicitation/create')).toBeGreaterThanOrEqual(1);

			await chooseTool(page, /Sampling Request Tool/);
			await page.getByLabel(/^prompt/).fill('Say hi');
			await page.getByRole('button', { name: 'Run tool' }).click();
			await expect(dialog).toContainText('Say hi');
			await dialog.getByLabel(/^Reply/).fill('Hi from a human');
			await dialog.getByRole('button', { name: 'Send reply' }).click();
			await expect(result(page)).toContainText('Hi from a human');
			expect(await wireCount(page, 'sampling/createMessage')).toBeGreaterThanOrEqual(1);

			await openTab(page, 'Client');
			await page.getByRole('button', { name: 'Add root' }).click();
			await page.getByLabel('Root 1 URI').fill('file:///tmp/playground-root');
			await page.getByRole('button', { name: 'Apply roots' }).click();
			await expect(page.getByText(/Roots updated \(1\)/)).toBeVisible();
			expect(await wireCount(page, 'roots/list_changed')).toBeGreaterThanOrEqual(1);
			await chooseTool(page, /Roots List/);
			await page.getByRole('button', { name: 'Run tool' }).click();
			await expect(result(page)).toContainText('file:///tmp/playground-root');

			const wire = await exportWire(page);
			expectRoundTrips(rules, wire, 'tools/call');
			expectServed(rules, wire, 'elicitation/create');
			const [elicitation] = wire.messages('incoming', 'elicitation/create');
			expect(rpc(wire.partner(elicitation!)).result).toMatchObject({
				action: 'accept',
				content: expect.objectContaining({ name: 'typed in the dialog' })
			});
			expectServed(rules, wire, 'sampling/createMessage');
			const [sampling] = wire.messages('incoming', 'sampling/createMessage');
			expect(rpc(wire.partner(sampling!)).result?.content).toEqual({
				type: 'text',
				text: 'Hi from a human'
			});
			const [changed] = wire.messages('outgoing', 'notifications/roots/list_changed');
			expect(changed).toBeDefined();
			rules.expectSent(wire, changed!);
			expectServed(rules, wire, 'roots/list');
			const lastRoots = wire.messages('incoming', 'roots/list').at(-1)!;
			expect(lastRoots.seq).toBeGreaterThan(changed!.seq);
			expect(rpc(wire.partner(lastRoots)).result?.roots).toEqual([
				{ uri: 'file:///tmp/playground-root' }
			]);
		});
	});
}
