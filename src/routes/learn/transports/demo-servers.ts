/**
 * Demo servers for the guide. The lab's two correct servers (local mode, POST /api/lab/start with
 * the tab's relay token) are sessionful Streamable HTTP servers that allow this page's origin, one
 * answering with event streams and one with JSON; for
 * HTTP+SSE the guide points at server-everything, which the reader starts with one command.
 */
import { takeRelayToken } from '$lib/mcp/transports/relay-launch';

export const EVERYTHING_COMMANDS = {
	streamable: 'npx -y @modelcontextprotocol/server-everything streamableHttp',
	sse: 'PORT=3002 npx -y @modelcontextprotocol/server-everything sse',
	stdio: 'npx mcp-playground -- npx -y @modelcontextprotocol/server-everything stdio'
};

export const DEFAULT_URLS = {
	streamable: 'http://localhost:3001/mcp',
	sse: 'http://localhost:3002/sse'
};

/** The tab's relay token (the launcher's `#token=` link, kept in sessionStorage), if any. */
export function relayToken(): string | null {
	try {
		return takeRelayToken({ location, history, sessionStorage });
	} catch {
		return null;
	}
}

/**
 * Starts the CORS lab and returns the URLs of its two correctly configured servers: one that
 * answers POSTs with an event stream, one that answers with JSON.
 */
export async function startLabDemo(token: string): Promise<{ stream: string; json: string }> {
	const response = await fetch('/api/lab/start', {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-playground-token': token },
		body: '{}'
	});
	if (!response.ok)
		throw new Error(
			`The playground refused to start the demo server (HTTP ${response.status}). Open the playground with the link \`npm start\` printed, then come back.`
		);
	const { servers } = (await response.json()) as { servers: { id: string; url: string }[] };
	const stream = servers.find((s) => s.id === 'correct');
	const json = servers.find((s) => s.id === 'correct-json');
	if (!stream || !json) throw new Error('The lab has no correctly configured server.');
	return { stream: stream.url, json: json.url };
}
