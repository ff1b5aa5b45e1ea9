/**
 * Conformance auth scenarios (`auth/*`): the harness hands each one to `runAuthScenario`, which
 * drives the real stack — `McpClient` over `StreamableHttpTransport` with the same
 * `OAuthClientProvider` the browser uses — against the suite's mock MCP server and
 * authorization server. Auth steps are logged to stderr so a failing run shows where it stopped.
 */
import { McpClient } from '../../src/lib/mcp/client.js';
import type { AuthEvent } from '../../src/lib/mcp/auth/events.js';
import { OAuthClientProvider } from '../../src/lib/mcp/auth/provider.js';
import { StreamableHttpTransport } from '../../src/lib/mcp/transports/streamable-http.js';
import { authOptionsFor } from './auth-options.js';

function logEvent(event: AuthEvent): void {
	process.stderr.write(`[auth:${event.step}] ${event.outcome}: ${event.message}\n`);
}

function eraFromEnvironment(): 'auto' | 'modern' | 'legacy' {
	const version = process.env.MCP_CONFORMANCE_PROTOCOL_VERSION;
	if (!version) return 'auto';
	return version >= '2026-07-28' ? 'modern' : 'legacy';
}

/**
 * Connects with OAuth, lists tools and calls one, then lists again: every scenario needs at least
 * one authorized request, and the authorization-server migration scenario needs a second one
 * after the resource switches authorization servers.
 */
export async function runAuthScenario(
	serverUrl: string,
	scenario: string,
	context: Record<string, unknown>
): Promise<void> {
	const provider = new OAuthClientProvider(
		await authOptionsFor(serverUrl, scenario, context, logEvent)
	);
	const transport = new StreamableHttpTransport({ url: serverUrl, authProvider: provider });
	const client = new McpClient(transport, {
		era: eraFromEnvironment(),
		clientInfo: { name: 'mcp-playground-conformance', version: '0.1.0' }
	});
	try {
		await client.connect();
		const { tools } = await client.listTools();
		const tool = tools[0];
		if (tool) await client.callTool(tool.name, {});
		await client.listTools();
	} finally {
		await client.close();
	}
}
