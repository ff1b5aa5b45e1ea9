/**
 * Fix snippets: a complete, correct CORS configuration for the exact origin, methods and headers
 * this connection needs, in the stacks MCP servers are commonly written in. Comments in each
 * snippet address the problems found (ordering before auth, one layer only, Origin allow-list).
 */
import type { CorsNeeds, CorsProblem } from './types.js';

export type Stack = 'express' | 'hono' | 'fastify' | 'fastapi' | 'go' | 'nginx' | 'worker';

export interface FixSnippet {
	stack: Stack;
	label: string;
	language: 'javascript' | 'typescript' | 'python' | 'go' | 'nginx';
	code: string;
}

interface FixConfig {
	origin: string;
	path: string;
	methods: string[];
	allowHeaders: string[];
	exposeHeaders: string[];
	credentials: boolean;
	/** Problem ids found, to add the notes that matter. */
	found: Set<string>;
}

function configFor(needs: CorsNeeds, problems: CorsProblem[]): FixConfig {
	return {
		origin: needs.pageOrigin,
		path: new URL(needs.targetUrl).pathname || '/',
		methods: [...new Set([...needs.methods, 'OPTIONS'])],
		allowHeaders: needs.requestHeaders,
		exposeHeaders: needs.exposeHeaders,
		credentials: needs.credentials,
		found: new Set(problems.map((p) => p.id))
	};
}

const q = (items: string[]) => items.map((s) => `'${s}'`).join(', ');
const dq = (items: string[]) => items.map((s) => `"${s}"`).join(', ');

function note(c: FixConfig, comment: string): string {
	const lines: string[] = [];
	if (c.found.has('preflight-status') || c.found.has('preflight-redirect'))
		lines.push(
			`${comment} Register CORS before authentication and redirects: OPTIONS must get 204.`
		);
	if (c.found.has('acao-multiple'))
		lines.push(`${comment} Set the CORS headers in ONE layer only (app or proxy, not both).`);
	if (c.found.has('origin-rejected'))
		lines.push(`${comment} Your Origin check must accept ${c.origin} too.`);
	return lines.length ? `${lines.join('\n')}\n` : '';
}

function express(c: FixConfig): string {
	return `${note(c, '//')}import cors from 'cors';

const allowedOrigins = ['${c.origin}'];
app.use(
	cors({
		origin: allowedOrigins,
		methods: [${q(c.methods)}],
		allowedHeaders: [${q(c.allowHeaders)}],
		exposedHeaders: [${q(c.exposeHeaders)}]${c.credentials ? ',\n\t\tcredentials: true' : ''}
	})
); // before app.use(auth) and before the MCP route`;
}

function hono(c: FixConfig): string {
	return `${note(c, '//')}import { cors } from 'hono/cors';

app.use(
	'${c.path}',
	cors({
		origin: ['${c.origin}'],
		allowMethods: [${q(c.methods)}],
		allowHeaders: [${q(c.allowHeaders)}],
		exposeHeaders: [${q(c.exposeHeaders)}]${c.credentials ? ',\n\t\tcredentials: true' : ''}
	})
); // register before the auth middleware`;
}

function fastify(c: FixConfig): string {
	return `${note(c, '//')}import fastifyCors from '@fastify/cors';

await app.register(fastifyCors, {
	origin: ['${c.origin}'],
	methods: [${q(c.methods)}],
	allowedHeaders: [${q(c.allowHeaders)}],
	exposedHeaders: [${q(c.exposeHeaders)}]${c.credentials ? ',\n\tcredentials: true' : ''}
}); // register before the auth hook: hooks run in order, and this one answers OPTIONS`;
}

function fastapi(c: FixConfig): string {
	return `${note(c, '#')}from starlette.middleware.cors import CORSMiddleware

app.add_middleware(  # add it last so it runs first, before auth middleware
    CORSMiddleware,
    allow_origins=[${dq([c.origin])}],
    allow_methods=[${dq(c.methods)}],
    allow_headers=[${dq(c.allowHeaders)}],
    expose_headers=[${dq(c.exposeHeaders)}],
    allow_credentials=${c.credentials ? 'True' : 'False'},
)`;
}

function go(c: FixConfig): string {
	return `${note(c, '//')}func withCORS(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Add("Vary", "Origin") // the answer depends on Origin, allowed or not (caches)
		if r.Header.Get("Origin") == "${c.origin}" {
			h.Set("Access-Control-Allow-Origin", "${c.origin}")
			h.Set("Access-Control-Expose-Headers", "${c.exposeHeaders.join(', ')}")${c.credentials ? '\n\t\t\th.Set("Access-Control-Allow-Credentials", "true")' : ''}
			if r.Method == http.MethodOptions {
				h.Set("Access-Control-Allow-Methods", "${c.methods.join(', ')}")
				h.Set("Access-Control-Allow-Headers", "${c.allowHeaders.join(', ')}")
				w.WriteHeader(http.StatusNoContent)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// mux.Handle("${c.path}", withCORS(authMiddleware(mcpHandler)))`;
}

function nginx(c: FixConfig): string {
	return `${note(c, '#')}location ${c.path} {
    if ($request_method = OPTIONS) {
        add_header Access-Control-Allow-Origin "${c.origin}" always;
        add_header Access-Control-Allow-Methods "${c.methods.join(', ')}" always;
        add_header Access-Control-Allow-Headers "${c.allowHeaders.join(', ')}" always;${c.credentials ? '\n        add_header Access-Control-Allow-Credentials "true" always;' : ''}
        add_header Vary Origin always;
        return 204;
    }
    add_header Access-Control-Allow-Origin "${c.origin}" always;
    add_header Access-Control-Expose-Headers "${c.exposeHeaders.join(', ')}" always;${c.credentials ? '\n    add_header Access-Control-Allow-Credentials "true" always;' : ''}
    add_header Vary Origin always;
    # nginx alone sets CORS: the app's own copies would arrive as second values, and two
    # Allow-Origin or Allow-Credentials values fail the browser's CORS check.
    proxy_hide_header Access-Control-Allow-Origin;
    proxy_hide_header Access-Control-Allow-Credentials;
    proxy_hide_header Access-Control-Expose-Headers;
    proxy_buffering off;  # SSE
    proxy_pass http://mcp_upstream;
}`;
}

function worker(c: FixConfig): string {
	return `${note(c, '//')}const ALLOWED = new Set(['${c.origin}']);

export default {
	async fetch(request: Request, env: unknown): Promise<Response> {
		const origin = request.headers.get('Origin');
		const cors: Record<string, string> = origin && ALLOWED.has(origin)
			? {
					'Access-Control-Allow-Origin': origin,
					'Access-Control-Expose-Headers': '${c.exposeHeaders.join(', ')}'${c.credentials ? ",\n\t\t\t\t\t'Access-Control-Allow-Credentials': 'true'" : ''}
				}
			: {};
		if (request.method === 'OPTIONS') {
			return new Response(null, {
				status: 204,
				headers: {
					...cors,
					'Access-Control-Allow-Methods': '${c.methods.join(', ')}',
					'Access-Control-Allow-Headers': '${c.allowHeaders.join(', ')}',
					Vary: 'Origin'
				}
			});
		}
		const response = await handleMcp(request, env); // auth runs in here, after OPTIONS
		const headers = new Headers(response.headers);
		for (const [name, value] of Object.entries(cors)) headers.set(name, value);
		headers.append('Vary', 'Origin'); // the answer depends on Origin, allowed or not (caches)
		return new Response(response.body, { status: response.status, headers });
	}
};`;
}

const STACKS: Array<[Stack, string, FixSnippet['language'], (c: FixConfig) => string]> = [
	['express', 'Express (cors)', 'javascript', express],
	['hono', 'Hono', 'typescript', hono],
	['fastify', 'Fastify (@fastify/cors)', 'javascript', fastify],
	['fastapi', 'FastAPI / Starlette', 'python', fastapi],
	['go', 'Go net/http', 'go', go],
	['nginx', 'nginx', 'nginx', nginx],
	['worker', 'Cloudflare Worker / fetch handler', 'typescript', worker]
];

/** One snippet per stack configuring CORS for exactly this connection's needs. */
export function fixSnippets(needs: CorsNeeds, problems: CorsProblem[] = []): FixSnippet[] {
	const config = configFor(needs, problems);
	return STACKS.map(([stack, label, language, build]) => ({
		stack,
		label,
		language,
		code: build(config)
	}));
}
