/**
 * The widget's state: one connection made straight from the browser (no relay, no proxy, no
 * credentials), the item the embed names, its arguments, the last operation, and a short wire
 * log. The parent page talks to it through `protocol.ts`; every run goes through `#gate`.
 *
 * Size (issue 7: at most 50 KB gzipped until the form shows): what is needed only after a run
 * (`Operation`) or on a failed connection (`describeError`) is imported when that happens.
 */
import type { McpClient } from '$lib/mcp/client';
import type { Tool } from '$lib/mcp/types';
import type { WireEvent } from '$lib/mcp/wire';
import type { Operation, OperationContext } from '$lib/state/operation.svelte';
import { embedFetch } from './fetch';
import { findItem, promptArguments, type EmbedItem } from './items';
import { normaliseOrigin, type EmbedParams } from './params';
import type { ErrorCode, IncomingMessage, ParentChannel } from './protocol';
import { mayRunWithoutClick } from './safety';
import { wireLine, type WireLine } from './wire-lines';

export type WidgetStatus = 'connecting' | 'ready' | 'failed';
export type RunOrigin = 'click' | 'autorun' | 'parent';

const WIRE_LINES = 200;
const CLIENT_INFO = { name: 'mcp-playground-embed', version: '0.1.0' };

export class EmbedWidget {
	status = $state<WidgetStatus>('connecting');
	statusText = $state('Connecting…');
	item = $state.raw<EmbedItem | undefined>(undefined);
	/** Tools to pick from when the embed names no item. */
	tools = $state.raw<Tool[]>([]);
	args = $state.raw<Record<string, unknown>>({});
	/** Bumped whenever `args` is replaced from outside the form, so the form re-renders. */
	argsVersion = $state(0);
	op = $state.raw<Operation<unknown> | undefined>(undefined);
	/** A sentence for the user: a refused run request, an ignored message. */
	notice = $state<string | undefined>(undefined);
	wire = $state.raw<WireLine[]>([]);
	readonly serverOrigin: string;
	#client: McpClient | undefined;
	#channel: ParentChannel | undefined;
	#closed = false;
	/** Counts run requests, so an `Operation` module load finishing late starts only the last. */
	#runs = 0;

	constructor(readonly params: EmbedParams) {
		this.serverOrigin = normaliseOrigin(params.url) ?? params.url;
		this.args = params.args;
	}

	attach(channel: ParentChannel): void {
		this.#channel = channel;
	}

	#record = (event: WireEvent): void => {
		const line = wireLine(event, (this.wire.at(-1)?.seq ?? 0) + 1);
		this.wire = [...this.wire.slice(-(WIRE_LINES - 1)), line];
	};

	#fail(code: ErrorCode, message: string): void {
		this.#channel?.send('error', { code, message });
	}

	async start(): Promise<void> {
		try {
			const { connect } = await import('$lib/mcp/connect');
			const client = await connect({
				url: this.params.url,
				transport: this.params.transport,
				era: this.params.era,
				fetch: embedFetch,
				wire: this.#record,
				clientInfo: CLIENT_INFO
			});
			if (this.#closed) return void client.close();
			this.#client = client;
			await this.#show(client);
		} catch (error) {
			const { describeError } = await import('$lib/state/errors');
			const view = describeError(error);
			this.status = 'failed';
			this.statusText = `Could not connect: ${view.message}${view.hint ? ` — ${view.hint}` : ''}`;
			if (view.status === 401 || view.status === 403)
				this.statusText +=
					' This widget sends no credentials; open the full playground to sign in.';
			this.#fail('connect-failed', this.statusText);
		}
	}

	async #show(client: McpClient): Promise<void> {
		const named = this.params.item;
		if (!named) {
			this.tools = await client.listAllTools();
			this.#ready(client);
			return;
		}
		const found = await findItem(client, named.kind, named.name);
		if (typeof found === 'string') {
			this.status = 'failed';
			this.statusText = found;
			this.#fail('not-found', found);
			return;
		}
		this.item = found;
		this.#ready(client);
		if (this.params.autorun) this.run(this.args, 'autorun');
	}

	#ready(client: McpClient): void {
		this.status = 'ready';
		const name = client.serverInfo?.title ?? client.serverInfo?.name ?? this.serverOrigin;
		this.statusText = `Connected to ${name} (${client.era} era, ${client.protocolVersion}).`;
		const item = this.item ? { kind: this.item.kind, name: this.item.name } : undefined;
		this.#channel?.send('ready', { server: this.serverOrigin, item });
	}

	/** Picks a tool from the list (embeds that name no item). */
	choose(tool: Tool): void {
		this.item = { kind: 'tool', name: tool.name, tool };
		this.op = undefined;
	}

	setArguments(args: Record<string, unknown>): void {
		this.args = args;
		this.argsVersion++;
	}

	/** Runs the item, unless the request did not come from a click and `safety.ts` says no. */
	run(args: Record<string, unknown>, origin: RunOrigin): boolean {
		const client = this.#client;
		const item = this.item;
		if (!client || !item || this.status !== 'ready') {
			if (origin === 'parent')
				this.#fail('run-failed', 'Not ready: send run after the widget posted ready.');
			return false;
		}
		if (origin !== 'click') {
			const decision = mayRunWithoutClick({
				kind: item.kind,
				annotations: item.kind === 'tool' ? item.tool.annotations : undefined
			});
			if (!decision.allowed) {
				this.notice = `${origin === 'parent' ? 'The page asked to run this tool' : 'autorun is set'}, but ${decision.reason}`;
				this.#fail('needs-click', this.notice);
				return false;
			}
		}
		this.notice = undefined;
		this.args = args;
		this.op?.cancel();
		const run = ++this.#runs;
		void import('$lib/state/operation.svelte').then(({ Operation }) => {
			if (run !== this.#runs || this.#closed) return;
			this.op?.cancel();
			let call: Promise<unknown> = Promise.resolve();
			const op = new Operation<unknown>(
				this.#method(item),
				args,
				(ctx) => (call = this.#call(client, item, args, ctx))
			);
			this.op = op;
			// Operation settles its own state in an earlier reaction to the same promise.
			const report = () => this.#report(op, item);
			call.then(report, report);
		});
		return true;
	}

	#method(item: EmbedItem): string {
		return { tool: 'tools/call', prompt: 'prompts/get', resource: 'resources/read' }[item.kind];
	}

	#call(
		client: McpClient,
		item: EmbedItem,
		args: Record<string, unknown>,
		ctx: OperationContext
	): Promise<unknown> {
		const options = { signal: ctx.signal, onprogress: ctx.onprogress };
		if (item.kind === 'tool') return client.callTool(item.name, args, options);
		if (item.kind === 'prompt') return client.getPrompt(item.name, promptArguments(args), options);
		return client.readResource(item.uri, options);
	}

	/** Tells the parent how the operation ended (after the Operation settled). */
	#report(op: Operation<unknown>, item: EmbedItem): void {
		if (op !== this.op) return;
		if (op.status === 'done') {
			const isError = (op.result as { isError?: unknown } | undefined)?.isError === true;
			const result = $state.snapshot(op.result);
			this.#channel?.send('result', { kind: item.kind, name: item.name, result, isError });
		} else if (op.status === 'error') {
			this.#fail('run-failed', op.error?.message ?? 'The request failed.');
		}
	}

	/** A message from the trusted parent (origin already checked by the channel). */
	handle(message: IncomingMessage): void {
		if (message.type === 'setArguments') return this.setArguments(message.args);
		if (message.args) this.setArguments(message.args);
		this.run(this.args, 'parent');
	}

	reject(reason: string): void {
		this.#record({ type: 'info', message: reason, time: Date.now() });
	}

	async close(): Promise<void> {
		this.#closed = true;
		this.op?.cancel();
		this.#channel?.close();
		await this.#client?.close().catch(() => {});
	}
}
