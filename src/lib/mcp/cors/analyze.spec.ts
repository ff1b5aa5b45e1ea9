import { describe, expect, it } from 'vitest';
import { analyzeCors } from './analyze.js';
import { connectionNeeds } from './needs.js';
import type { CorsNeeds, HttpExchange } from './types.js';

const ORIGIN = 'http://127.0.0.1:6280';
const URL_ = 'http://127.0.0.1:7001/mcp';
const ALLOW =
	'Content-Type, Authorization, MCP-Protocol-Version, Mcp-Method, Mcp-Name, Mcp-Session-Id, Last-Event-ID';
const EXPOSE = 'Mcp-Session-Id, WWW-Authenticate, MCP-Protocol-Version';

function needs(extra: Partial<Parameters<typeof connectionNeeds>[0]> = {}): CorsNeeds {
	return connectionNeeds({ pageOrigin: ORIGIN, targetUrl: URL_, era: 'auto', ...extra });
}

type Headers_ = Array<[string, string]>;
function preflight(over: Record<string, string | null> = {}, status = 204): HttpExchange {
	return ex(
		status,
		{
			'Access-Control-Allow-Origin': ORIGIN,
			'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
			'Access-Control-Allow-Headers': ALLOW,
			Vary: 'Origin'
		},
		over
	);
}
function request(over: Record<string, string | null> = {}, status = 200): HttpExchange {
	return ex(
		status,
		{
			'Content-Type': 'application/json',
			'Mcp-Session-Id': 'abc',
			'Access-Control-Allow-Origin': ORIGIN,
			'Access-Control-Expose-Headers': EXPOSE
		},
		over
	);
}
function ex(
	status: number,
	base: Record<string, string>,
	over: Record<string, string | null>
): HttpExchange {
	const merged: Record<string, string | null> = { ...base, ...over };
	const headers: Headers_ = Object.entries(merged).filter(
		(e): e is [string, string] => e[1] !== null
	);
	return { status, headers };
}
const control = (status = 200): HttpExchange => ({ status, headers: [] });

const ids = (
	n: CorsNeeds,
	pre: HttpExchange | undefined,
	req: HttpExchange | undefined,
	ctl?: HttpExchange
) =>
	analyzeCors({ needs: n, observed: { preflight: pre, request: req, control: ctl } }).map((p) =>
		[p.id, p.header ?? '', (p.missing ?? []).join(',')].join(' ')
	);

describe('analyzeCors — a correct server', () => {
	it('reports nothing', () => {
		expect(ids(needs(), preflight(), request(), control())).toEqual([]);
	});
	it('accepts `*` everywhere for a request without credentials or Authorization', () => {
		const all = {
			'Access-Control-Allow-Origin': '*',
			'Access-Control-Allow-Methods': '*',
			'Access-Control-Allow-Headers': '*'
		};
		expect(
			ids(
				needs(),
				preflight(all),
				request({ 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': '*' })
			)
		).toEqual([]);
	});
	it('compares header lists case-insensitively and tolerates odd spacing and repeats', () => {
		const pre = preflight({
			'Access-Control-Allow-Headers': 'content-type,AUTHORIZATION ,  mcp-protocol-version'
		});
		pre.headers.push([
			'access-control-allow-headers',
			'MCP-METHOD, mcp-name,mcp-session-id, last-event-id'
		]);
		expect(
			ids(
				needs({ authorization: true }),
				pre,
				request({
					'Access-Control-Expose-Headers': 'mcp-session-id,www-authenticate,mcp-protocol-version'
				})
			)
		).toEqual([]);
	});
});

describe('Access-Control-Allow-Origin', () => {
	it('missing on both is one problem seen in both phases', () => {
		const result = analyzeCors({
			needs: needs(),
			observed: {
				preflight: preflight({ 'Access-Control-Allow-Origin': null }),
				request: request({ 'Access-Control-Allow-Origin': null })
			}
		});
		expect(result.map((p) => p.id)).toEqual(['acao-missing']);
		expect(result[0]?.phases).toEqual(['preflight', 'request']);
		expect(result[0]?.fix).toContain(ORIGIN);
	});
	it('missing on the response only (e.g. a 401 without CORS headers)', () => {
		expect(
			ids(needs(), preflight(), request({ 'Access-Control-Allow-Origin': null }, 401))
		).toEqual(['acao-missing Access-Control-Allow-Origin ']);
	});
	it('a different origin', () => {
		const r = analyzeCors({
			needs: needs(),
			observed: {
				preflight: preflight({ 'Access-Control-Allow-Origin': 'https://example.com' }),
				request: request({ 'Access-Control-Allow-Origin': 'https://example.com' })
			}
		});
		expect(r.map((p) => p.id)).toEqual(['acao-mismatch']);
		expect(r[0]?.message).toContain('https://example.com');
	});
	it('explains a trailing slash', () => {
		const r = analyzeCors({
			needs: needs(),
			observed: { preflight: preflight({ 'Access-Control-Allow-Origin': `${ORIGIN}/` }) }
		});
		expect(r[0]?.id).toBe('acao-mismatch');
		expect(r[0]?.message).toContain('trailing slash');
	});
	it('the origin compare is case-sensitive', () => {
		const r = analyzeCors({
			needs: needs(),
			observed: { preflight: preflight({ 'Access-Control-Allow-Origin': ORIGIN.toUpperCase() }) }
		});
		expect(r[0]?.message).toContain('case-sensitive');
	});
	it('multiple values: sent twice', () => {
		const pre = preflight();
		pre.headers.push(['Access-Control-Allow-Origin', '*']);
		expect(ids(needs(), pre, request())).toEqual(['acao-multiple Access-Control-Allow-Origin ']);
	});
	it('multiple values: a comma list in one header', () => {
		expect(
			ids(
				needs(),
				preflight(),
				request({ 'Access-Control-Allow-Origin': `${ORIGIN}, https://a.example` })
			)
		).toEqual(['acao-multiple Access-Control-Allow-Origin ']);
	});
	it('`*` with credentials fails, and Allow-Credentials must be exactly true', () => {
		const n = needs({ credentials: true });
		const r = ids(
			n,
			preflight({ 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Credentials': 'true' }),
			request({ 'Access-Control-Allow-Credentials': 'True' })
		);
		expect(r).toEqual([
			'acao-wildcard-credentials Access-Control-Allow-Origin ',
			'allow-credentials-missing Access-Control-Allow-Credentials '
		]);
	});
});

describe('preflight status', () => {
	for (const [status, word] of [
		[401, 'Authorization'],
		[403, 'refuses'],
		[404, 'not mounted'],
		[405, 'does not accept OPTIONS'],
		[500, 'Answer OPTIONS']
	] as const) {
		it(`${status} on OPTIONS is one problem, without noise about its missing headers`, () => {
			const r = analyzeCors({
				needs: needs(),
				observed: { preflight: { status, headers: [] }, request: request(), control: control() }
			});
			expect(r.map((p) => p.id)).toEqual(['preflight-status']);
			expect(r[0]?.message).toContain(String(status));
			expect(r[0]?.message).toContain(word);
		});
	}
	it('a redirect on OPTIONS names the Location', () => {
		const r = analyzeCors({
			needs: needs(),
			observed: {
				preflight: { status: 308, headers: [['Location', 'http://127.0.0.1:7001/mcp/']] },
				request: request()
			}
		});
		expect(r.map((p) => [p.id, p.header])).toEqual([['preflight-redirect', 'Location']]);
		expect(r[0]?.fix).toContain('/mcp/');
	});
	it('a redirect on the request is a warning', () => {
		expect(ids(needs(), preflight(), request({ Location: 'https://x.example/mcp' }, 302))).toEqual([
			'request-redirect Location '
		]);
	});
});

describe('Access-Control-Allow-Methods', () => {
	it('missing POST is a warning (safelisted, browsers tolerate it)', () => {
		const r = analyzeCors({
			needs: needs(),
			observed: { preflight: preflight({ 'Access-Control-Allow-Methods': 'GET, DELETE, OPTIONS' }) }
		});
		expect(r.map((p) => [p.id, p.severity, p.missing])).toEqual([
			['allow-methods-missing', 'warning', ['POST']]
		]);
		expect(r[0]?.message).toContain('safelisted');
	});
	it('missing DELETE for a legacy session says the session cannot be ended', () => {
		const r = analyzeCors({
			needs: needs({ era: 'legacy' }),
			observed: { preflight: preflight({ 'Access-Control-Allow-Methods': 'POST, GET' }) }
		});
		expect(r[0]?.missing).toEqual(['DELETE']);
		expect(r[0]?.message).toContain('end its session');
	});
	it('missing GET for a legacy connection (its SSE stream) names GET alone', () => {
		expect(
			ids(
				needs({ era: 'legacy' }),
				preflight({ 'Access-Control-Allow-Methods': 'POST, DELETE' }),
				undefined
			)
		).toEqual(['allow-methods-missing Access-Control-Allow-Methods GET']);
	});
	it('modern era needs only POST', () => {
		expect(
			ids(
				needs({ era: 'modern' }),
				preflight({ 'Access-Control-Allow-Methods': 'POST' }),
				undefined
			)
		).toEqual([]);
	});
	it('`*` is literal with credentials', () => {
		const n = needs({ credentials: true, era: 'legacy' });
		const r = ids(
			n,
			preflight({
				'Access-Control-Allow-Methods': '*',
				'Access-Control-Allow-Credentials': 'true'
			}),
			undefined
		);
		expect(r).toEqual(['allow-methods-missing Access-Control-Allow-Methods POST,GET,DELETE']);
	});
});

describe('Access-Control-Allow-Headers', () => {
	it('names exactly the header missing', () => {
		expect(
			ids(
				needs(),
				preflight({ 'Access-Control-Allow-Headers': ALLOW.replace('MCP-Protocol-Version, ', '') }),
				request()
			)
		).toEqual(['allow-headers-missing Access-Control-Allow-Headers MCP-Protocol-Version']);
	});
	describe('dropping any one header from an explicit list names exactly that one', () => {
		const every = [...ALLOW.split(', '), 'Mcp-Param-Region'];
		const n = needs({ authorization: true, paramHeaders: ['Mcp-Param-Region'] });
		it('the full list passes', () => {
			const list = every.join(', ');
			expect(ids(n, preflight({ 'Access-Control-Allow-Headers': list }), undefined)).toEqual([]);
		});
		it.each(every)('%s', (dropped) => {
			const list = every.filter((h) => h !== dropped).join(', ');
			expect(ids(n, preflight({ 'Access-Control-Allow-Headers': list }), undefined)).toEqual([
				`allow-headers-missing Access-Control-Allow-Headers ${dropped}`
			]);
		});
	});
	it('absent entirely lists every header the connection sends', () => {
		const r = analyzeCors({
			needs: needs({ era: 'modern' }),
			observed: { preflight: preflight({ 'Access-Control-Allow-Headers': null }) }
		});
		expect(r[0]?.missing).toEqual([
			'Content-Type',
			'MCP-Protocol-Version',
			'Mcp-Method',
			'Mcp-Name'
		]);
		expect(r[0]?.message).toContain('absent');
	});
	it('includes each Mcp-Param-* header of the tools', () => {
		const n = needs({ era: 'modern', paramHeaders: ['Mcp-Param-Region'] });
		expect(ids(n, preflight(), undefined)).toEqual([
			'allow-headers-missing Access-Control-Allow-Headers Mcp-Param-Region'
		]);
	});
	it('`*` does not cover Authorization (and only Authorization is reported)', () => {
		const r = analyzeCors({
			needs: needs({ authorization: true }),
			observed: { preflight: preflight({ 'Access-Control-Allow-Headers': '*' }) }
		});
		expect(r.map((p) => [p.id, p.missing])).toEqual([
			['allow-headers-wildcard-authorization', ['Authorization']]
		]);
	});
	it('`*, Authorization` covers everything', () => {
		expect(
			ids(
				needs({ authorization: true }),
				preflight({ 'Access-Control-Allow-Headers': '*, authorization' }),
				undefined
			)
		).toEqual([]);
	});
	it('`*` is literal with credentials', () => {
		const r = analyzeCors({
			needs: needs({ credentials: true, era: 'modern' }),
			observed: {
				preflight: preflight({
					'Access-Control-Allow-Headers': '*',
					'Access-Control-Allow-Credentials': 'true'
				})
			}
		});
		expect(r.map((p) => p.id)).toEqual(['allow-headers-wildcard-credentials']);
		expect(r[0]?.message).toContain('literal');
	});
	it('Last-Event-ID alone is a warning', () => {
		const r = analyzeCors({
			needs: needs({ era: 'legacy' }),
			observed: {
				preflight: preflight({
					'Access-Control-Allow-Headers': ALLOW.replace(', Last-Event-ID', '')
				})
			}
		});
		expect(r.map((p) => [p.severity, p.missing])).toEqual([['warning', ['Last-Event-ID']]]);
	});
});

describe('Access-Control-Expose-Headers', () => {
	it('Mcp-Session-Id sent but not exposed: the session symptom', () => {
		const r = analyzeCors({
			needs: needs(),
			observed: {
				request: request({
					'Access-Control-Expose-Headers': 'WWW-Authenticate, MCP-Protocol-Version'
				})
			}
		});
		expect(r.map((p) => [p.id, p.severity, p.missing])).toEqual([
			['expose-headers-missing', 'error', ['Mcp-Session-Id']]
		]);
		expect(r[0]?.message).toContain('next request');
	});
	it('WWW-Authenticate sent on a 401 but not exposed', () => {
		const req = request(
			{
				'Mcp-Session-Id': null,
				'WWW-Authenticate': 'Bearer resource_metadata="x"',
				'Access-Control-Expose-Headers': 'Mcp-Session-Id'
			},
			401
		);
		expect(ids(needs(), undefined, req)).toEqual([
			'expose-headers-missing Access-Control-Expose-Headers WWW-Authenticate'
		]);
	});
	it('MCP-Protocol-Version sent but not exposed is a warning', () => {
		const r = analyzeCors({
			needs: needs(),
			observed: {
				request: request({
					'MCP-Protocol-Version': '2025-11-25',
					'Access-Control-Expose-Headers': 'Mcp-Session-Id'
				})
			}
		});
		expect(r.map((p) => [p.severity, p.missing])).toEqual([['warning', ['MCP-Protocol-Version']]]);
	});
	it('a header the server never sends is not reported', () => {
		expect(
			ids(
				needs(),
				undefined,
				request({ 'Mcp-Session-Id': null, 'Access-Control-Expose-Headers': null })
			)
		).toEqual([]);
	});
	it('`*` exposes everything without credentials, nothing with them', () => {
		expect(ids(needs(), undefined, request({ 'Access-Control-Expose-Headers': '*' }))).toEqual([]);
		const n = needs({ credentials: true });
		expect(
			ids(
				n,
				undefined,
				request({
					'Access-Control-Expose-Headers': '*',
					'Access-Control-Allow-Credentials': 'true'
				})
			)
		).toEqual(['expose-headers-missing Access-Control-Expose-Headers Mcp-Session-Id']);
	});
	it('is not checked on a response the browser withholds anyway', () => {
		expect(
			ids(
				needs(),
				undefined,
				request({ 'Access-Control-Allow-Origin': null, 'Access-Control-Expose-Headers': null })
			)
		).toEqual(['acao-missing Access-Control-Allow-Origin ']);
	});
});

describe('the server rejecting the Origin', () => {
	it('403 with Origin and 200 without it is origin-rejected and nothing else', () => {
		const r = analyzeCors({
			needs: needs(),
			observed: {
				preflight: { status: 403, headers: [] },
				request: { status: 403, headers: [], bodySnippet: 'Forbidden: invalid Origin' },
				control: control(200)
			}
		});
		expect(r.map((p) => [p.id, p.header])).toEqual([['origin-rejected', 'Origin']]);
		expect(r[0]?.message).toContain('invalid Origin');
	});
	it('403 both with and without Origin is not an Origin check', () => {
		const r = ids(needs(), preflight(), request({}, 403), control(403));
		expect(r).toEqual([]);
	});
});

describe('network', () => {
	it('unreachable is reported alone', () => {
		const down = { status: 0, headers: [], error: 'connect ECONNREFUSED' };
		const r = analyzeCors({ needs: needs(), observed: { preflight: down, request: down } });
		expect(r.map((p) => p.id)).toEqual(['unreachable']);
		expect(r[0]?.message).toContain('ECONNREFUSED');
	});
	it('mixed content: https page, http public server', () => {
		const n = connectionNeeds({
			pageOrigin: 'https://play.example',
			targetUrl: 'http://mcp.example/mcp'
		});
		expect(ids(n, undefined, undefined)).toEqual(['mixed-content  ']);
	});
	it('https page to http loopback is not mixed content but is private-network access', () => {
		const n = connectionNeeds({
			pageOrigin: 'https://play.example',
			targetUrl: 'http://127.0.0.1:3000/mcp'
		});
		expect(ids(n, undefined, undefined)).toEqual(['private-network  ']);
	});
});
