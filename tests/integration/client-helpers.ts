/**
 * Helpers for integration tests that drive our core (`connect` / `McpClient`) against real
 * servers: a scripted handler set that records what servers asked, a notification collector
 * and a fetch that records what went over the wire.
 */
import type { McpClient } from '../../src/lib/mcp/client';
import type { JsonRpcNotification } from '../../src/lib/mcp/jsonrpc';
import type {
	CreateMessageParams,
	CreateMessageResult,
	ElicitRequestParams,
	ElicitResult,
	Root
} from '../../src/lib/mcp/types';

export interface ScriptedHandlers {
	handlers: {
		elicitation(params: ElicitRequestParams): Promise<ElicitResult>;
		sampling(params: CreateMessageParams): Promise<CreateMessageResult>;
		roots(): Promise<Root[]>;
	};
	/** What servers asked for, in order. */
	asked: { elicitation: ElicitRequestParams[]; sampling: CreateMessageParams[]; roots: number };
	/** Answers for the next elicitations, consumed in order; default: decline. */
	elicitationAnswers: ElicitResult[];
	/** The roots reported; tests change it and then call `setRoots`. */
	roots: Root[];
}

/** The one handler set (elicitation, sampling, roots) with scripted answers. */
export function scriptedHandlers(): ScriptedHandlers {
	const script: ScriptedHandlers = {
		asked: { elicitation: [], sampling: [], roots: 0 },
		elicitationAnswers: [],
		roots: [{ uri: 'file:///work/project', name: 'Project' }],
		handlers: {
			async elicitation(params) {
				script.asked.elicitation.push(params);
				return script.elicitationAnswers.shift() ?? { action: 'decline' };
			},
			async sampling(params) {
				script.asked.sampling.push(params);
				const last = params.messages.at(-1)?.content;
				const prompt = last && !Array.isArray(last) && last.type === 'text' ? last.text : '';
				return {
					role: 'assistant',
					content: { type: 'text', text: `scripted reply to: ${prompt}` },
					model: 'scripted-model',
					stopReason: 'endTurn'
				};
			},
			async roots() {
				script.asked.roots++;
				return script.roots.map((root) => ({ ...root }));
			}
		}
	};
	return script;
}

/** Collects notifications with one method; `next()` waits for the next unseen one. */
export function collect(client: McpClient, method: string) {
	const seen: JsonRpcNotification[] = [];
	let waiter: (() => void) | undefined;
	const off = client.on('notification', (n) => {
		if (n.method !== method) return;
		seen.push(n);
		waiter?.();
	});
	let read = 0;
	return {
		seen,
		off,
		async next(timeoutMs = 8000): Promise<JsonRpcNotification> {
			const deadline = Date.now() + timeoutMs;
			while (read >= seen.length) {
				const left = deadline - Date.now();
				if (left <= 0) throw new Error(`no ${method} notification within ${timeoutMs} ms`);
				await new Promise<void>((resolve) => {
					const timer = setTimeout(resolve, left);
					waiter = () => {
						clearTimeout(timer);
						resolve();
					};
				});
			}
			return seen[read++] as JsonRpcNotification;
		}
	};
}

/** A fetch that records every JSON-RPC body POSTed through it. */
export function recordingFetch() {
	const posted: Array<Record<string, unknown>> = [];
	const fetchFn: typeof fetch = async (input, init) => {
		if (init?.method === 'POST' && typeof init.body === 'string') {
			try {
				const body = JSON.parse(init.body) as unknown;
				for (const message of Array.isArray(body) ? body : [body]) posted.push(message);
			} catch {
				// not JSON: nothing to record
			}
		}
		return fetch(input, init);
	};
	return { fetch: fetchFn, posted };
}

/** The text of a tool result's first text block. */
export function firstText(result: { content?: unknown }): string {
	const blocks = (result.content ?? []) as Array<{ type: string; text?: string }>;
	return blocks.find((b) => b.type === 'text')?.text ?? '';
}

/** Every text block of a tool result, joined. */
export function allText(result: { content?: unknown }): string {
	const blocks = (result.content ?? []) as Array<{ type: string; text?: string }>;
	return blocks
		.filter((b) => b.type === 'text')
		.map((b) => b.text)
		.join('\n');
}
