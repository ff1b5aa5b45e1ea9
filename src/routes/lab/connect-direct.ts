/**
 * One direct connection from the browser, the way the playground connects: the core client over
 * Streamable HTTP with the page's own fetch (so CORS applies), then tools/list, then close.
 */
import { McpClient } from '$lib/mcp/client';
import { isTransportError } from '$lib/mcp/errors';
import type { FetchLike } from '$lib/mcp/transport';
import { StreamableHttpTransport } from '$lib/mcp/transports/streamable-http';

export interface ConnectOutcome {
	ok: boolean;
	/** What happened, for people: the era and tools, or the error and its hint. */
	detail: string;
	tools: string[];
}

function describe(error: unknown): string {
	if (isTransportError(error))
		return `${error.kind}: ${error.message}${error.hint ? ` — ${error.hint}` : ''}`;
	return error instanceof Error ? error.message : String(error);
}

export async function connectDirect(
	url: string,
	headers: Record<string, string>,
	fetchFn: FetchLike,
	timeoutMs = 15_000
): Promise<ConnectOutcome> {
	const transport = new StreamableHttpTransport({
		url,
		headers,
		fetch: fetchFn,
		openGetStream: false
	});
	const client = new McpClient(transport, { requestTimeoutMs: timeoutMs });
	let timer: ReturnType<typeof setTimeout> | undefined;
	const deadline = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
	});
	try {
		await Promise.race([client.connect(), deadline]);
		const { tools } = await Promise.race([client.listTools(), deadline]);
		const names = tools.map((t) => t.name);
		return {
			ok: true,
			detail: `Connected (${client.era}); tools: ${names.join(', ')}`,
			tools: names
		};
	} catch (error) {
		return { ok: false, detail: describe(error), tools: [] };
	} finally {
		clearTimeout(timer);
		await client.close().catch(() => {});
	}
}
