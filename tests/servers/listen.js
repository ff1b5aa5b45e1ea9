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
