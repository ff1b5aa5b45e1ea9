/**
 * The ONE handler set for server-initiated work. Legacy servers send real JSON-RPC requests
 * (`sampling/createMessage`, `elicitation/create`, `roots/list`, `ping`); modern servers put the
 * same requests into `inputRequests` of an `input_required` result. Both paths call
 * `answerServerRequest`, so the UI and the conformance harness plug in once.
 */
import { ErrorCode, McpError } from './jsonrpc.js';
import type {
	ClientCapabilities,
	CreateMessageParams,
	CreateMessageResult,
	ElicitRequestParams,
	ElicitResult,
	Root
} from './types.js';

export interface HandlerContext {
	/** Aborted when the request is cancelled or the client closes. */
	signal: AbortSignal;
	/** `legacy`: a server→client request; `modern`: an MRTR input request. */
	era: 'modern' | 'legacy';
}

export interface ClientHandlers {
	/** Form or URL mode. Declare `elicitationModes` to limit what is advertised. */
	elicitation?(params: ElicitRequestParams, ctx: HandlerContext): Promise<ElicitResult>;
	sampling?(params: CreateMessageParams, ctx: HandlerContext): Promise<CreateMessageResult>;
	/** The roots to report. Without it, roots set through `McpClient.setRoots` are reported. */
	roots?(ctx: HandlerContext): Promise<Root[]>;
	/** Which elicitation modes to advertise when `elicitation` is set (default: both). */
	elicitationModes?: ('form' | 'url')[];
}

/** Capabilities derived from what the handler set can actually do. */
export function capabilitiesFor(
	handlers: ClientHandlers,
	hasRoots: boolean,
	era: 'modern' | 'legacy'
): ClientCapabilities {
	const caps: ClientCapabilities = {};
	if (handlers.sampling) caps.sampling = {};
	if (handlers.elicitation) {
		const modes = handlers.elicitationModes ?? ['form', 'url'];
		caps.elicitation = Object.fromEntries(modes.map((mode) => [mode, {}]));
	}
	if (handlers.roots || hasRoots) caps.roots = era === 'legacy' ? { listChanged: true } : {};
	return caps;
}

function missing(method: string, capability: string): McpError {
	// The server asked for something this client did not declare.
	return new McpError(
		ErrorCode.MethodNotFound,
		`${method} is not supported: this client did not declare the ${capability} capability`
	);
}

export interface ServerRequestContext extends HandlerContext {
	handlers: ClientHandlers;
	/** Roots set with `McpClient.setRoots`, used when there is no `roots` handler. */
	roots: Root[] | undefined;
}

/** Answers one server-initiated request through the handler set. Throws `McpError` to refuse. */
export async function answerServerRequest(
	method: string,
	params: Record<string, unknown> | undefined,
	ctx: ServerRequestContext
): Promise<Record<string, unknown>> {
	const { handlers } = ctx;
	const handlerCtx: HandlerContext = { signal: ctx.signal, era: ctx.era };
	switch (method) {
		case 'ping':
			return {};
		case 'roots/list': {
			if (handlers.roots) return { roots: await handlers.roots(handlerCtx) };
			if (ctx.roots) return { roots: ctx.roots };
			throw missing(method, 'roots');
		}
		case 'sampling/createMessage': {
			if (!handlers.sampling) throw missing(method, 'sampling');
			const result = await handlers.sampling(params as unknown as CreateMessageParams, handlerCtx);
			return { ...result };
		}
		case 'elicitation/create': {
			if (!handlers.elicitation) throw missing(method, 'elicitation');
			const elicit = params as unknown as ElicitRequestParams;
			const mode = elicit.mode ?? 'form';
			const modes = handlers.elicitationModes ?? ['form', 'url'];
			if (!modes.includes(mode)) {
				throw new McpError(ErrorCode.InvalidParams, `Elicitation mode "${mode}" was not declared`);
			}
			return { ...(await handlers.elicitation(elicit, handlerCtx)) };
		}
		default:
			throw new McpError(ErrorCode.MethodNotFound, `Unknown server request: ${method}`);
	}
}
