/**
 * Modern era (2026-07-28) multi round-trip requests (SEP-2322). A `tools/call`, `prompts/get` or
 * `resources/read` may answer `{resultType: "input_required", inputRequests, requestState}`. The
 * client fulfils every keyed input request, then sends the ORIGINAL params again with
 * `inputResponses` (same keys) and the exact `requestState` under a NEW JSON-RPC id. All round
 * state lives in this function's locals, so parallel requests never see each other's state
 * ("inputRequests and requestState MUST NOT be used for any other request").
 */
import { ErrorCode, McpError } from './jsonrpc.js';
import type { InputRequest, ResultType } from './types.js';

export const DEFAULT_MAX_INPUT_ROUNDS = 8;

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The result's type. "when a client receives a result from a server implementing an earlier
 * protocol version (which does not include `resultType`), the client MUST treat the absent field
 * as `complete`". Any other value is not something this client can interpret: invalid.
 */
export function resultTypeOf(result: Record<string, unknown>, method: string): ResultType {
	const type = result.resultType;
	if (type === undefined || type === 'complete') return 'complete';
	if (type === 'input_required') return 'input_required';
	throw new McpError(
		ErrorCode.InternalError,
		`The server answered ${method} with an unknown resultType ${JSON.stringify(type)}; ` +
			'only "complete" and "input_required" are defined by MCP 2026-07-28.',
		{ resultType: type }
	);
}

const INPUT_METHODS = new Set(['elicitation/create', 'sampling/createMessage', 'roots/list']);

function inputRequestsOf(result: Record<string, unknown>, method: string) {
	const requests = result.inputRequests;
	const state = result.requestState;
	const invalid = (why: string) =>
		new McpError(ErrorCode.InternalError, `Invalid input_required result for ${method}: ${why}`);
	if (requests === undefined && state === undefined) {
		throw invalid('it has neither inputRequests nor requestState (one is required)');
	}
	if (state !== undefined && typeof state !== 'string')
		throw invalid('requestState is not a string');
	if (requests !== undefined && !isObject(requests))
		throw invalid('inputRequests is not an object');
	const entries = Object.entries(requests ?? {});
	for (const [key, request] of entries) {
		if (
			!isObject(request) ||
			typeof request.method !== 'string' ||
			!INPUT_METHODS.has(request.method)
		) {
			throw invalid(`input request "${key}" is not an elicitation, sampling or roots request`);
		}
	}
	return { entries: entries as [string, InputRequest][], state: state as string | undefined };
}

export type SendRound = (params: Record<string, unknown>) => Promise<Record<string, unknown>>;
export type FulfilInput = (key: string, request: InputRequest) => Promise<Record<string, unknown>>;

/** Runs the request until it completes; every `send` call must allocate a new request id. */
export async function runInputRounds(
	method: string,
	params: Record<string, unknown>,
	send: SendRound,
	fulfil: FulfilInput,
	maxRounds = DEFAULT_MAX_INPUT_ROUNDS
): Promise<Record<string, unknown>> {
	let roundParams = params;
	for (let round = 0; ; round++) {
		const result = await send(roundParams);
		if (resultTypeOf(result, method) === 'complete') return result;
		if (round >= maxRounds) {
			throw new McpError(
				ErrorCode.InternalError,
				`${method} still asked for input after ${maxRounds} rounds; giving up so a ` +
					'misbehaving server cannot keep the client in a loop.'
			);
		}
		const { entries, state } = inputRequestsOf(result, method);
		const answers = await Promise.all(entries.map(([key, request]) => fulfil(key, request)));
		// Fresh object from the ORIGINAL params: nothing from an earlier round leaks in.
		roundParams = { ...params };
		if (entries.length > 0) {
			roundParams.inputResponses = Object.fromEntries(entries.map(([key], i) => [key, answers[i]]));
		}
		// "If InputRequiredResult does not contain requestState, client MUST NOT include one."
		if (state !== undefined) roundParams.requestState = state;
	}
}
