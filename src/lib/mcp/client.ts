/**
 * `McpClient`: one connection to one MCP server, in either era. The connection half (negotiation,
 * `request` with MRTR and retries, events, close) is `ClientCore` (client-core.ts); the message
 * layer (ids, timeouts, cancellation, dispatch) is session.ts. This class adds the MCP methods and
 * per-connection state (tools cache for `Mcp-Param-*` headers, roots, subscriptions).
 */
import { ClientCore } from './client-core.js';
import { ErrorCode, McpError } from './jsonrpc.js';
import { collectAll } from './pagination.js';
import type { RequestOptions } from './session.js';
import { listen } from './subscriptions.js';
import type {
	CallToolResult,
	CompleteResult,
	GetPromptResult,
	ListPromptsResult,
	ListResourcesResult,
	ListResourceTemplatesResult,
	ListToolsResult,
	LoggingLevel,
	PromptReference,
	ReadResourceResult,
	ResourceTemplateReference,
	Root,
	Subscription,
	SubscriptionFilter,
	Tool
} from './types.js';

export { DEFAULT_CLIENT_INFO, type ClientOptions } from './client-core.js';
export type { ClientHandlers, HandlerContext } from './handlers.js';
export type { RequestOptions } from './session.js';

/**
 * Whether a tool's schema may carry `x-mcp-header` annotations. Only then is headers.ts (their
 * validation and the `Mcp-Param-*` headers) loaded; a false positive (the word inside a string)
 * merely loads it.
 */
function mentionsHeaderAnnotation(tool: Tool): boolean {
	try {
		return JSON.stringify(tool?.inputSchema ?? null).includes('"x-mcp-header"');
	} catch {
		return true;
	}
}

export class McpClient extends ClientCore {
	#tools = new Map<string, Tool>();
	/** Listed tools with `x-mcp-header` annotations (their calls carry `Mcp-Param-*` headers). */
	#annotated = new Set<string>();
	#resourceSubscriptions = new Map<string, Subscription>();

	/** Legacy `ping`; the modern era has no ping, so `server/discover` checks liveness instead. */
	async ping(options?: RequestOptions): Promise<void> {
		await this.request(this.era === 'modern' ? 'server/discover' : 'ping', {}, options);
	}

	async listTools(cursor?: string, options?: RequestOptions): Promise<ListToolsResult> {
		const result = (await this.request(
			'tools/list',
			cursorParams(cursor),
			options
		)) as ListToolsResult;
		const tools = Array.isArray(result.tools) ? result.tools : [];
		const annotated = tools.map(mentionsHeaderAnnotation);
		const headers = annotated.includes(true) ? await import('./headers.js') : undefined;
		const valid = tools.filter((tool, i) =>
			this.#acceptTool(tool, annotated[i] ? headers : undefined)
		);
		return { ...result, tools: valid };
	}

	async listAllTools(options?: RequestOptions): Promise<Tool[]> {
		return collectAll(async (cursor) => {
			const page = await this.listTools(cursor, options);
			return { items: page.tools, nextCursor: page.nextCursor };
		});
	}

	/** A tool from the last `tools/list`, if any (used for `Mcp-Param-*` headers). */
	cachedTool(name: string): Tool | undefined {
		return this.#tools.get(name);
	}

	/** Calls a tool. Modern era: on `-32020` (header mismatch) re-lists tools and retries once. */
	async callTool(
		name: string,
		args: Record<string, unknown> = {},
		options: RequestOptions = {}
	): Promise<CallToolResult> {
		const call = async () => {
			const headers = { ...options.headers, ...(await this.#paramHeaders(name, args)) };
			return this.request('tools/call', { name, arguments: args }, { ...options, headers });
		};
		try {
			return (await call()) as CallToolResult;
		} catch (error) {
			if (!(error instanceof McpError) || error.code !== ErrorCode.HeaderMismatch) throw error;
			this.session.info(
				`tools/call ${name}: header mismatch (-32020); re-listing tools and retrying once`
			);
			await this.listAllTools(options);
			return (await call()) as CallToolResult;
		}
	}

	async listResources(cursor?: string, options?: RequestOptions): Promise<ListResourcesResult> {
		return (await this.request(
			'resources/list',
			cursorParams(cursor),
			options
		)) as ListResourcesResult;
	}
	async listResourceTemplates(
		cursor?: string,
		options?: RequestOptions
	): Promise<ListResourceTemplatesResult> {
		return (await this.request(
			'resources/templates/list',
			cursorParams(cursor),
			options
		)) as ListResourceTemplatesResult;
	}
	async readResource(uri: string, options?: RequestOptions): Promise<ReadResourceResult> {
		return (await this.request('resources/read', { uri }, options)) as ReadResourceResult;
	}

	/** Legacy: `resources/subscribe`. Modern: a `subscriptions/listen` stream for this URI. */
	async subscribeResource(uri: string): Promise<void> {
		if (this.era === 'legacy') {
			await this.request('resources/subscribe', { uri });
			return;
		}
		if (this.#resourceSubscriptions.has(uri)) return;
		this.#resourceSubscriptions.set(uri, await this.listen({ resourceSubscriptions: [uri] }));
	}
	async unsubscribeResource(uri: string): Promise<void> {
		if (this.era === 'legacy') {
			await this.request('resources/unsubscribe', { uri });
			return;
		}
		const subscription = this.#resourceSubscriptions.get(uri);
		this.#resourceSubscriptions.delete(uri);
		await subscription?.close();
	}

	/** Modern era: opens a `subscriptions/listen` stream; resolves once acknowledged. */
	async listen(
		filter: SubscriptionFilter,
		options: { signal?: AbortSignal; ackTimeoutMs?: number } = {}
	): Promise<Subscription> {
		if (this.era !== 'modern') {
			throw new McpError(
				ErrorCode.MethodNotFound,
				'subscriptions/listen exists only in the modern era (2026-07-28); legacy servers use resources/subscribe and the GET stream'
			);
		}
		return listen(
			(params, opts) => this.session.roundTrip('subscriptions/listen', params, opts),
			(fn) => this.on('notification', fn),
			filter,
			options
		);
	}

	async listPrompts(cursor?: string, options?: RequestOptions): Promise<ListPromptsResult> {
		return (await this.request('prompts/list', cursorParams(cursor), options)) as ListPromptsResult;
	}
	async getPrompt(
		name: string,
		args?: Record<string, string>,
		options?: RequestOptions
	): Promise<GetPromptResult> {
		const params: Record<string, unknown> = { name };
		if (args) params.arguments = args;
		return (await this.request('prompts/get', params, options)) as GetPromptResult;
	}

	async complete(
		ref: PromptReference | ResourceTemplateReference,
		argument: { name: string; value: string },
		context?: { arguments?: Record<string, string> },
		options?: RequestOptions
	): Promise<CompleteResult> {
		const params: Record<string, unknown> = { ref, argument };
		if (context) params.context = context;
		return (await this.request('completion/complete', params, options)) as CompleteResult;
	}

	/** Legacy: `logging/setLevel`. Modern: sets `io.modelcontextprotocol/logLevel` on every request. */
	async setLogLevel(level: LoggingLevel | undefined): Promise<void> {
		if (this.era === 'modern') {
			this.session.logLevel = level;
			return;
		}
		if (level) await this.request('logging/setLevel', { level });
	}

	/** The roots reported to the server; legacy: also announces `notifications/roots/list_changed`. */
	async setRoots(roots: Root[]): Promise<void> {
		this.roots = roots.map((root) => ({ ...root }));
		if (this.era === 'legacy' && this.negotiated && !this.closed) {
			await this.notify('notifications/roots/list_changed');
		}
	}

	/** "Clients … MUST reject tool definitions where any x-mcp-header value violates these constraints." */
	/** `headers` is given for a tool whose schema mentions `x-mcp-header`, and only then. */
	#acceptTool(tool: Tool, headers: typeof import('./headers.js') | undefined): boolean {
		const annotated = headers !== undefined;
		const problem = headers?.toolHeaderAnnotationProblem(tool);
		if (problem) {
			this.session.info(`Dropped tool "${String(tool?.name)}" from tools/list: ${problem}`);
			return false;
		}
		this.#tools.set(tool.name, tool);
		if (annotated) this.#annotated.add(tool.name);
		else this.#annotated.delete(tool.name);
		return true;
	}

	async #paramHeaders(
		name: string,
		args: Record<string, unknown>
	): Promise<Record<string, string>> {
		const tool = this.#tools.get(name);
		if (this.era !== 'modern' || !tool || !this.#annotated.has(name)) return {};
		const { mcpParamHeaders } = await import('./headers.js');
		return mcpParamHeaders(tool.inputSchema, args);
	}
}

function cursorParams(cursor: string | undefined): Record<string, unknown> {
	return cursor === undefined ? {} : { cursor };
}
