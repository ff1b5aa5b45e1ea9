/**
 * Serves tests/e2e/fixtures/embed-host/ — the "third-party documentation page" — from its own
 * 127.0.0.1 port, so the widget (on the playground's origin) is cross-origin to its parent. A
 * second instance on another port is the untrusted site in the same page.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join } from 'node:path';
import { closeServer, listen } from '../servers/listen.js';

const ROOT = join(import.meta.dirname, 'fixtures', 'embed-host');
const TYPES: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8'
};

export interface HostServer {
	port: number;
	origin: string;
	close(): Promise<void>;
}

export async function startHost(): Promise<HostServer> {
	const server: Server = createServer(async (req, res) => {
		const name = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/+/, '') || 'index.html';
		if (!/^[a-z-]+\.(html|js)$/.test(name)) return res.writeHead(404).end();
		try {
			const body = await readFile(join(ROOT, name));
			res.writeHead(200, { 'content-type': TYPES[extname(name)] ?? 'text/plain' }).end(body);
		} catch {
			res.writeHead(404).end();
		}
	});
	const port = await listen(server, 0);
	return { port, origin: `http://127.0.0.1:${port}`, close: () => closeServer(server) };
}
