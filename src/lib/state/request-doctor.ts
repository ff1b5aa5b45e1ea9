/**
 * When a request fails the way CORS fails *after* the connection worked, the CORS doctor is
 * offered beside the error. This happens: a modern-era `tools/call` mirrors arguments into
 * `Mcp-Param-*` headers (CLIENT-SPEC "Streamable HTTP"), and a server whose
 * `Access-Control-Allow-Headers` does not list them fails that call's preflight — every other
 * request works. The browser reports it as a bare TypeError (TransportError kind `cors` once the
 * core has seen the server answer a no-cors GET, else `network`), and which header was refused it
 * cannot say, so the doctor has to be told which headers the call sent to test them.
 */
import { mcpParamHeaderNames } from '$lib/mcp/headers';
import type { Tool } from '$lib/mcp/types';
import type { ErrorView } from './errors';
import type { ServerConfig } from './server-config';

/** The part of an Operation this reads. */
export interface FailedRequest {
	method: string;
	params: Record<string, unknown>;
	status: string;
	error?: ErrorView;
}

export interface RequestContext {
	/** The live connection's config (undefined when not connected). */
	config?: ServerConfig;
	/** The intermediary carrying the connection (the local proxy: CORS does not apply). */
	via?: string;
	era?: 'modern' | 'legacy';
	/** The tools last listed, for the called tool's `inputSchema`. */
	tools: readonly Tool[];
}

export interface RequestDiagnosis {
	/** Why the doctor is offered, in one or two sentences. */
	reason: string;
	/** `Mcp-Param-*` header names the failed call's tool sends (modern era), for the needs. */
	paramHeaders: string[];
	era?: 'modern' | 'legacy';
}

/** The `Mcp-Param-*` names of the tool a `tools/call` called; none in the legacy era. */
export function requestParamHeaders(
	request: Pick<FailedRequest, 'method' | 'params'>,
	context: Pick<RequestContext, 'era' | 'tools'>
): string[] {
	if (request.method !== 'tools/call' || context.era !== 'modern') return [];
	const tool = context.tools.find((t) => t.name === request.params.name);
	return tool ? mcpParamHeaderNames(tool.inputSchema) : [];
}

/** What to offer for a failed request, or undefined when the doctor has nothing to say. */
export function requestDiagnosis(
	request: FailedRequest,
	context: RequestContext
): RequestDiagnosis | undefined {
	const kind = request.error?.kind;
	if (request.status !== 'error' || (kind !== 'network' && kind !== 'cors')) return undefined;
	const config = context.config;
	if (!config || config.transport === 'stdio' || !config.url.trim() || context.via)
		return undefined;
	const paramHeaders = requestParamHeaders(request, context);
	const headers = paramHeaders.length
		? ` This call sent ${paramHeaders.join(', ')}: if the server's Access-Control-Allow-Headers does not list ${paramHeaders.length === 1 ? 'it' : 'them'}, the browser refuses the call while every other request works.`
		: '';
	return {
		reason: `${request.method} failed with a bare TypeError and no status after the connection worked: that is what a CORS refusal looks like (or a server that went away).${headers} The doctor finds out which.`,
		paramHeaders,
		era: context.era
	};
}
