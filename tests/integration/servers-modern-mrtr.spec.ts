/**
 * The modern test server's multi-round-trip tools, subscriptions, resources, prompts,
 * completions and CORS — probed with raw fetch.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PIXEL_PNG_BASE64 } from '../servers/modern-content.js';
import { startModernServer } from '../servers/modern.js';
import { callModern, postModern, sseEvents, type JsonObject } from './raw-http.js';
import { PLAYGROUND_ORIGINS } from '../servers/cors.js';

const PLAYGROUND_ORIGIN = String(PLAYGROUND_ORIGINS[0]);

type Server = Awaited<ReturnType<typeof startModernServer>>;
let server: Server;

beforeAll(async () => {
	server = await startModernServer({ cors: true });
});
afterAll(() => server.close());

const text = (result: JsonObject) => (result.content as Array<{ text: string }>)[0]?.text;
const call = (name: string, extra: JsonObject = {}) =>
	callModern(server.url, 'tools/call', { name, arguments: {}, ...extra });

describe('modern server: multi-round-trip input requests', () => {
	it('confirm-action asks for an elicitation and uses the answer', async () => {
		const first = await call('confirm-action', { arguments: { action: 'deploy' } });
		expect(first.resultType).toBe('input_required');
		const request = (first.inputRequests as Record<string, JsonObject>).confirm;
		expect(request?.method).toBe('elicitation/create');
		expect((request?.params as JsonObject).message).toBe('Really deploy?');
		const accepted = await call('confirm-action', {
			arguments: { action: 'deploy' },
			inputResponses: { confirm: { action: 'accept', content: { confirm: true, reason: 'ok' } } }
		});
		expect(text(accepted)).toBe('Confirmed: deploy (ok)');
		const declined = await call('confirm-action', {
			arguments: { action: 'deploy' },
			inputResponses: { confirm: { action: 'decline' } }
		});
		expect(text(declined)).toBe('deploy: declined by the user');
	});

	it('register-user takes two rounds and rejects a tampered requestState', async () => {
		const first = await call('register-user');
		expect(Object.keys(first.inputRequests as JsonObject)).toEqual(['name']);
		const second = await call('register-user', {
			inputResponses: { name: { action: 'accept', content: { name: 'Ada' } } }
		});
		expect(Object.keys(second.inputRequests as JsonObject)).toEqual(['email']);
		const state = second.requestState as string;
		expect(typeof state).toBe('string');
		const email = { email: { action: 'accept', content: { email: 'ada@example.com' } } };
		const done = await call('register-user', { requestState: state, inputResponses: email });
		expect(text(done)).toBe('Registered Ada <ada@example.com>');
		const tampered = await postModern(server.url, 'tools/call', {
			name: 'register-user',
			arguments: {},
			requestState: `${state.slice(0, -2)}xx`,
			inputResponses: email
		});
		const body = (await tampered.json()) as { error?: { code: number } };
		expect(body.error?.code).toBe(-32602);
	});

	it('summarize-text asks for sampling; list-roots asks for roots', async () => {
		const sampling = await call('summarize-text', { arguments: { text: 'a long story' } });
		const request = (sampling.inputRequests as Record<string, JsonObject>).summary;
		expect(request?.method).toBe('sampling/createMessage');
		const reply = {
			role: 'assistant',
			content: { type: 'text', text: 'short' },
			model: 'test-model'
		};
		const summary = await call('summarize-text', {
			arguments: { text: 'a long story' },
			inputResponses: { summary: reply }
		});
		expect(text(summary)).toBe('Summary by test-model: short');
		const roots = await call('list-roots');
		expect((roots.inputRequests as Record<string, JsonObject>).roots?.method).toBe('roots/list');
		const listed = await call('list-roots', {
			inputResponses: { roots: { roots: [{ uri: 'file:///work', name: 'Work' }] } }
		});
		expect(text(listed)).toBe('Client roots: file:///work (Work)');
	});
});

describe('modern server: subscriptions/listen', () => {
	it('acknowledges, then delivers resource updates and tools list changes', async () => {
		const controller = new AbortController();
		const notifications = { resourceSubscriptions: ['counter://value'], toolsListChanged: true };
		const response = await postModern(
			server.url,
			'subscriptions/listen',
			{ notifications },
			{},
			controller.signal
		);
		const events = sseEvents(response);
		const next = async () => {
			const timeout = new Promise<never>((_, reject) =>
				setTimeout(() => reject(new Error('no notification within 5 s')), 5000)
			);
			const event = await Promise.race([events.next(), timeout]);
			return JSON.parse(event.value?.data ?? 'null') as JsonObject;
		};
		try {
			expect((await next()).method).toBe('notifications/subscriptions/acknowledged');
			await call('increment-counter');
			const updated = await next();
			expect(updated.method).toBe('notifications/resources/updated');
			expect((updated.params as JsonObject).uri).toBe('counter://value');
			await call('toggle-extra-tool');
			expect((await next()).method).toBe('notifications/tools/list_changed');
			const { tools } = (await callModern(server.url, 'tools/list')) as { tools: JsonObject[] };
			expect(tools.some((t) => t.name === 'extra-echo')).toBe(true);
		} finally {
			controller.abort();
			if (server.state.extraTool) await call('toggle-extra-tool');
		}
	});
});

describe('modern server: resources, prompts, completions', () => {
	it('reads text, blob and templated resources', async () => {
		const read = (uri: string) => callModern(server.url, 'resources/read', { uri });
		const about = (await read('info://about')).contents as JsonObject[];
		expect(about[0]?.text).toContain('Modern test server');
		const pixel = (await read('info://pixel.png')).contents as JsonObject[];
		expect(pixel[0]).toMatchObject({ mimeType: 'image/png', blob: PIXEL_PNG_BASE64 });
		const greeting = (await read('greeting://swahili/Grace')).contents as JsonObject[];
		expect(greeting[0]?.text).toBe('Jambo, Grace!');
		const templates = (await callModern(server.url, 'resources/templates/list')).resourceTemplates;
		expect(templates).toEqual([
			expect.objectContaining({ uriTemplate: 'greeting://{language}/{name}' })
		]);
	});

	it('completes template variables and prompt arguments, using context', async () => {
		const complete = async (ref: JsonObject, name: string, value: string, context?: JsonObject) => {
			const result = await callModern(server.url, 'completion/complete', {
				ref,
				argument: { name, value },
				...(context ? { context } : {})
			});
			return (result.completion as { values: string[] }).values;
		};
		const template = { type: 'ref/resource', uri: 'greeting://{language}/{name}' };
		expect(await complete(template, 'language', 'ge')).toEqual(['german']);
		const review = { type: 'ref/prompt', name: 'code-review' };
		expect(await complete(review, 'language', 't')).toEqual(['typescript']);
		const trip = { type: 'ref/prompt', name: 'trip-plan' };
		expect(await complete(trip, 'city', '', { arguments: { country: 'kenya' } })).toEqual([
			'Nairobi',
			'Mombasa'
		]);
	});

	it('gets a prompt with arguments', async () => {
		const result = await callModern(server.url, 'prompts/get', {
			name: 'code-review',
			arguments: { language: 'rust', code: 'fn main() {}' }
		});
		const messages = result.messages as Array<{ content: { text: string } }>;
		expect(messages[0]?.content.text).toBe('Please review this rust code:\n\nfn main() {}');
	});
});

describe('modern server: CORS and Host checks', () => {
	it('answers the preflight for the playground origin, naming Mcp-Param-* headers', async () => {
		const response = await fetch(server.url, {
			method: 'OPTIONS',
			headers: {
				origin: PLAYGROUND_ORIGIN,
				'access-control-request-method': 'POST',
				'access-control-request-headers': 'content-type,authorization,mcp-param-region,x-unknown'
			}
		});
		expect(response.status).toBe(204);
		expect(response.headers.get('access-control-allow-origin')).toBe(PLAYGROUND_ORIGIN);
		const allowed = response.headers.get('access-control-allow-headers') ?? '';
		expect(allowed).toContain('mcp-param-region');
		expect(allowed).toContain('authorization');
		expect(allowed).not.toContain('x-unknown');
		expect(response.headers.get('access-control-expose-headers')).toContain('WWW-Authenticate');
	});

	it('refuses foreign origins and foreign Host headers with 403', async () => {
		const foreign = await postModern(
			server.url,
			'server/discover',
			{},
			{ origin: 'http://evil.example' }
		);
		expect(foreign.status).toBe(403);
		// fetch cannot forge Host; node:http can (that is what DNS rebinding looks like).
		expect(await statusWithHost(server.url, 'evil.example')).toBe(403);
		expect(await statusWithHost(server.url, new URL(server.url).host)).toBe(405);
	});

	it('sends no CORS headers when started without cors', async () => {
		const plain = await startModernServer();
		try {
			const response = await postModern(
				plain.url,
				'server/discover',
				{},
				{ origin: PLAYGROUND_ORIGIN }
			);
			expect(response.status).toBe(200);
			expect(response.headers.get('access-control-allow-origin')).toBeNull();
			await response.body?.cancel();
		} finally {
			await plain.close();
		}
	});
});

/** A GET with a chosen Host header: 403 from the guard, else 405 from the stateless endpoint. */
function statusWithHost(url: string, host: string): Promise<number | undefined> {
	return new Promise((resolve, reject) => {
		const req = request(url, { method: 'GET', headers: { host } }, (res) => {
			res.resume();
			resolve(res.statusCode);
		});
		req.once('error', reject);
		req.end();
	});
}
