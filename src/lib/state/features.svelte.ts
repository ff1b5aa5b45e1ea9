/**
 * What a connected server offers — tools, resources, resource templates, prompts — as paged
 * lists that follow `list_changed` notifications, plus the operations on them (call, read, get,
 * complete, subscribe). Every operation goes into History so it can be replayed.
 */
import type { JsonRpcNotification } from '$lib/mcp/jsonrpc';
import type {
	CallToolResult,
	CompleteResult,
	GetPromptResult,
	Prompt,
	PromptReference,
	ReadResourceResult,
	Resource,
	ResourceTemplate,
	ResourceTemplateReference,
	Tool
} from '$lib/mcp/types';
import { SvelteSet } from 'svelte/reactivity';
import type { Connection } from './connection.svelte';
import type { History } from './history.svelte';
import { Operation } from './operation.svelte';
import { PagedList } from './paged-list.svelte';

export interface ResourceUpdate {
	uri: string;
	time: number;
	count: number;
}

export class Features {
	tools = new PagedList<Tool>();
	resources = new PagedList<Resource>();
	templates = new PagedList<ResourceTemplate>();
	prompts = new PagedList<Prompt>();
	/** URIs subscribed to, and the updates heard for each. */
	subscriptions = new SvelteSet<string>();
	updates = $state.raw<Record<string, ResourceUpdate>>({});

	constructor(
		readonly connection: Connection,
		readonly history: History
	) {
		connection.onNotification((n) => this.#onNotification(n));
	}

	#client() {
		const client = this.connection.client;
		if (!client) throw new Error('Not connected: connect to a server first.');
		return client;
	}

	/** Plugs the lists into a fresh connection and loads what the server advertises. */
	async attach(): Promise<void> {
		const caps = this.connection.server?.capabilities ?? {};
		const client = () => this.#client();
		this.tools.setLoader(async (c) => {
			const r = await client().listTools(c);
			return { items: r.tools, nextCursor: r.nextCursor };
		});
		this.resources.setLoader(async (c) => {
			const r = await client().listResources(c);
			return { items: r.resources, nextCursor: r.nextCursor };
		});
		this.templates.setLoader(async (c) => {
			const r = await client().listResourceTemplates(c);
			return { items: r.resourceTemplates, nextCursor: r.nextCursor };
		});
		this.prompts.setLoader(async (c) => {
			const r = await client().listPrompts(c);
			return { items: r.prompts, nextCursor: r.nextCursor };
		});
		this.subscriptions.clear();
		this.updates = {};
		await Promise.all([
			caps.tools ? this.tools.reload() : undefined,
			caps.resources ? this.resources.reload() : undefined,
			caps.resources ? this.templates.reload() : undefined,
			caps.prompts ? this.prompts.reload() : undefined
		]);
	}

	detach(): void {
		for (const list of [this.tools, this.resources, this.templates, this.prompts])
			list.setLoader(undefined);
	}

	#onNotification(n: JsonRpcNotification): void {
		const reload = (list: PagedList<unknown>) => {
			list.changes++;
			void list.reload();
		};
		switch (n.method) {
			case 'notifications/tools/list_changed':
				return reload(this.tools as PagedList<unknown>);
			case 'notifications/prompts/list_changed':
				return reload(this.prompts as PagedList<unknown>);
			case 'notifications/resources/list_changed':
				reload(this.resources as PagedList<unknown>);
				return reload(this.templates as PagedList<unknown>);
			case 'notifications/resources/updated': {
				const uri = typeof n.params?.uri === 'string' ? n.params.uri : undefined;
				if (!uri) return;
				const previous = this.updates[uri]?.count ?? 0;
				this.updates = { ...this.updates, [uri]: { uri, time: Date.now(), count: previous + 1 } };
			}
		}
	}

	callTool(tool: Tool, args: Record<string, unknown>): Operation<CallToolResult> {
		const params = { name: tool.name, arguments: args };
		return new Operation<CallToolResult>(
			'tools/call',
			params,
			(ctx) => this.#client().callTool(tool.name, args, ctx) as Promise<CallToolResult>,
			this.history,
			tool.name
		);
	}

	readResource(uri: string): Operation<ReadResourceResult> {
		return new Operation<ReadResourceResult>(
			'resources/read',
			{ uri },
			(ctx) => this.#client().readResource(uri, ctx) as Promise<ReadResourceResult>,
			this.history,
			uri
		);
	}

	getPrompt(prompt: Prompt, args: Record<string, string>): Operation<GetPromptResult> {
		return new Operation<GetPromptResult>(
			'prompts/get',
			{ name: prompt.name, arguments: args },
			(ctx) => this.#client().getPrompt(prompt.name, args, ctx) as Promise<GetPromptResult>,
			this.history,
			prompt.name
		);
	}

	/** Any request, as typed by the user (history "edit" and the raw request box). */
	request(method: string, params: Record<string, unknown>): Operation<Record<string, unknown>> {
		return new Operation<Record<string, unknown>>(
			method,
			params,
			(ctx) => this.#client().request(method, params, ctx),
			this.history
		);
	}

	/** Completion values for one argument; empty when the server has no completions. */
	async complete(
		ref: PromptReference | ResourceTemplateReference,
		name: string,
		value: string,
		context?: Record<string, string>
	): Promise<string[]> {
		const client = this.connection.client;
		if (!client || !this.connection.server?.capabilities.completions) return [];
		const args = context && Object.keys(context).length ? { arguments: context } : undefined;
		const result = (await client.complete(ref, { name, value }, args)) as CompleteResult;
		return Array.isArray(result.completion?.values) ? result.completion.values.slice(0, 100) : [];
	}

	async subscribe(uri: string): Promise<void> {
		await this.#client().subscribeResource(uri);
		this.subscriptions.add(uri);
	}

	async unsubscribe(uri: string): Promise<void> {
		await this.#client().unsubscribeResource(uri);
		this.subscriptions.delete(uri);
	}
}
