/**
 * Finds the item an embed names and describes its arguments as a JSON Schema, so tools and
 * prompts share one form. Lists are paged (opaque cursors) and capped, because a hostile or
 * broken server can page forever.
 */
import type { McpClient } from '$lib/mcp/client';
import type { Prompt, Tool } from '$lib/mcp/types';
import type { EmbedKind } from './params';

export type EmbedItem =
	| { kind: 'tool'; name: string; tool: Tool }
	| { kind: 'prompt'; name: string; prompt: Prompt }
	| { kind: 'resource'; name: string; uri: string };

export type ArgumentSchema = Tool['inputSchema'];

const MAX_PAGES = 20;

async function findPrompt(client: McpClient, name: string): Promise<Prompt | undefined> {
	let cursor: string | undefined;
	for (let page = 0; page < MAX_PAGES; page++) {
		const result = await client.listPrompts(cursor);
		const found = (result.prompts ?? []).find((p) => p.name === name);
		if (found || !result.nextCursor) return found;
		cursor = result.nextCursor;
	}
	return undefined;
}

async function findTool(client: McpClient, name: string): Promise<Tool | undefined> {
	let cursor: string | undefined;
	for (let page = 0; page < MAX_PAGES; page++) {
		const result = await client.listTools(cursor);
		const found = result.tools.find((t) => t.name === name);
		if (found || !result.nextCursor) return found;
		cursor = result.nextCursor;
	}
	return undefined;
}

/** The item, or a sentence saying it does not exist on this server. */
export async function findItem(
	client: McpClient,
	kind: EmbedKind,
	name: string
): Promise<EmbedItem | string> {
	if (kind === 'resource') return { kind, name, uri: name };
	if (kind === 'tool') {
		const tool = await findTool(client, name);
		return tool ? { kind, name, tool } : `The server has no tool named "${name}".`;
	}
	const prompt = await findPrompt(client, name);
	return prompt ? { kind, name, prompt } : `The server has no prompt named "${name}".`;
}

/** The form's schema: a tool's `inputSchema`; a prompt's arguments as required/optional strings. */
export function argumentSchema(item: EmbedItem): ArgumentSchema | undefined {
	if (item.kind === 'tool') return item.tool.inputSchema;
	if (item.kind === 'resource') return undefined;
	const args = item.prompt.arguments ?? [];
	const properties: Record<string, unknown> = {};
	for (const arg of args) {
		properties[arg.name] = { type: 'string', title: arg.title, description: arg.description };
	}
	const required = args.filter((a) => a.required).map((a) => a.name);
	return { type: 'object', properties, required };
}

/** Prompt arguments are strings on the wire (`prompts/get` arguments: `{[key]: string}`). */
export function promptArguments(args: Record<string, unknown>): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [key, value] of Object.entries(args)) {
		if (value === undefined || value === null) continue;
		out[key] = typeof value === 'string' ? value : JSON.stringify(value);
	}
	return out;
}

/** What a tool list link offers when the embed names no item. */
export function itemLabel(kind: EmbedKind, name: string): string {
	return `${kind === 'resource' ? 'Resource' : kind === 'tool' ? 'Tool' : 'Prompt'} ${name}`;
}
