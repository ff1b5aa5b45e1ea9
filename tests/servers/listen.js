// @ts-check

/**
 * Starts `server` on 127.0.0.1 (port 0 = any free port) and resolves with the port it got; a
 * listen error (EADDRINUSE) rejects.
 * @param {import('node:http').Server} server
 * @param {number} port
 * @returns {Promise<number>}
 */
export function listen(server, port) {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => {
			const address = server.address();
			if (address === null || typeof address === 'string') reject(new Error('no TCP address'));
			else resolve(address.port);
		});
	});
}

/**
 * Closes `server` now: keep-alive and streaming connections (an open SSE stream) are dropped
 * rather than waited for, so a test's teardown cannot hang on them.
 * @param {import('node:http').Server} server
 * @returns {Promise<void>}
 */
export function closeServer(server) {
	server.closeAllConnections();
	return new Promise((resolve) => server.close(() => resolve()));
}
