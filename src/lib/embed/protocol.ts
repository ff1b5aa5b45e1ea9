/**
 * The embed's postMessage protocol, version 1. Every message is an object
 * `{ type: 'mcp-playground:<name>', version: 1, ... }`.
 *
 * Widget → parent (posted with `targetOrigin` = each trusted origin, so the browser itself drops
 * a message when the frame is embedded by anyone else):
 *   ready   { server: origin, item? }                     connected and showing the item
 *   resize  { height }                                     content height in CSS pixels
 *   result  { kind, name, result, isError }                an operation finished
 *   error   { code, message }                              connect/operation failure, refusals
 * Parent → widget (accepted only when `event.source` is the parent window AND `event.origin` is
 * one of the `parentOrigin` values in the embed URL; anything else is ignored):
 *   setArguments { args }     replaces the form's arguments (even when `readonly`)
 *   run          { args? }    asks to run; obeys the same rule as `autorun` (safety.ts)
 */

export const MESSAGE_PREFIX = 'mcp-playground:';
export const PROTOCOL_VERSION = 1;

export type ErrorCode =
	| 'connect-failed'
	| 'not-found'
	| 'run-failed'
	| 'needs-click'
	| 'bad-message'
	| 'untrusted-origin';

export interface OutgoingMap {
	ready: { server: string; item?: { kind: string; name: string } };
	resize: { height: number };
	result: { kind: string; name: string; result: unknown; isError: boolean };
	error: { code: ErrorCode; message: string };
}

export type IncomingMessage =
	| { type: 'setArguments'; args: Record<string, unknown> }
	| { type: 'run'; args?: Record<string, unknown> };

export type Envelope<K extends keyof OutgoingMap> = OutgoingMap[K] & {
	type: `${typeof MESSAGE_PREFIX}${K}`;
	version: typeof PROTOCOL_VERSION;
};

export function envelope<K extends keyof OutgoingMap>(kind: K, body: OutgoingMap[K]): Envelope<K> {
	return { ...body, type: `${MESSAGE_PREFIX}${kind}`, version: PROTOCOL_VERSION };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
	typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads a parent message. `undefined` for anything that is not ours (other libraries post
 * messages too); a string for ours but malformed (reported as `bad-message`).
 */
export function readIncoming(data: unknown): IncomingMessage | string | undefined {
	if (!isObject(data) || typeof data.type !== 'string' || !data.type.startsWith(MESSAGE_PREFIX))
		return undefined;
	if (data.version !== PROTOCOL_VERSION)
		return `Unsupported message version ${String(data.version)}; this widget speaks version ${PROTOCOL_VERSION}.`;
	const name = data.type.slice(MESSAGE_PREFIX.length);
	if (name === 'setArguments') {
		if (!isObject(data.args)) return 'setArguments needs "args": a JSON object.';
		return { type: 'setArguments', args: data.args };
	}
	if (name === 'run') {
		if (data.args !== undefined && !isObject(data.args))
			return 'run takes an optional "args" JSON object.';
		return data.args === undefined ? { type: 'run' } : { type: 'run', args: data.args };
	}
	return `Unknown message type "${data.type}".`;
}

/** Where the widget talks to: `window.parent` in a frame; tests pass their own. */
export interface ParentLink {
	parent: { postMessage(message: unknown, targetOrigin: string): void } | null;
	self: {
		addEventListener(type: 'message', fn: (e: MessageEvent) => void): void;
		removeEventListener(type: 'message', fn: (e: MessageEvent) => void): void;
	};
}

export interface ParentChannelOptions {
	trusted: string[];
	/** Send refusals of untrusted messages to the trusted parent as `error` messages. */
	reportRejected: boolean;
	onMessage: (message: IncomingMessage, origin: string) => void;
	/** Every refused or malformed message, for the widget's own log. */
	onRejected?: (reason: string) => void;
}

export interface ParentChannel {
	send<K extends keyof OutgoingMap>(kind: K, body: OutgoingMap[K]): void;
	close(): void;
}

/** Opens the channel to the parent page; inert (sends nothing) without trusted origins. */
export function openParentChannel(link: ParentLink, options: ParentChannelOptions): ParentChannel {
	const { parent } = link;
	const send: ParentChannel['send'] = (kind, body) => {
		if (!parent) return;
		// One post per trusted origin: the browser delivers only the one matching the parent.
		for (const origin of options.trusted) parent.postMessage(envelope(kind, body), origin);
	};
	const listener = (event: MessageEvent) => {
		const message = readIncoming(event.data);
		if (message === undefined) return;
		const trusted = event.source === parent && options.trusted.includes(event.origin);
		if (!trusted) {
			const reason = `Ignored a ${String((event.data as { type?: unknown }).type)} message from ${event.origin || 'an unknown origin'}: not a trusted parent (parentOrigin).`;
			options.onRejected?.(reason);
			if (options.reportRejected) send('error', { code: 'untrusted-origin', message: reason });
			return;
		}
		if (typeof message === 'string') {
			options.onRejected?.(message);
			send('error', { code: 'bad-message', message });
			return;
		}
		options.onMessage(message, event.origin);
	};
	link.self.addEventListener('message', listener);
	return { send, close: () => link.self.removeEventListener('message', listener) };
}
