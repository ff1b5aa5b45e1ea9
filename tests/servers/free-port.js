// @ts-check
import { createServer } from 'node:net';

/**
 * Asks the OS for a free port on 127.0.0.1. Another process may take it before we use it, so
 * callers that hand it to a child retry on EADDRINUSE.
 * @returns {Promise<number>}
 */
export function freePort() {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address !== null ? address.port : 0;
			server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
		});
	});
}
