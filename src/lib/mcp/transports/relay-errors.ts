/**
 * What the relay's refusals mean to a user, as `TransportError`s with the fix spelled out. The
 * relay answers `{error, hint}` JSON; its message is used when present.
 */
import { TransportError } from '../errors.js';

export const RELAY_PATH = '/api/relay';

type Step = 'start' | 'stream' | 'send';

const fallbackHints: Record<number, string> = {
	401: 'The playground token was refused. Open the URL the launcher printed (…/#token=…) again: the token changes every time the playground starts.',
	403: 'The playground refused this page. Open it through the URL the launcher printed (127.0.0.1 or localhost with its port).',
	404: 'This playground has no stdio relay (hosted mode), or the server exited and was cleaned up. Run it locally: npx mcp-playground <command> [args…].',
	410: 'The stdio server has exited; reconnect to start it again.'
};

const stepText: Record<Step, string> = {
	start: 'start the stdio server',
	stream: 'open the stdio server’s output stream',
	send: 'send a message to the stdio server'
};

async function readErrorBody(response: Response): Promise<{ error?: string; hint?: string }> {
	try {
		const body = (await response.json()) as unknown;
		if (typeof body === 'object' && body !== null) return body as { error?: string; hint?: string };
	} catch {
		// Not JSON: fall through to the generic message.
	}
	return {};
}

export async function relayHttpError(
	response: Response,
	url: string,
	step: Step
): Promise<TransportError> {
	const body = await readErrorBody(response);
	const message =
		typeof body.error === 'string'
			? body.error
			: `Could not ${stepText[step]}: the relay answered HTTP ${response.status}.`;
	return new TransportError({
		kind: 'http',
		message,
		hint: typeof body.hint === 'string' ? body.hint : fallbackHints[response.status],
		url,
		status: response.status
	});
}

export function relayNetworkError(error: unknown, url: string): TransportError {
	if (error instanceof Error && error.name === 'AbortError') {
		return new TransportError({ kind: 'aborted', message: 'The request was cancelled.', url });
	}
	return new TransportError({
		kind: 'network',
		message: `The playground's local server is not reachable (${url}).`,
		hint: 'Is the launcher (npm start / npx mcp-playground) still running? Start it again and reopen the URL it prints.',
		url,
		cause: error
	});
}
