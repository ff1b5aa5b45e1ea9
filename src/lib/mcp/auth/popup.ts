/**
 * The browser's authorization step: open the authorization URL in a popup and wait for
 * `/oauth/callback` to report the URL it was loaded with. The callback page posts on a
 * BroadcastChannel (same origin only) as well as to `window.opener`, because authorization servers
 * often send `Cross-Origin-Opener-Policy`, which cuts the opener link. Messages are matched by
 * `state`, so two flows in two tabs cannot take each other's code.
 */
import { AuthError } from './errors.js';
import { safeUrl } from './urls.js';

export const CALLBACK_CHANNEL = 'mcp-playground-oauth';

export interface CallbackMessage {
	type: 'mcp-oauth-callback';
	url: string;
}

export function isCallbackMessage(data: unknown): data is CallbackMessage {
	const message = data as Partial<CallbackMessage> | null;
	return message?.type === 'mcp-oauth-callback' && typeof message.url === 'string';
}

/** The browser refused to open the popup: the caller may fall back to a full-page redirect. */
export class PopupBlockedError extends AuthError {
	constructor() {
		super(
			'authorization',
			'The browser blocked the authorization popup. Allow popups for this page, or use the full-page redirect.'
		);
	}
}

export interface PopupOptions {
	/** The origin the callback page runs on (the playground's own). */
	origin: string;
	signal?: AbortSignal;
	/** Default 10 minutes: a user may need to log in and consent. */
	timeoutMs?: number;
}

function waitForCallback(state: string, options: PopupOptions): Promise<string> {
	return new Promise((resolve, reject) => {
		const channel = new BroadcastChannel(CALLBACK_CHANNEL);
		const cleanup = () => {
			channel.close();
			window.removeEventListener('message', onWindowMessage);
			clearTimeout(timer);
			options.signal?.removeEventListener('abort', onAbort);
		};
		const accept = (data: unknown) => {
			if (!isCallbackMessage(data) || new URL(data.url).searchParams.get('state') !== state) return;
			cleanup();
			resolve(data.url);
		};
		const onWindowMessage = (event: MessageEvent) => {
			if (event.origin === options.origin) accept(event.data);
		};
		const onAbort = () => {
			cleanup();
			reject(new AuthError('authorization', 'Authorization was cancelled.'));
		};
		const timer = setTimeout(() => {
			cleanup();
			reject(
				new AuthError(
					'authorization',
					'No answer from the authorization page within the time limit. Try again, or use the full-page redirect.'
				)
			);
		}, options.timeoutMs ?? 600_000);
		channel.onmessage = (event) => accept(event.data);
		window.addEventListener('message', onWindowMessage);
		options.signal?.addEventListener('abort', onAbort);
	});
}

/** An `authorize` step for `OAuthClientProvider` that uses a popup window. */
export function popupAuthorizer(
	options: PopupOptions
): (authorizationUrl: string) => Promise<string> {
	return async (authorizationUrl) => {
		// Never open javascript:/data: URLs a server supplied; http only for loopback hosts.
		const url = safeUrl(authorizationUrl, 'Authorization URL');
		const state = url.searchParams.get('state') ?? '';
		// Stop listening if the popup never opens, so a fallback does not leave a listener behind.
		const abort = new AbortController();
		const signal = options.signal ? AbortSignal.any([options.signal, abort.signal]) : abort.signal;
		const waiting = waitForCallback(state, { ...options, signal });
		waiting.catch(() => undefined);
		const popup = window.open(url.href, 'mcp-playground-oauth', 'popup,width=520,height=720');
		if (!popup) {
			abort.abort();
			throw new PopupBlockedError();
		}
		return waiting;
	};
}
