/**
 * The auth debugger page's connection: connect with the chosen authentication, list the tools,
 * call one — enough to see that a token works, and to trigger step-up on a tool that needs more
 * scope. The full playground does the same through its Connection state.
 */
import type { McpClient } from '$lib/mcp/client';
import { connect } from '$lib/mcp/connect';
import { isTransportError } from '$lib/mcp/errors';
import type { AuthState } from '$lib/state/auth.svelte';

function describe(error: unknown): string {
	if (isTransportError(error)) {
		const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
		return `${error.message}${cause}${error.hint ? ` — ${error.hint}` : ''}`;
	}
	return error instanceof Error ? error.message : String(error);
}

export class TryServer {
	status = $state<'idle' | 'connecting' | 'connected' | 'failed'>('idle');
	message = $state('');
	tools = $state.raw<string[]>([]);
	result = $state('');
	#client?: McpClient;

	constructor(private readonly auth: AuthState) {}

	async connect(url: string): Promise<void> {
		await this.#client?.close();
		this.#client = undefined;
		this.status = 'connecting';
		this.message = `Connecting to ${url}…`;
		this.result = '';
		try {
			const authProvider = this.auth.providerFor(url, () => ({ url }));
			this.#client = await connect({ url, authProvider, handlers: {} });
			this.tools = (await this.#client.listAllTools()).map((tool) => tool.name);
			this.status = 'connected';
			this.message = `Connected (${this.#client.era} era).`;
		} catch (error) {
			this.status = 'failed';
			this.message = `Could not connect: ${describe(error)}`;
		}
	}

	async call(name: string): Promise<void> {
		if (!this.#client) return;
		this.result = `Calling ${name}…`;
		try {
			const result = await this.#client.callTool(name, {});
			const texts = (result.content ?? []).map((block) =>
				block.type === 'text' ? block.text : `[${block.type}]`
			);
			this.result = `${result.isError ? 'Tool error: ' : ''}${texts.join('\n')}`;
		} catch (error) {
			this.result = `The call failed: ${describe(error)}`;
		}
	}
}
