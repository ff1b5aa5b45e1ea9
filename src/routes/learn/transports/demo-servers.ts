/**
 * Demo servers for the guide. In local mode `POST /api/lab/start` (with the tab's relay token)
 * starts the CORS lab and hands over the guide's servers: the lab's two correct Streamable HTTP
 * servers (sessionful, allowing this page's origin; one answering with event streams, one with
 * JSON), its HTTP+SSE server, and the command of a stdio server for the relay. Without the lab
 * (hosted mode, no token) the HTTP columns point at server-everything, which the reader starts.
 */
import type { StdioCommand } from '$lib/mcp/transports/relay';

export const EVERYTHING_COMMANDS = {
	streamable: 'npx -y @modelcontextprotocol/server-everything streamableHttp',
	sse: 'PORT=3002 npx -y @modelcontextprotocol/server-everything sse'
};

export const DEFAULT_URLS = {
	streamable: 'http://localhost:3001/mcp',
	sse: 'http://localhost:3002/sse'
};

export interface LabDemo {
	stream: string;
	json: string;
	/** The HTTP+SSE server's GET stream, and where its endpoint events send POSTs. */
	sse: { url: string; messagesUrl: string };
	stdio: StdioCommand;
}

/** Starts the CORS lab (idempotent) and returns the guide's demo servers. */
export async function startLabDemo(token: string): Promise<LabDemo> {
	const response = await fetch('/api/lab/start', {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-playground-token': token },
		body: '{}'
	});
	if (!response.ok)
		throw new Error(
			`The playground refused to start the demo servers (HTTP ${response.status}). Open the playground with the link \`npm start\` printed, then come back.`
		);
	const body = (await response.json()) as Omit<LabDemo, 'stream' | 'json'> & {
		servers: { id: string; url: string }[];
	};
	const stream = body.servers.find((s) => s.id === 'correct');
	const json = body.servers.find((s) => s.id === 'correct-json');
	if (!stream || !json || !body.sse || !body.stdio)
		throw new Error('The lab has no correctly configured server.');
	return { stream: stream.url, json: json.url, sse: body.sse, stdio: body.stdio };
}
