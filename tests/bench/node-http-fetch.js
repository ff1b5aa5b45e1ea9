// @ts-check
/**
 * A lean `fetch` for benchmarks, built on node:http with a keep-alive Agent. Node's built-in
 * fetch (undici) costs ~0.3–0.4 ms per request on a small machine, more than the relay itself
 * (and Chromium's fetch, measured by bench:relay too, ~2.5 ms). This client keeps the client's
 * own cost small, so the benchmark measures the relay rather than the client. It returns real `Response` objects: buffered
 * bodies for ordinary answers, and a streaming body for `text/event-stream` (the relay's GET).
 */
import http from 'node:http';

/** @param {http.IncomingHttpHeaders} raw */
function toHeaders(raw) {
	const headers = new Headers();
	for (const [name, value] of Object.entries(raw)) {
		if (value === undefined) continue;
		for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
	}
	return headers;
}

/** @param {http.IncomingMessage} res @returns {Promise<Buffer>} */
function readAll(res) {
	return new Promise((resolve, reject) => {
		/** @type {Buffer[]} */
		const chunks = [];
		res.on('data', (chunk) => chunks.push(chunk));
		res.on('end', () => resolve(Buffer.concat(chunks)));
		res.on('error', reject);
	});
}

/**
 * A web stream over a response, chunk for chunk. (Readable.toWeb adds a queuing strategy and
 * pause/resume bookkeeping per chunk; an SSE reader wants each chunk as soon as it arrives.)
 * @param {http.IncomingMessage} res
 * @returns {ReadableStream<Uint8Array>}
 */
function streamOf(res) {
	return new ReadableStream({
		start(controller) {
			res.on('data', (chunk) => controller.enqueue(new Uint8Array(chunk)));
			res.on('end', () => controller.close());
			res.on('error', (error) => controller.error(error));
		},
		cancel() {
			res.destroy();
		}
	});
}

/** Statuses whose Response must have a null body. */
const NULL_BODY = new Set([101, 204, 205, 304]);

/**
 * @returns {{ fetch: (input: string | URL, init?: RequestInit) => Promise<Response>, close(): void }}
 */
export function createKeepAliveFetch() {
	const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
	/** @param {string | URL} input @param {RequestInit} [init] */
	const fetch = (input, init = {}) =>
		new Promise((resolve, reject) => {
			const url = new URL(input);
			const req = http.request(
				{
					host: url.hostname,
					port: url.port,
					path: `${url.pathname}${url.search}`,
					method: init.method ?? 'GET',
					headers: /** @type {Record<string, string>} */ (init.headers ?? {}),
					signal: init.signal ?? undefined,
					agent
				},
				(res) => {
					const status = res.statusCode ?? 0;
					const headers = toHeaders(res.headers);
					const streaming = headers.get('content-type')?.startsWith('text/event-stream');
					if (streaming) return resolve(new Response(streamOf(res), { status, headers }));
					// Reading the body to its end hands the socket back to the agent for reuse.
					readAll(res).then(
						(body) =>
							resolve(
								new Response(
									NULL_BODY.has(status) || body.length === 0 ? null : new Uint8Array(body),
									{
										status,
										headers
									}
								)
							),
						reject
					);
				}
			);
			req.setNoDelay(true);
			req.on('error', reject);
			req.end(typeof init.body === 'string' ? init.body : undefined);
		});
	return { fetch, close: () => agent.destroy() };
}
