import { describe, expect, it, vi } from 'vitest';
import { openParentChannel, readIncoming, type ParentLink } from './protocol';

function fakeLink() {
	const posted: { message: unknown; origin: string }[] = [];
	const listeners: ((e: MessageEvent) => void)[] = [];
	const parent = {
		postMessage: (message: unknown, origin: string) => posted.push({ message, origin })
	};
	const link: ParentLink = {
		parent,
		self: {
			addEventListener: (_t, fn) => listeners.push(fn),
			removeEventListener: (_t, fn) => listeners.splice(listeners.indexOf(fn), 1)
		}
	};
	const deliver = (data: unknown, origin: string, source: unknown = parent) =>
		listeners.forEach((fn) => fn({ data, origin, source } as unknown as MessageEvent));
	return { link, posted, deliver, listeners };
}

const run = { type: 'mcp-playground:run', version: 1 };

describe('readIncoming', () => {
	it('ignores foreign messages and explains malformed ones', () => {
		expect(readIncoming('hello')).toBeUndefined();
		expect(readIncoming({ type: 'other:run' })).toBeUndefined();
		expect(readIncoming({ type: 'mcp-playground:run', version: 2 })).toMatch(/version 2/);
		expect(readIncoming({ ...run, args: [1] })).toMatch(/JSON object/);
		expect(readIncoming({ type: 'mcp-playground:setArguments', version: 1 })).toMatch(/args/);
		expect(readIncoming({ type: 'mcp-playground:eval', version: 1 })).toMatch(/Unknown/);
		expect(readIncoming({ ...run, args: { a: 1 } })).toEqual({ type: 'run', args: { a: 1 } });
	});
});

describe('openParentChannel', () => {
	it('posts versioned envelopes to each trusted origin only', () => {
		const { link, posted } = fakeLink();
		const channel = openParentChannel(link, {
			trusted: ['https://a.example', 'https://b.example'],
			reportRejected: false,
			onMessage: () => {}
		});
		channel.send('resize', { height: 120 });
		expect(posted).toEqual([
			{
				message: { type: 'mcp-playground:resize', version: 1, height: 120 },
				origin: 'https://a.example'
			},
			{
				message: { type: 'mcp-playground:resize', version: 1, height: 120 },
				origin: 'https://b.example'
			}
		]);
	});

	it('accepts messages only from the parent window at a trusted origin', () => {
		const { link, posted, deliver, listeners } = fakeLink();
		const onMessage = vi.fn();
		const onRejected = vi.fn();
		const channel = openParentChannel(link, {
			trusted: ['https://docs.example'],
			reportRejected: true,
			onMessage,
			onRejected
		});
		deliver(run, 'https://evil.example');
		deliver(run, 'https://docs.example', { postMessage() {} }); // right origin, other window
		expect(onMessage).not.toHaveBeenCalled();
		expect(onRejected).toHaveBeenCalledTimes(2);
		expect(posted.map((p) => (p.message as { code: string }).code)).toEqual([
			'untrusted-origin',
			'untrusted-origin'
		]);
		deliver(run, 'https://docs.example');
		expect(onMessage).toHaveBeenCalledWith({ type: 'run' }, 'https://docs.example');
		channel.close();
		expect(listeners).toHaveLength(0);
	});

	it('sends nothing without trusted origins', () => {
		const { link, posted, deliver } = fakeLink();
		const onMessage = vi.fn();
		const channel = openParentChannel(link, { trusted: [], reportRejected: true, onMessage });
		channel.send('ready', { server: 'https://mcp.example' });
		deliver(run, 'https://docs.example');
		expect(posted).toEqual([]);
		expect(onMessage).not.toHaveBeenCalled();
	});
});
