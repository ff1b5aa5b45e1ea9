import { transform } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { fixSnippets, type Stack } from './fixes.js';
import { connectionNeeds, type NeedsInput } from './needs.js';
import type { CorsNeeds, CorsProblem } from './types.js';

const ORIGIN = 'http://127.0.0.1:6280';
const TARGET = 'http://127.0.0.1:7001/mcp';

function needsFor(extra: Partial<NeedsInput> = {}): CorsNeeds {
	return connectionNeeds({
		pageOrigin: ORIGIN,
		targetUrl: TARGET,
		era: 'auto',
		authorization: true,
		paramHeaders: ['Mcp-Param-Region'],
		...extra
	});
}

function snippet(stack: Stack, needs: CorsNeeds, problems: CorsProblem[] = []): string {
	const found = fixSnippets(needs, problems).find((s) => s.stack === stack);
	if (!found) throw new Error(`no ${stack} snippet`);
	return found.code;
}

/** Where each stack writes each value: a regex whose group 1 is the list as written. */
interface Layout {
	/** Every place the allowed origin is written (all must be exactly ORIGIN). */
	origin: RegExp;
	methods: RegExp;
	allowHeaders: RegExp;
	exposeHeaders: RegExp;
	/** The credentials switch when on; `off`, when the stack spells "off" explicitly. */
	credentials: { on: RegExp; off?: RegExp };
}

const LAYOUTS: Record<Stack, Layout> = {
	express: {
		origin: /allowedOrigins = \[(.*)\]/g,
		methods: /methods: \[(.*)\]/,
		allowHeaders: /allowedHeaders: \[(.*)\]/,
		exposeHeaders: /exposedHeaders: \[(.*)\]/,
		credentials: { on: /^\t\tcredentials: true$/m }
	},
	hono: {
		origin: /origin: \[(.*)\]/g,
		methods: /allowMethods: \[(.*)\]/,
		allowHeaders: /allowHeaders: \[(.*)\]/,
		exposeHeaders: /exposeHeaders: \[(.*)\]/,
		credentials: { on: /^\t\tcredentials: true$/m }
	},
	fastify: {
		origin: /origin: \[(.*)\]/g,
		methods: /methods: \[(.*)\]/,
		allowHeaders: /allowedHeaders: \[(.*)\]/,
		exposeHeaders: /exposedHeaders: \[(.*)\]/,
		credentials: { on: /^\tcredentials: true$/m }
	},
	fastapi: {
		origin: /allow_origins=\[(.*)\]/g,
		methods: /allow_methods=\[(.*)\]/,
		allowHeaders: /allow_headers=\[(.*)\]/,
		exposeHeaders: /expose_headers=\[(.*)\]/,
		credentials: { on: /allow_credentials=True,/, off: /allow_credentials=False,/ }
	},
	go: {
		origin: /(?:Get\("Origin"\) == |"Access-Control-Allow-Origin", )"(.*?)"/g,
		methods: /"Access-Control-Allow-Methods", "(.*)"/,
		allowHeaders: /"Access-Control-Allow-Headers", "(.*)"/,
		exposeHeaders: /"Access-Control-Expose-Headers", "(.*)"/,
		credentials: { on: /h\.Set\("Access-Control-Allow-Credentials", "true"\)/ }
	},
	nginx: {
		origin: /add_header Access-Control-Allow-Origin "(.*)" always;/g,
		methods: /add_header Access-Control-Allow-Methods "(.*)" always;/,
		allowHeaders: /add_header Access-Control-Allow-Headers "(.*)" always;/,
		exposeHeaders: /add_header Access-Control-Expose-Headers "(.*)" always;/,
		credentials: { on: /add_header Access-Control-Allow-Credentials "true" always;/ }
	},
	worker: {
		origin: /ALLOWED = new Set\(\[(.*)\]\)/g,
		methods: /'Access-Control-Allow-Methods': '(.*)'/,
		allowHeaders: /'Access-Control-Allow-Headers': '(.*)'/,
		exposeHeaders: /'Access-Control-Expose-Headers': '(.*)'/,
		credentials: { on: /'Access-Control-Allow-Credentials': 'true'/ }
	}
};

const STACKS = Object.keys(LAYOUTS) as Stack[];

/** The entries of a written list: `'a', 'b'`, `"a", "b"` or `a, b`. */
function entries(code: string, where: RegExp): string[] {
	const match = where.exec(code);
	if (!match) throw new Error(`${where} not found in:\n${code}`);
	return match[1]!.split(',').map((e) => e.trim().replace(/^(['"])(.*)\1$/, '$2'));
}

describe('fixSnippets', () => {
	it('has one snippet per stack, in a stable order', () => {
		expect(fixSnippets(needsFor()).map((s) => s.stack)).toEqual(STACKS);
	});

	describe.each(STACKS)('%s', (stack) => {
		const layout = LAYOUTS[stack];

		it('allows exactly the page origin, and no wildcard', () => {
			const code = snippet(stack, needsFor());
			const written = [...code.matchAll(layout.origin)].map((m) =>
				m[1]!.replace(/^(['"])(.*)\1$/, '$2')
			);
			expect(written.length).toBeGreaterThan(0);
			for (const origin of written) expect(origin).toBe(ORIGIN);
			expect(code).not.toMatch(/['"]\*['"]/);
		});

		it.each([
			['auto', ['POST', 'GET', 'DELETE', 'OPTIONS']],
			['legacy', ['POST', 'GET', 'DELETE', 'OPTIONS']],
			['modern', ['POST', 'OPTIONS']]
		] as const)('lists the methods of a %s connection', (era, methods) => {
			expect(entries(snippet(stack, needsFor({ era })), layout.methods)).toEqual(methods);
		});

		it('allows every request header the connection sends (and exposes what it reads)', () => {
			const needs = needsFor({ extraHeaders: ['X-Tenant'] });
			const code = snippet(stack, needs);
			expect(entries(code, layout.allowHeaders)).toEqual([
				'Content-Type',
				'MCP-Protocol-Version',
				'Authorization',
				'Mcp-Method',
				'Mcp-Name',
				'Mcp-Param-Region',
				'Mcp-Session-Id',
				'Last-Event-ID',
				'X-Tenant'
			]);
			expect(entries(code, layout.exposeHeaders)).toEqual([
				'Mcp-Session-Id',
				'WWW-Authenticate',
				'MCP-Protocol-Version'
			]);
		});

		it('follows the era: no session headers for a modern connection', () => {
			const code = snippet(stack, needsFor({ era: 'modern', authorization: false }));
			expect(entries(code, layout.allowHeaders)).toEqual([
				'Content-Type',
				'MCP-Protocol-Version',
				'Mcp-Method',
				'Mcp-Name',
				'Mcp-Param-Region'
			]);
			expect(entries(code, layout.exposeHeaders)).toEqual([
				'WWW-Authenticate',
				'MCP-Protocol-Version'
			]);
		});

		it('turns credentials on only when the connection uses them', () => {
			expect(snippet(stack, needsFor({ credentials: true }))).toMatch(layout.credentials.on);
			const without = snippet(stack, needsFor({ credentials: false }));
			expect(without).not.toMatch(layout.credentials.on);
			if (layout.credentials.off) expect(without).toMatch(layout.credentials.off);
		});

		it('adds the notes for the problems found', () => {
			const problem = (id: CorsProblem['id']) => ({ id }) as CorsProblem;
			const plain = snippet(stack, needsFor());
			const noted = snippet(stack, needsFor(), [
				problem('preflight-status'),
				problem('acao-multiple'),
				problem('origin-rejected')
			]);
			expect(plain).not.toContain('before authentication');
			expect(noted).toContain('OPTIONS must get 204');
			expect(noted).toContain('ONE layer only');
			expect(noted).toContain(`must accept ${ORIGIN}`);
		});
	});
});

describe('fixSnippets — what each stack must get right beyond the lists', () => {
	const credentialed = needsFor({ credentials: true });

	it('nginx: every add_header is `always` (401s from the app must carry CORS too)', () => {
		const code = snippet('nginx', credentialed);
		const adds = code.split('\n').filter((l) => l.trim().startsWith('add_header'));
		expect(adds.length).toBeGreaterThan(0);
		for (const line of adds) expect(line).toMatch(/ always;$/);
	});

	it('nginx: the preflight block answers 204 with the full set; the response gets its own', () => {
		const code = snippet('nginx', credentialed);
		const [preflight = '', rest = ''] = code.split(/^ {8}return 204;\n {4}}$/m);
		const ifBlock = preflight.slice(preflight.indexOf('if ($request_method = OPTIONS)'));
		for (const header of ['Origin', 'Methods', 'Headers', 'Credentials']) {
			expect(ifBlock).toContain(`add_header Access-Control-Allow-${header} `);
		}
		for (const header of ['Allow-Origin', 'Expose-Headers', 'Allow-Credentials']) {
			expect(rest).toContain(`add_header Access-Control-${header} `);
		}
		expect(rest.indexOf('proxy_pass')).toBeGreaterThan(rest.indexOf('add_header'));
	});

	it('nginx: hides the app’s own copies of every header it adds (two values fail CORS)', () => {
		const code = snippet('nginx', credentialed);
		for (const header of ['Allow-Origin', 'Allow-Credentials', 'Expose-Headers']) {
			expect(code).toContain(`proxy_hide_header Access-Control-${header};`);
		}
	});

	it('Go: answers OPTIONS with 204 before the wrapped (auth) handler runs', () => {
		const code = snippet('go', credentialed);
		const options = code.indexOf('if r.Method == http.MethodOptions');
		expect(options).toBeGreaterThan(-1);
		const returned = code.indexOf('w.WriteHeader(http.StatusNoContent)\n\t\t\t\treturn', options);
		expect(returned).toBeGreaterThan(options);
		expect(code.indexOf('next.ServeHTTP(w, r)')).toBeGreaterThan(returned);
		expect(code).toContain('withCORS(authMiddleware(mcpHandler))');
	});

	it('Go: Vary: Origin on every answer, allowed origin or not (caches)', () => {
		const code = snippet('go', credentialed);
		expect(code.indexOf('.Add("Vary", "Origin")')).toBeGreaterThan(-1);
		expect(code.indexOf('.Add("Vary", "Origin")')).toBeLessThan(code.indexOf('if r.Header.Get'));
	});

	it('Express, Hono, Fastify and Starlette are registered before auth', () => {
		expect(snippet('express', credentialed)).toContain('before app.use(auth)');
		expect(snippet('hono', credentialed)).toContain('before the auth middleware');
		expect(snippet('fastify', credentialed)).toMatch(/before .*auth/);
		expect(snippet('fastapi', credentialed)).toContain('runs first, before auth');
	});
});

/** The Worker snippet, compiled as TypeScript and run against a handler that answers 401. */
async function runWorker(needs: CorsNeeds) {
	const source = snippet('worker', needs).replace('export default', 'return');
	const { code } = await transform(source, { loader: 'ts' });
	const handled: Request[] = [];
	const handleMcp = async (request: Request) => {
		handled.push(request);
		return new Response('{"error":"invalid_token"}', {
			status: 401,
			headers: { 'WWW-Authenticate': 'Bearer realm="mcp"', Vary: 'Accept-Encoding' }
		});
	};
	const worker = new Function('handleMcp', code)(handleMcp) as {
		fetch(request: Request, env: unknown): Promise<Response>;
	};
	return { fetch: (r: Request) => worker.fetch(r, {}), handled };
}

describe('fixSnippets — the Worker snippet runs', () => {
	const needs = needsFor({ credentials: true });
	const preflight = (origin: string) =>
		new Request(TARGET, {
			method: 'OPTIONS',
			headers: {
				Origin: origin,
				'Access-Control-Request-Method': 'DELETE',
				'Access-Control-Request-Headers': 'authorization,mcp-protocol-version'
			}
		});
	const post = (origin: string) =>
		new Request(TARGET, { method: 'POST', headers: { Origin: origin }, body: '{}' });

	it('answers the preflight itself with 204 and every header, without calling the handler', async () => {
		const worker = await runWorker(needs);
		const res = await worker.fetch(preflight(ORIGIN));
		expect(res.status).toBe(204);
		expect(worker.handled).toEqual([]);
		expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
		expect(res.headers.get('access-control-allow-credentials')).toBe('true');
		expect(res.headers.get('access-control-allow-methods')).toBe('POST, GET, DELETE, OPTIONS');
		expect(res.headers.get('access-control-allow-headers')).toBe(needs.requestHeaders.join(', '));
		expect(res.headers.get('vary')).toBe('Origin');
	});

	it('puts CORS on the handler’s 401 and keeps its headers', async () => {
		const worker = await runWorker(needs);
		const res = await worker.fetch(post(ORIGIN));
		expect(res.status).toBe(401);
		expect(res.headers.get('www-authenticate')).toBe('Bearer realm="mcp"');
		expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
		expect(res.headers.get('access-control-allow-credentials')).toBe('true');
		expect(res.headers.get('access-control-expose-headers')).toBe(needs.exposeHeaders.join(', '));
		expect(res.headers.get('vary')).toBe('Accept-Encoding, Origin');
		expect(await res.text()).toContain('invalid_token');
	});

	it('gives another origin no permission, but still Vary: Origin', async () => {
		const worker = await runWorker(needs);
		for (const res of [
			await worker.fetch(preflight('http://evil.example')),
			await worker.fetch(post('http://evil.example'))
		]) {
			expect(res.headers.get('access-control-allow-origin')).toBeNull();
			expect(res.headers.get('access-control-allow-credentials')).toBeNull();
			expect(res.headers.get('vary')).toMatch(/(^|, )Origin$/);
		}
	});
});
