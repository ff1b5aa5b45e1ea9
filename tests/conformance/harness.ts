/**
 * The conformance client: drives OUR protocol core (connect → McpClient) against one scenario
 * server of @modelcontextprotocol/conformance. Invoked as `<cmd> <serverUrl>` with
 * MCP_CONFORMANCE_SCENARIO, MCP_CONFORMANCE_PROTOCOL_VERSION and MCP_CONFORMANCE_CONTEXT set.
 *
 * It behaves like a user of the playground would: connect (era detected, never forced), list
 * what the server offers, use every tool/resource/prompt, answer elicitation with the form's
 * defaults. Only the arguments come from the scenario (its context, or the one scenario that
 * asks for a specific round trip).
 */
import { connect } from '../../src/lib/mcp/connect.js';
import type { McpClient } from '../../src/lib/mcp/client.js';
import type { ClientHandlers } from '../../src/lib/mcp/handlers.js';
import { elicitationDefaults } from '../../src/lib/mcp/schema/elicitation.js';
import { validateAgainst } from '../../src/lib/mcp/schema/output.js';
import type { ElicitContentValue, Tool } from '../../src/lib/mcp/types.js';
import type { WireEvent } from '../../src/lib/mcp/wire.js';
import { runAuthScenario } from './auth.js';

type Context = Record<string, unknown>;
interface ToolCall {
	name: string;
	arguments?: Record<string, unknown>;
}

function log(line: string): void {
	process.stderr.write(`${line}\n`);
}

/** A compact wire trace on stderr (the suite stores it with the scenario's results). */
function wireLog(event: WireEvent): void {
	if (event.type === 'message') {
		log(`${event.direction === 'outgoing' ? '→' : '←'} ${JSON.stringify(event.message)}`);
	} else if (event.type === 'info' || event.type === 'failure') {
		log(`[${event.type}] ${event.message}`);
	} else if (event.type === 'http-response') {
		log(`[http ${event.status}] ${event.contentType ?? ''}`);
	}
}

/** Scripted user: accepts every form with its defaults (booleans without one: ticked). */
const scriptedUser: ClientHandlers = {
	async elicitation(params) {
		if (params.mode === 'url') return { action: 'accept' };
		const content: Record<string, ElicitContentValue> = {};
		for (const [name, property] of Object.entries(params.requestedSchema.properties ?? {})) {
			if (property.type === 'boolean') content[name] = true;
		}
		return {
			action: 'accept',
			content: { ...content, ...elicitationDefaults(params.requestedSchema) }
		};
	},
	async sampling(params) {
		const last = params.messages.at(-1);
		const text =
			last && !Array.isArray(last.content) && last.content.type === 'text' ? last.content.text : '';
		return {
			role: 'assistant',
			content: { type: 'text', text: `echo: ${text}` },
			model: 'conformance-echo'
		};
	},
	async roots() {
		return [{ uri: 'file:///tmp/conformance', name: 'conformance' }];
	}
};

/** Arguments a user would type: each required property's default, or a plain value of its type. */
function sampleArguments(tool: Tool): Record<string, unknown> {
	const properties = (tool.inputSchema.properties ?? {}) as Record<string, Record<string, unknown>>;
	const required = Array.isArray(tool.inputSchema.required) ? tool.inputSchema.required : [];
	const args: Record<string, unknown> = {};
	for (const name of required as string[]) {
		const property = properties[name] ?? {};
		if ('default' in property) args[name] = property.default;
		else if (Array.isArray(property.enum)) args[name] = property.enum[0];
		else args[name] = sampleOfType(property.type);
	}
	return args;
}

function sampleOfType(type: unknown): unknown {
	switch (type) {
		case 'number':
		case 'integer':
			return 1;
		case 'boolean':
			return true;
		case 'object':
			return {};
		case 'array':
			return [];
		default:
			return 'test';
	}
}

/** Lists tools and checks every inputSchema compiles locally (no remote `$ref` is fetched). */
async function listTools(client: McpClient): Promise<Tool[]> {
	const tools = await client.listAllTools();
	for (const tool of tools) {
		const outcome = validateAgainst(tool.inputSchema, sampleArguments(tool));
		log(
			`tool ${tool.name}: sample arguments ${outcome.valid ? 'valid' : outcome.errors.join('; ')}`
		);
	}
	return tools;
}

/** Calls tools in parallel: MRTR state must never leak between concurrent calls. */
async function callTools(client: McpClient, calls: ToolCall[]): Promise<void> {
	const results = await Promise.allSettled(
		calls.map((call) => client.callTool(call.name, call.arguments ?? {}))
	);
	results.forEach((result, i) => {
		const name = calls[i]?.name;
		if (result.status === 'fulfilled')
			log(`called ${name}: ${JSON.stringify(result.value.content)}`);
		else log(`call ${name} failed: ${String(result.reason)}`);
	});
}

async function useResourcesAndPrompts(client: McpClient): Promise<void> {
	const caps = client.serverCapabilities;
	if (caps.resources) {
		const { resources } = await client.listResources();
		for (const resource of resources) await client.readResource(resource.uri);
	}
	if (caps.prompts) {
		const { prompts } = await client.listPrompts();
		for (const prompt of prompts) {
			const args = Object.fromEntries((prompt.arguments ?? []).map((a) => [a.name, 'test']));
			await client.getPrompt(prompt.name, args);
		}
	}
}

/** The one scenario that asks for a specific round trip: echo a tool's inputSchema verbatim. */
async function schemaEcho(client: McpClient, tools: Tool[]): Promise<void> {
	const focal = tools.find((tool) => tool.name !== 'json_schema_echo');
	if (!focal) throw new Error('No tool to echo the inputSchema of');
	await client.callTool('json_schema_echo', { schema: focal.inputSchema });
}

async function exercise(serverUrl: string, scenario: string, context: Context): Promise<void> {
	const client = await connect({
		url: serverUrl,
		handlers: scriptedUser,
		clientInfo: { name: 'mcp-playground-conformance', version: '0.1.0' },
		wire: wireLog,
		requestTimeoutMs: 20_000
	});
	log(`connected: era ${client.era}, protocol ${client.protocolVersion}`);
	try {
		const tools = await listTools(client);
		if (scenario === 'json-schema-2020-12-preservation') await schemaEcho(client, tools);
		else {
			const given = Array.isArray(context.toolCalls)
				? (context.toolCalls as ToolCall[])
				: undefined;
			await callTools(
				client,
				given ?? tools.map((t) => ({ name: t.name, arguments: sampleArguments(t) }))
			);
		}
		await useResourcesAndPrompts(client);
	} finally {
		await client.close();
	}
}

export async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<void> {
	const serverUrl = argv[0];
	const scenario = env.MCP_CONFORMANCE_SCENARIO ?? '';
	if (!serverUrl) throw new Error('Usage: node tests/conformance/client.js <serverUrl>');
	const context = JSON.parse(env.MCP_CONFORMANCE_CONTEXT || '{}') as Context;
	log(
		`scenario ${scenario || '(none)'} at ${serverUrl}, spec ${env.MCP_CONFORMANCE_PROTOCOL_VERSION ?? '?'}`
	);
	if (scenario.startsWith('auth/')) await runAuthScenario(serverUrl, scenario, context);
	else await exercise(serverUrl, scenario, context);
}
