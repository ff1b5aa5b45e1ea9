/**
 * Auth failures. Each names the step that failed, what the server did, and the spec rule that
 * made the client stop — an error message is UI.
 */
import type { AuthStep } from './events.js';

export class AuthError extends Error {
	override readonly name = 'AuthError';
	readonly step: AuthStep;
	readonly specRule?: string;
	/** True when a browser most likely blocked the answer (fetch rejected with a TypeError). */
	readonly corsSuspected: boolean;

	constructor(
		step: AuthStep,
		message: string,
		options: { specRule?: string; cause?: unknown; corsSuspected?: boolean } = {}
	) {
		super(message, options.cause === undefined ? undefined : { cause: options.cause });
		this.step = step;
		this.specRule = options.specRule;
		this.corsSuspected = options.corsSuspected ?? false;
	}
}

/** A fetch that rejected (no HTTP answer): in a browser usually CORS, otherwise the network. */
export function networkFailure(step: AuthStep, url: string, cause: unknown): AuthError {
	const detail = cause instanceof Error ? cause.message : String(cause);
	return new AuthError(
		step,
		`No answer from ${url} (${detail}). In a browser this usually means the server does not send CORS headers for this endpoint; otherwise the host is unreachable.`,
		{ cause, corsSuspected: cause instanceof TypeError }
	);
}

/** Normalises anything thrown inside a step into an `AuthError` for that step. */
export function asAuthError(step: AuthStep, error: unknown, specRule?: string): AuthError {
	if (error instanceof AuthError) return error;
	const message = error instanceof Error ? error.message : String(error);
	return new AuthError(step, message, { specRule, cause: error });
}
