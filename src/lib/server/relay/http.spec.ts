import { describe, expect, it } from 'vitest';
import { openRelayStream } from './http';
import type { RelayReader, RelaySession } from './session';

/** Just the part of a session a reader meets: attach replays, then frames and close arrive. */
function fakeSession() {
	const readers = new Set<RelayReader>();
	const attached: number[] = [];
	const session = {
		id: 'abc',
		attach(reader: RelayReader, lastEventId: number) {
			attached.push(lastEventId);
			reader.send(Buffer.from('replayed'));
			readers.add(reader);
		},
		detach(reader: RelayReader) {
			readers.delete(reader);
		}
	};
	return { session: session as unknown as RelaySession, readers, attached };
}

function recordingSink() {
	const written: string[] = [];
	let ends = 0;
	return {
		written,
		ends: () => ends,
		sink: { write: (frame: Buffer) => void written.push(frame.toString()), end: () => void ends++ }
	};
}

describe('openRelayStream', () => {
	it('writes the preamble before anything replayed, resuming after Last-Event-ID', () => {
		const { session, attached } = fakeSession();
		const { sink, written } = recordingSink();
		openRelayStream(session, sink, '41');
		expect(written).toEqual([': relay session abc\n\n', 'replayed']);
		expect(attached).toEqual([41]);
	});

	it('ends the sink once and writes nothing after it ended', () => {
		const { session, readers } = fakeSession();
		const { sink, written, ends } = recordingSink();
		openRelayStream(session, sink, null);
		const [reader] = [...readers];
		reader!.close();
		reader!.close();
		reader!.send(Buffer.from('late'));
		expect(ends()).toBe(1);
		expect(written).not.toContain('late');
	});

	it('detaches when the client goes away and then neither writes nor ends', () => {
		const { session, readers } = fakeSession();
		const { sink, written, ends } = recordingSink();
		const stop = openRelayStream(session, sink, undefined);
		const [reader] = [...readers];
		stop();
		expect(readers.size).toBe(0);
		reader!.send(Buffer.from('late'));
		reader!.close();
		expect(written).not.toContain('late');
		expect(ends()).toBe(0);
	});
});
