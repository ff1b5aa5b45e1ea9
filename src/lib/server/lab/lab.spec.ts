import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeCors } from '$lib/mcp/cors/analyze';
import { connectionNeeds } from '$lib/mcp/cors/needs';
import { probeCors } from '../probe.js';
import { postLegacyInitialize, sseEvents } from '../../../../tests/integration/raw-http.js';
import { LAB_TOKEN, startLab, type RunningLab } from './index.js';

const PAGE = 'http://127.0.0.1:4319';
let lab: RunningLab;

beforeAll(async () => {
	lab = await startLab([PAGE]);
});
afterAll(async () => {
	await lab.close();
});

describe('the probe and the analysis against every lab server', () => {
	it('covers every scenario', () => {
		expect(lab.servers.length).toBe(14);
	});

	for (const id of [
		'correct',
		'correct-json',
		'no-allow-origin',
		'wrong-origin',
		'two-allow-origins',
		'wildcard-authorization',
		'options-401',
		'options-405',
		'preflight-redirect',
		'no-post-method',
		'no-protocol-version-header',
		'hidden-session-id',
		'hidden-www-authenticate',
		'origin-check'
	]) {
		it(`${id}: names exactly the expected problem`, async () => {
			const s = lab.servers.find((x) => x.id === id)!;
			const requestHeaders: Record<string, string> = s.pageSendsToken
				? { Authorization: `Bearer ${LAB_TOKEN}` }
				: {};
			const result = await probeCors({
				url: new URL(s.url),
				origin: PAGE,
				method: 'POST',
				requestHeaders,
				era: 'auto'
			});
			const needs = connectionNeeds({
				pageOrigin: PAGE,
				targetUrl: s.url,
				era: 'auto',
				authorization: !!s.pageSendsToken
			});
			const problems = analyzeCors({ needs, observed: result });
			const found = problems.map((p) => ({
				id: p.id,
				header: p.header,
				missing: p.missing,
				severity: p.severity
			}));
			if (!s.expect) return expect(found).toEqual([]);
			expect(found).toEqual([
				{
					id: s.expect.id,
					header: s.expect.header,
					missing: s.expect.missing,
					severity: s.expect.severity
				}
			]);
		});
	}

	it('returns every header as sent, repeats kept', async () => {
		const s = lab.servers.find((x) => x.id === 'two-allow-origins')!;
		const result = await probeCors({
			url: new URL(s.url),
			origin: PAGE,
			method: 'POST',
			requestHeaders: {},
			era: 'auto'
		});
		const acao = result.preflight.headers.filter(
			([n]) => n.toLowerCase() === 'access-control-allow-origin'
		);
		expect(acao.map(([, v]) => v)).toEqual([PAGE, '*']);
		expect(result.sent.preflight.headers).toContainEqual(['Access-Control-Request-Method', 'POST']);
	});

	it('reports an unreachable server as such', async () => {
		const s = lab.servers[0]!;
		const dead = new URL(s.url);
		dead.port = '1';
		const result = await probeCors({
			url: dead,
			origin: PAGE,
			method: 'POST',
			requestHeaders: {},
			era: 'auto'
		});
		expect(result.request.error).toMatch(/ECONNREFUSED/);
		const needs = connectionNeeds({ pageOrigin: PAGE, targetUrl: dead.href });
		expect(analyzeCors({ needs, observed: result }).map((p) => p.id)).toEqual(['unreachable']);
	});
});

describe('the lab servers answer initialize the way their scenario says', () => {
	it.each([
		['correct', 'text/event-stream'],
		['correct-json', 'application/json']
	])('%s: %s', async (id, mediaType) => {
		const s = lab.servers.find((x) => x.id === id)!;
		const response = await postLegacyInitialize(s.url, { origin: PAGE });
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(new RegExp(`^${mediaType}`));
		expect(response.headers.get('mcp-session-id')).toBeTruthy();
		expect(await response.text()).toContain(`cors-lab-${id}`);
	});

	it('sse: the HTTP+SSE server beside them announces its POST endpoint first', async () => {
		const controller = new AbortController();
		const response = await fetch(lab.sse.url, {
			headers: { origin: PAGE },
			signal: controller.signal
		});
		expect(response.headers.get('access-control-allow-origin')).toBe(PAGE);
		const first = await sseEvents(response)[Symbol.asyncIterator]().next();
		controller.abort();
		expect(first.value).toMatchObject({ event: 'endpoint' });
		expect(new URL(first.value!.data, lab.sse.url).href).toContain(
			`${lab.sse.messagesUrl}?sessionId=`
		);
	});
});
