import { describe, expect, it } from 'vitest';
import type { JsonRpcMessage } from '$lib/mcp/jsonrpc';
import type { WireEvent } from '$lib/mcp/wire';
import { WireFilter } from './wire-filter.svelte';
import { compactJson, entrySummary, previewJson, shellQuote, toCurl } from './wire-format';
import { WireLog } from './wire-log.svelte';

let clock = 1_700_000_000_000;
const info = (message: string): WireEvent => ({ type: 'info', time: clock++, message });
const message = (direction: 'outgoing' | 'incoming', msg: unknown): WireEvent => ({
	type: 'message',
	time: clock++,
	direction,
	message: msg as JsonRpcMessage
});
const request = (id: string | number, method = 'tools/list') => ({ jsonrpc: '2.0', id, method });
const result = (id: string | number) => ({ jsonrpc: '2.0', id, result: {} });

describe('WireLog ring buffer', () => {
	it('holds at most `capacity` entries, drops the oldest first and never reuses a seq', () => {
		const log = new WireLog(100);
		for (let i = 0; i < 250; i++) log.add(info(`event ${i}`));
		expect(log.size).toBe(100);
		expect(log.firstSeq).toBe(151);
		expect(log.at(0)?.seq).toBe(151);
		expect(log.at(99)?.seq).toBe(250);
		expect(log.at(100)).toBeUndefined();
		expect(log.get(150)).toBeUndefined(); // evicted
		expect(log.get(200)?.event).toMatchObject({ message: 'event 199' });
		expect([...log.entries()].map((e) => e.seq)).toEqual(
			Array.from({ length: 100 }, (_, i) => 151 + i)
		);
		expect([...log.entries(245)].map((e) => e.seq)).toEqual([245, 246, 247, 248, 249, 250]);
	});

	it('cuts long bodies and SSE data when storing them, and says how much was cut', () => {
		const log = new WireLog(10, 1000);
		const body = 'x'.repeat(5000);
		const sent = log.add({
			type: 'http-request',
			time: clock++,
			exchangeId: 'e1',
			method: 'POST',
			url: 'https://example.com/mcp',
			headers: {},
			body
		});
		expect(sent.event.type === 'http-request' && sent.event.body?.length).toBe(1000);
		expect(sent.truncatedChars).toBe(4000);
		const sse = log.add({ type: 'sse-event', time: clock++, exchangeId: 'e1', data: body });
		expect(sse.event.type === 'sse-event' && sse.event.data.length).toBe(1000);
		const small = log.add({ type: 'sse-event', time: clock++, exchangeId: 'e1', data: 'ok' });
		expect(small.truncatedChars).toBe(0);
	});

	it('tells the UI about a burst of additions once, not once per entry', async () => {
		const log = new WireLog(1000);
		const before = log.version;
		for (let i = 0; i < 500; i++) log.add(info(`${i}`));
		expect(log.version).toBe(before); // batched until the next frame (a microtask in Node)
		await Promise.resolve();
		expect(log.version).toBe(before + 1);
	});

	it('clears everything, and new entries keep counting up', () => {
		const log = new WireLog(10);
		for (let i = 0; i < 5; i++) log.add(info(`${i}`));
		log.clear();
		expect(log.size).toBe(0);
		expect(log.add(info('after')).seq).toBe(6);
	});
});

describe('WireLog correlation', () => {
	it('pairs each response with its request, in both directions, by id and id type', () => {
		const log = new WireLog(100);
		const ours = log.add(message('outgoing', request(1)));
		const theirs = log.add(message('incoming', request(1, 'roots/list'))); // server → client
		const stringId = log.add(message('outgoing', request('1')));
		const ourAnswer = log.add(message('outgoing', result(1)));
		const theirAnswer = log.add(message('incoming', result(1)));
		const stringAnswer = log.add(message('incoming', result('1')));
		expect([ours.partner, theirAnswer.partner]).toEqual([theirAnswer.seq, ours.seq]);
		expect([theirs.partner, ourAnswer.partner]).toEqual([ourAnswer.seq, theirs.seq]);
		expect([stringId.partner, stringAnswer.partner]).toEqual([stringAnswer.seq, stringId.seq]);
	});

	it('does not pair notifications, or a response that answers nothing', () => {
		const log = new WireLog(100);
		const note = log.add(message('incoming', { jsonrpc: '2.0', method: 'notifications/message' }));
		const stray = log.add(message('incoming', result(99)));
		expect(note.partner).toBeUndefined();
		expect(stray.partner).toBeUndefined();
	});
});

describe('WireFilter', () => {
	function filled(): WireLog {
		const log = new WireLog(1000);
		log.add(message('outgoing', request(1, 'tools/call')));
		log.add(info('Falling back to legacy initialize'));
		log.add({
			type: 'http-request',
			time: clock++,
			exchangeId: 'e',
			method: 'POST',
			url: 'https://Example.com/mcp',
			headers: {}
		});
		log.add(message('incoming', result(1)));
		return log;
	}

	it('filters by category and by case-insensitive search, incrementally as entries arrive', () => {
		const log = filled();
		const filter = new WireFilter(log);
		filter.categories.info = false;
		filter.categories.http = false;
		expect(filter.refresh()).toEqual([1, 4]);
		filter.categories.http = true;
		filter.search = 'EXAMPLE.com';
		expect(filter.refresh()).toEqual([3]);
		log.add({
			type: 'http-request',
			time: clock++,
			exchangeId: 'f',
			method: 'GET',
			url: 'https://example.com/mcp',
			headers: {}
		});
		expect(filter.refresh()).toEqual([3, 5]);
		filter.search = 'tools/call';
		expect(filter.refresh()).toEqual([1]);
	});

	it('drops matches that left the ring', () => {
		const log = new WireLog(3);
		const filter = new WireFilter(log);
		filter.search = 'keep';
		for (let i = 0; i < 6; i++) log.add(info(i % 2 ? `keep ${i}` : `skip ${i}`));
		expect(filter.refresh()).toEqual([4, 6]);
		for (let i = 0; i < 3; i++) log.add(info('skip'));
		expect(filter.refresh()).toEqual([]);
	});
});

describe('export and copy as curl', () => {
	it('exports every held entry as plain JSON with seq, partner and the event', () => {
		const log = new WireLog(10, 100);
		log.add(message('outgoing', request(7)));
		log.add(message('incoming', result(7)));
		log.add({ type: 'sse-event', time: clock++, exchangeId: 'e', data: 'y'.repeat(500) });
		const exported = JSON.parse(JSON.stringify(log.toJSON()));
		expect(exported.truncatedFields).toBe(1);
		expect(exported.entries).toHaveLength(3);
		expect(exported.entries[0]).toMatchObject({
			seq: 1,
			partner: 2,
			type: 'message',
			direction: 'outgoing',
			message: request(7)
		});
		expect(Date.parse(exported.exportedAt)).not.toBeNaN();
	});

	it('quotes every part of a curl command for a POSIX shell', () => {
		const curl = toCurl({
			type: 'http-request',
			time: 0,
			exchangeId: 'e',
			method: 'POST',
			url: "https://example.com/mcp?q=it's",
			headers: { Authorization: 'Bearer $(rm -rf ~)', 'Mcp-Session-Id': 'abc' },
			body: '{"text":"it\'s `x`"}'
		});
		expect(curl).toBe(
			"curl -X POST 'https://example.com/mcp?q=it'\\''s' -H 'Authorization: Bearer $(rm -rf ~)' " +
				"-H 'Mcp-Session-Id: abc' --data-raw '{\"text\":\"it'\\''s `x`\"}'"
		);
		expect(shellQuote("'")).toBe("''\\'''");
	});

	it('summarises a 10 MB message without stringifying it whole', () => {
		const huge = { jsonrpc: '2.0', id: 3, result: { content: [{ text: 'z'.repeat(10_000_000) }] } };
		const summary = entrySummary(message('incoming', huge), 300);
		expect(summary.length).toBeLessThanOrEqual(301);
		expect(summary).toMatch(/^← result #3 \{"content":\[\{"text":"zzz/);
		expect(compactJson({ a: [1, 2, { b: 'c' }] }, 100)).toBe('{"a":[1,2,{"b":"c"}]}');
		expect(previewJson({ a: [1] }, 100)).toBe('{\n  "a": [\n    1\n  ]\n}');
		expect(previewJson(huge, 20_000).length).toBeLessThanOrEqual(20_000);
	});
});
