/**
 * Tool results rendered by content type, from real servers: an image (server-everything's
 * get-tiny-image) as an <img> that decodes, resource links that the playground can read, an
 * embedded resource, an `isError` result marked as a tool error (server-everything turns a
 * handler's exception into one), and audio (the modern test server's play-tone) as an <audio>
 * the browser can decode. Each rendering is checked against the result on the wire.
 */
import { expect, test, type Page } from '@playwright/test';
import { startEverything } from '../servers/everything.js';
import { startModernServer } from '../servers/modern.js';
import { chooseTool, openConnected } from './fixtures/playground';
import { exportWire, rpc, type ExportedWire } from './fixtures/wire';

let everything: Awaited<ReturnType<typeof startEverything>>;
let modern: Awaited<ReturnType<typeof startModernServer>>;
test.beforeAll(async () => {
	[everything, modern] = await Promise.all([
		startEverything('streamableHttp'),
		startModernServer({ cors: true })
	]);
});
test.afterAll(async () => Promise.all([everything?.close(), modern?.close()]));

const result = (page: Page) => page.getByRole('region', { name: 'Tool result' });
const toolError = (page: Page) => result(page).getByRole('alert').filter({ hasText: 'Tool error' });

async function run(page: Page, tool: RegExp, fill: Record<string, string> = {}): Promise<void> {
	await chooseTool(page, tool);
	for (const [label, value] of Object.entries(fill))
		await page.getByLabel(new RegExp(`^${label}`)).fill(value);
	await page.getByRole('button', { name: 'Run tool' }).click();
	await expect(page.getByText(/^Done in/)).toBeVisible();
}

/** The content of the one result of `tool` on the wire. */
function contentOnWire(wire: ExportedWire, tool: string, where = (_: unknown) => true) {
	const call = wire.request('tools/call', (p) => p.name === tool && where(p.arguments));
	return rpc(wire.partner(call)).result as {
		content: Record<string, unknown>[];
		isError?: boolean;
	};
}

test('server-everything: image, resource links, embedded resource and an isError result', async ({
	page
}) => {
	await openConnected(page, everything.url, 'streamable-http');

	await run(page, /Get Tiny Image/);
	const img = result(page).getByRole('img', { name: 'Image from the server (image/png)' });
	await expect(img).toBeVisible();
	await expect(img).toHaveAttribute('src', /^data:image\/png;base64,iVBOR/);
	// It decodes: the MCP logo is 20×20.
	await expect
		.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth))
		.toBe(20);
	await expect(toolError(page)).toHaveCount(0);
	const shownImage = await img.getAttribute('src');

	await run(page, /Get Resource Links/, { count: '3' });
	const links = result(page).getByText('resource link', { exact: true });
	await expect(links).toHaveCount(3);
	for (const uri of [
		'demo://resource/dynamic/blob/1',
		'demo://resource/dynamic/text/2',
		'demo://resource/dynamic/blob/3'
	])
		await expect(result(page).getByText(uri, { exact: true })).toBeVisible();
	// A link is readable: "Read" opens it in the Resources tab and reads it.
	await result(page).getByRole('button', { name: 'Read' }).nth(1).click();
	await expect(page.getByRole('tab', { name: /^Resources/, selected: true })).toBeVisible();
	await expect(
		page.getByRole('main').getByText(/^Resource 2: This is a plaintext resource/)
	).toBeVisible();

	await run(page, /Get Resource Reference/, { resourceId: '1' });
	await expect(result(page).getByText('embedded resource', { exact: true })).toBeVisible();
	await expect(result(page).getByText(/^Resource 1: This is a plaintext resource/)).toBeVisible();
	await expect(toolError(page)).toHaveCount(0);

	// The server rejects resourceId 0 by throwing; the SDK answers with an isError result.
	await run(page, /Get Resource Reference/, { resourceId: '0' });
	await expect(toolError(page)).toContainText('isError: true');
	await expect(result(page)).toContainText('Invalid resourceId: 0');

	const wire = await exportWire(page);
	const image = contentOnWire(wire, 'get-tiny-image').content[1]!;
	expect(image).toMatchObject({ type: 'image', mimeType: 'image/png' });
	expect(shownImage).toBe(`data:image/png;base64,${String(image.data)}`);
	const linked = contentOnWire(wire, 'get-resource-links').content;
	expect(linked.filter((c) => c.type === 'resource_link')).toHaveLength(3);
	const read = wire.request('resources/read', (p) => p.uri === 'demo://resource/dynamic/text/2');
	expect(wire.partner(read), 'the link was read from the server').toBeDefined();
	const isId = (id: number) => (args: unknown) =>
		(args as { resourceId?: unknown }).resourceId === id;
	const embedded = contentOnWire(wire, 'get-resource-reference', isId(1));
	expect(embedded.isError).toBeUndefined();
	expect(embedded.content[1]).toMatchObject({ type: 'resource' });
	const failed = contentOnWire(wire, 'get-resource-reference', isId(0));
	expect(failed.isError).toBe(true);
});

test('modern server: an audio result plays as audio', async ({ page }) => {
	await openConnected(page, modern.url);
	await run(page, /play-tone/, { hz: '660', ms: '300' });
	const audio = result(page).getByLabel('Audio from the server (audio/wav)');
	await expect(audio).toHaveAttribute('src', /^data:audio\/wav;base64,UklGR/);
	// The browser decodes it: 300 ms of audio.
	const duration = await audio.evaluate(
		(el: HTMLAudioElement) =>
			new Promise<number>((resolve, reject) => {
				if (el.readyState >= 1) return resolve(el.duration);
				el.addEventListener('loadedmetadata', () => resolve(el.duration), { once: true });
				el.addEventListener('error', () => reject(new Error('the audio did not decode')), {
					once: true
				});
			})
	);
	expect(duration).toBeCloseTo(0.3, 2);

	const wire = await exportWire(page);
	const tone = contentOnWire(wire, 'play-tone').content[1]!;
	expect(tone).toMatchObject({ type: 'audio', mimeType: 'audio/wav' });
	await expect(audio).toHaveAttribute('src', `data:audio/wav;base64,${String(tone.data)}`);
});
