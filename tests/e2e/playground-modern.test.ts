/**
 * The playground against the modern-era (2026-07-28) SDK v2 server: the whole walk on one
 * connection — a tool through the generated form, cancelling a long-running tool (closing its
 * stream), a resource and a template, a prompt with completions, elicitation, sampling and roots
 * answered through input requests (MRTR), a subscription — each checked in the UI and in the
 * exported wire log (no session, `Mcp-Method` / `Mcp-Name`, `_meta` on every request).
 */
import { expect, test, type Page } from '@playwright/test';
import { startModernServer } from '../servers/modern.js';
import { chooseTool, openConnected, openTab, wireCount } from './fixtures/playground';
import { expectInputRound, expectRoundTrips, transportRules } from './fixtures/transport-wire';
import { exportWire, rpc } from './fixtures/wire';

test.describe.configure({ mode: 'serial' });

let modern: Awaited<ReturnType<typeof startModernServer>>;
let page: Page;
let rules: ReturnType<typeof transportRules>;
test.beforeAll(async ({ browser }) => {
	modern = await startModernServer({ cors: true });
	rules = transportRules('modern', modern.url);
	page = await browser.newPage();
	await openConnected(page, modern.url);
});
test.afterAll(async () => {
	await page?.close();
	await modern?.close();
});

const result = () => page.getByRole('region', { name: 'Tool result' });
const dialog = () => page.getByRole('dialog');

test('connects without a handshake and calls a tool through the generated form', async () => {
	await expect(page.getByText(/modern era, protocol 2026-07-28/).first()).toBeVisible();
	await openTab(page, 'Overview');
	await expect(page.getByText('Modern (stateless, 2026-07-28)')).toBeVisible();

	await chooseTool(page, /Get weather/);
	await page.getByLabel(/^city/i).fill('Paris');
	await page.getByRole('button', { name: 'Run tool' }).click();
	await expect(page.getByText('matches outputSchema')).toBeVisible();
	expect(await wireCount(page, 'server/discover')).toBeGreaterThanOrEqual(1);

	const wire = await exportWire(page);
	rules.expectConnected(wire);
	expectRoundTrips(rules, wire, 'tools/list');
	const [call] = expectRoundTrips(rules, wire, 'tools/call');
	expect(rpc(call).params).toMatchObject({ name: 'get-weather', arguments: { city: 'Paris' } });
	expect(rpc(wire.partner(call!)).result?.structuredContent).toMatchObject({ city: 'Paris' });
});

test('cancels a long-running tool by closing its stream', async () => {
	await chooseTool(page, /slow-count/);
	await page.getByLabel(/^steps/).fill('50');
	await page.getByLabel(/^intervalMs/).fill('200');
	await page.getByRole('button', { name: 'Run tool' }).click();
	await expect(page.getByText(/Step \d+ of 50/).first()).toBeVisible({ timeout: 10_000 });
	await page.getByRole('button', { name: 'Cancel' }).click();
	await expect(page.getByText(/^Cancelled after/)).toBeVisible();
	// The server saw its stream close and stopped counting.
	await expect.poll(() => modern.state.slowCount.cancelled).toBe(1);
	expect(modern.state.slowCount.completed).toBe(0);

	const wire = await exportWire(page);
	const call = wire.request('tools/call', (p) => p.name === 'slow-count');
	rules.expectSent(wire, call);
	expect(wire.partner(call), 'no result arrives for a cancelled call').toBeUndefined();
	const progress = wire
		.messages('incoming', 'notifications/progress')
		.filter((p) => p.exchangeId === call.exchangeId);
	expect(progress.length, 'progress arrived on the call’s own stream').toBeGreaterThan(0);
	expect(wire.sseEventCarrying(progress[0]!)).toBeDefined();
	const ended = wire.entries.filter(
		(e) => e.type === 'http-body-end' && e.exchangeId === call.exchangeId
	);
	expect(ended, 'the response stream was closed').toHaveLength(1);
	const id = String(rpc(call).id);
	expect(
		wire.infos(new RegExp(`^Cancelled request ${id} \\(tools/call\\) by closing`))
	).toHaveLength(1);
	expect(wire.messages('outgoing', 'notifications/cancelled'), 'nothing is sent').toHaveLength(0);
});

test('reads a resource and a template with completed variables', async () => {
	await openTab(page, 'Resources');
	await page
		.getByRole('list', { name: 'Resources' })
		.getByRole('button', { name: /About this server/ })
		.click();
	// The markdown is rendered: a heading and a paragraph, not the raw text.
	const main = page.getByRole('main');
	await expect(main.getByRole('heading', { name: 'Modern test server' })).toBeVisible();
	await expect(main.getByText('Speaks MCP 2026-07-28.', { exact: true })).toBeVisible();
	await page
		.getByRole('list', { name: 'Templates' })
		.getByRole('button', { name: /greeting/ })
		.click();
	await page.getByLabel('language').fill('fr');
	await page.getByRole('button', { name: 'french' }).click();
	await page.getByLabel('name', { exact: true }).fill('A');
	await page.getByRole('button', { name: 'Ada' }).click();
	await expect(page.getByText('greeting://french/Ada').first()).toBeVisible();
	await page.getByRole('button', { name: 'Read resource' }).click();
	await expect(main.getByText('Bonjour, Ada!', { exact: true })).toBeVisible();

	const wire = await exportWire(page);
	expectRoundTrips(rules, wire, 'resources/read');
	const about = wire.request('resources/read', (p) => p.uri === 'info://about');
	expect(JSON.stringify(rpc(wire.partner(about)).result)).toContain('# Modern test server');
	const greeting = wire.request('resources/read', (p) => p.uri === 'greeting://french/Ada');
	expect(JSON.stringify(rpc(wire.partner(greeting)).result)).toContain('Bonjour, Ada!');
	expectRoundTrips(rules, wire, 'completion/complete');
	const language = wire.request(
		'completion/complete',
		(p) => JSON.stringify(p.argument) === '{"name":"language","value":"fr"}'
	);
	expect(rpc(language).params?.ref).toEqual({
		type: 'ref/resource',
		uri: 'greeting://{language}/{name}'
	});
	expect(rpc(wire.partner(language)).result?.completion).toMatchObject({ values: ['french'] });
	// The name completion is told the language chosen (context).
	const name = wire.request(
		'completion/complete',
		(p) => JSON.stringify(p.argument) === '{"name":"name","value":"A"}'
	);
	expect(rpc(name).params?.context).toEqual({ arguments: { language: 'french' } });
});

test('gets a prompt with a completed argument', async () => {
	await openTab(page, 'Prompts');
	await page
		.getByRole('list', { name: 'Prompts' })
		.getByRole('button', { name: /Code review/ })
		.click();
	await page.getByLabel(/^Programming language|^language/).fill('ty');
	await page.getByRole('button', { name: 'typescript' }).click();
	await page.getByLabel(/^The code to review|^code/).fill('const answer = 42;');
	await page.getByRole('button', { name: 'Get prompt' }).click();
	await expect(page.getByRole('list', { name: 'Prompt messages' })).toContainText(
		'Please review this typescript code:'
	);

	const wire = await exportWire(page);
	const completion = wire.request(
		'completion/complete',
		(p) => JSON.stringify(p.argument) === '{"name":"language","value":"ty"}'
	);
	expect(rpc(completion).params?.ref).toEqual({ type: 'ref/prompt', name: 'code-review' });
	expect(rpc(wire.partner(completion)).result?.completion).toMatchObject({
		values: ['typescript']
	});
	const [prompt] = expectRoundTrips(rules, wire, 'prompts/get');
	expect(rpc(prompt).params).toMatchObject({
		name: 'code-review',
		arguments: { language: 'typescript', code: 'const answer = 42;' }
	});
	expect(JSON.stringify(rpc(wire.partner(prompt!)).result?.messages)).toContain(
		'const answer = 42;'
	);

	// The resource link in the assistant message is readable: "Read" opens the Resources tab.
	const reads = () => wire.requests('resources/read').length;
	const readsBefore = reads();
	const messages = page.getByRole('list', { name: 'Prompt messages' });
	await expect(messages.getByText('info://about', { exact: true })).toBeVisible();
	await messages.getByRole('button', { name: 'Read' }).click();
	await expect(page.getByRole('tab', { name: /^Resources/, selected: true })).toBeVisible();
	await expect(page.getByRole('main').getByText('Speaks MCP 2026-07-28.')).toBeVisible();
	const after = await exportWire(page);
	const linkReads = after.requests('resources/read').slice(readsBefore);
	expect(linkReads.map((r) => rpc(r).params?.uri)).toEqual(['info://about']);
	expect(after.partner(linkReads[0]!), 'the link was read from the server').toBeDefined();
});

test('answers an elicitation asked by an input request', async () => {
	await chooseTool(page, /confirm-action/);
	await page.getByLabel(/^action/).fill('deploy');
	await page.getByRole('button', { name: 'Run tool' }).click();
	await expect(dialog()).toContainText('asks for input');
	await expect(dialog()).toContainText('Really deploy?');
	await dialog().getByRole('checkbox').first().check();
	await dialog().getByRole('button', { name: 'Accept' }).click();
	await expect(result()).toContainText('Confirmed: deploy');
	expect(await wireCount(page, 'input_required')).toBeGreaterThanOrEqual(1);

	const wire = await exportWire(page);
	const round = expectInputRound(rules, wire, 'tools/call', 'confirm', 'elicitation/create');
	expect(rpc(round.first).params?.name).toBe('confirm-action');
	expect(round.response).toMatchObject({ action: 'accept', content: { confirm: true } });
});

test('answers a sampling request asked by an input request', async () => {
	await chooseTool(page, /summarize-text/);
	await page.getByLabel(/^text/).fill('The quick brown fox jumps over the lazy dog.');
	await page.getByRole('button', { name: 'Run tool' }).click();
	await expect(dialog()).toContainText('Summarize: The quick brown fox');
	await dialog()
		.getByLabel(/^Reply/)
		.fill('A fox, quickly.');
	await dialog().getByRole('button', { name: 'Send reply' }).click();
	await expect(result()).toContainText('Summary by human-in-the-playground: A fox, quickly.');

	const wire = await exportWire(page);
	const round = expectInputRound(rules, wire, 'tools/call', 'summary', 'sampling/createMessage');
	expect(rpc(round.first).params?.name).toBe('summarize-text');
	expect(round.response).toMatchObject({
		model: 'human-in-the-playground',
		role: 'assistant',
		content: { type: 'text', text: 'A fox, quickly.' }
	});
});

test('changes roots, and the server asks for them by an input request', async () => {
	await openTab(page, 'Client');
	await page.getByRole('button', { name: 'Add root' }).click();
	await page.getByLabel('Root 1 URI').fill('file:///tmp/modern-root');
	await page.getByLabel('Root 1 name').fill('project');
	await page.getByRole('button', { name: 'Apply roots' }).click();
	// A stateless server has no session to notify; it asks when it needs them.
	await expect(page.getByText('Roots updated (1).', { exact: true })).toBeVisible();
	await chooseTool(page, /list-roots/);
	await page.getByRole('button', { name: 'Run tool' }).click();
	await expect(result()).toContainText('Client roots: file:///tmp/modern-root (project)');

	const wire = await exportWire(page);
	expect(wire.messages('outgoing', 'notifications/roots/list_changed')).toHaveLength(0);
	const round = expectInputRound(rules, wire, 'tools/call', 'roots', 'roots/list');
	expect(rpc(round.first).params?.name).toBe('list-roots');
	expect(round.response).toEqual({ roots: [{ uri: 'file:///tmp/modern-root', name: 'project' }] });
});

test('subscribes to a resource and sees an update', async () => {
	await openTab(page, 'Resources');
	const counter = page
		.getByRole('list', { name: 'Resources' })
		.getByRole('button', { name: /counter/i });
	await counter.click();
	await page.getByRole('button', { name: 'Subscribe' }).click();
	await expect(page.getByRole('button', { name: 'Unsubscribe' })).toBeVisible();
	await chooseTool(page, /increment-counter/);
	await page.getByRole('button', { name: 'Run tool' }).click();
	await expect(result()).toContainText('Counter is now 1');
	await openTab(page, 'Resources');
	await counter.click();
	await expect(page.getByText(/^Updated \d+ time/)).toBeVisible({ timeout: 15_000 });
	expect(await wireCount(page, 'subscriptions/listen')).toBeGreaterThanOrEqual(1);

	const wire = await exportWire(page);
	const listens = wire.requests('subscriptions/listen');
	const listen = listens.find((l) => JSON.stringify(rpc(l).params).includes('counter://value'));
	expect(listen, 'a listen request naming counter://value').toBeDefined();
	rules.expectSent(wire, listen!);
	const onStream = (method: string) =>
		wire.messages('incoming', method).filter((m) => m.exchangeId === listen!.exchangeId);
	expect(onStream('notifications/subscriptions/acknowledged')).toHaveLength(1);
	const updates = onStream('notifications/resources/updated');
	expect(updates.map((u) => rpc(u).params?.uri)).toContain('counter://value');
	expect(wire.sseEventCarrying(updates[0]!)).toBeDefined();
});
