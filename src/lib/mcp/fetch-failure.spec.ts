import { afterEach, describe, expect, it, vi } from 'vitest';
import { answersWithoutCors, classifyFetchFailure } from './fetch-failure.js';
import type { FetchLike } from './transport.js';

const URL_ = 'https://mcp.example/mcp';
const bare = () => new TypeError('Failed to fetch');

/** A fetch whose no-cors probe behaves as given, recording every call's init. */
function probing(probe: 'answers' | 'fails' | 'hangs') {
	const calls: RequestInit[] = [];
	const fetch: FetchLike = (_input, init = {}) => {
		calls.push(init);
		if (probe === 'answers') return Promise.resolve(new Response(null, { status: 405 }));
		if (probe === 'fails') return Promise.reject(bare());
		return new Promise((_resolve, reject) =>
			init.signal?.addEventListener('abort', () =>
				reject(new DOMException('aborted', 'AbortError'))
			)
		);
	};
	return { fetch, calls };
}

afterEach(() => vi.useRealTimers());

describe('classifyFetchFailure', () => {
	it('calls a bare TypeError cors when the server answers a no-cors GET', async () => {
		const { fetch, calls } = probing('answers');
		expect(await classifyFetchFailure(fetch, URL_, bare())).toBe('cors');
		// The probe needs no CORS permission: a simple GET, no credentials, no custom headers.
		expect(calls).toHaveLength(1);
		expect(calls[0]).toMatchObject({ method: 'GET', mode: 'no-cors', credentials: 'omit' });
		expect(calls[0]?.headers).toBeUndefined();
	});

	it('calls it network when the no-cors GET fails as well', async () => {
		expect(await classifyFetchFailure(probing('fails').fetch, URL_, bare())).toBe('network');
	});

	it('gives up on a probe that gets no answer within 3 s: network', async () => {
		vi.useFakeTimers();
		const verdict = classifyFetchFailure(probing('hangs').fetch, URL_, bare());
		await vi.advanceTimersByTimeAsync(3_000);
		expect(await verdict).toBe('network');
	});

	it('never probes a failure that carries its cause (Node): network or tls from the code', async () => {
		const { fetch, calls } = probing('answers');
		const refused = Object.assign(new TypeError('fetch failed'), {
			cause: { code: 'ECONNREFUSED' }
		});
		const tls = Object.assign(new TypeError('fetch failed'), {
			cause: { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }
		});
		expect(await classifyFetchFailure(fetch, URL_, refused)).toBe('network');
		expect(await classifyFetchFailure(fetch, URL_, tls)).toBe('tls');
		expect(await classifyFetchFailure(fetch, URL_, new Error('not a TypeError'))).toBe('network');
		expect(calls).toHaveLength(0);
	});
});

describe('answersWithoutCors', () => {
	it('aborts the probe once it has its answer, so a streaming GET is not left open', async () => {
		const { fetch, calls } = probing('answers');
		expect(await answersWithoutCors(fetch, URL_)).toBe(true);
		expect(calls[0]?.signal?.aborted).toBe(true);
	});
});
