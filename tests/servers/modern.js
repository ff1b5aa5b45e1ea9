// @ts-check
/**
 * A modern-era (MCP 2026-07-28) server built with the official SDK v2: `createMcpHandler` serves
 * each request with a fresh `McpServer` from one factory (stateless, no `initialize`, no
 * session; `server/discover`, `_meta` envelopes, `Mcp-Param-*` validation, MRTR and
 * `subscriptions/listen` come from the SDK). Listens on 127.0.0.1, endpoint `/mcp`.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import {
	localhostHostValidation,
	localhostOriginValidation,
	toNodeHandler
} from '@modelcontextprotocol/node';
import { createMcpHandler, createRequestStateCodec, McpServer } from '@modelcontextprotocol/server';
import { corsOrigins, handleCors } from './cors.js';
import { closeServer, listen } from './listen.js';
import { registerModernPrompts, registerModernResources } from './modern-content.js';
import { createModernState, registerModernTools } from './modern-tools.js';

/**
 * @typedef {object} ModernServerOptions
 * @property {number} [port] 0 (default) picks a free port
 * @property {import('./cors.js').CorsOption} [cors] allow browser origins (see cors.js)
 * @property {'reject' | 'stateless'} [legacy] how 2025-era requests are answered: 'reject'
 *   (default: a strict modern-only server) or 'stateless' (the SDK's per-request legacy leg)
 */

/**
 * @typedef {object} RunningServer
 * @property {string} url the MCP endpoint
 * @property {import('./modern-tools.js').ModernState} state what the server has observed
 * @property {() => Promise<void>} close
 */

/**
 * @param {ModernServerOptions} [opts]
 * @returns {Promise<RunningServer>}
 */
export async function startModernServer(opts = {}) {
	const state = createModernState();
	// A per-process key is enough: one process serves every round of a multi-round flow.
	/** @type {import('./modern-mrtr.js').StateCodec} */
	const codec = createRequestStateCodec({ key: randomBytes(32), bind: (ctx) => ctx.mcpReq.method });
	const factory = () => {
		const server = new McpServer(
			{ name: 'mcp-playground-modern', title: 'Modern test server', version: '1.0.0' },
			{
				// `subscribe` lets subscriptions/listen accept resourceSubscriptions (the SDK drops
				// them from the acknowledgement otherwise); McpServer adds tools/prompts itself.
				capabilities: {
					logging: {},
					completions: {},
					resources: { subscribe: true, listChanged: true }
				},
				instructions: 'A modern-era (2026-07-28) test server for MCP Playground.',
				requestState: { verify: codec.verify }
			}
		);
		registerModernTools(server, state, () => handler.notify, codec);
		registerModernResources(server, state);
		registerModernPrompts(server);
		return server;
	};
	const handler = createMcpHandler(factory, {
		legacy: opts.legacy ?? 'reject',
		keepAliveMs: 0,
		onerror: (error) => {
			if (process.env.MODERN_SERVER_DEBUG) console.error('[modern server]', error.message);
		}
	});
	const http = createServer(requestListener(toNodeHandler(handler), opts.cors));
	const port = await listen(http, opts.port ?? 0);
	return {
		url: `http://127.0.0.1:${port}/mcp`,
		state,
		close: async () => {
			await handler.close();
			await closeServer(http);
		}
	};
}

/**
 * Guards first (Host against DNS rebinding, then Origin/CORS), then the SDK handler.
 * @param {import('@modelcontextprotocol/node').NodeMcpRequestHandler} mcp
 * @param {import('./cors.js').CorsOption} cors
 * @returns {import('node:http').RequestListener}
 */
function requestListener(mcp, cors) {
	const validateHost = localhostHostValidation();
	const validateOrigin = localhostOriginValidation();
	const origins = corsOrigins(cors);
	return (req, res) => {
		if (!validateHost(req, res)) return;
		if (origins ? !handleCors(req, res, origins) : !validateOrigin(req, res)) return;
		const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
		if (path !== '/mcp') {
			res
				.writeHead(404, { 'content-type': 'text/plain' })
				.end('Not found: the MCP endpoint is /mcp');
			return;
		}
		void mcp(req, res);
	};
}
