// @ts-check
/**
 * Multi-round-trip (MRTR, 2026-07-28) tools: instead of sending a server→client request they
 * return `resultType: "input_required"` with keyed `inputRequests`; the client answers and
 * resends the call with `inputResponses` (and the exact `requestState`) under a new id.
 * `register-user` takes two rounds and carries round one's answer in an HMAC-sealed
 * `requestState` (the spec: state that influences logic MUST be integrity-protected; the
 * server's `requestState.verify` hook rejects a tampered echo with -32602).
 */
import { inputRequired, inputResponse } from '@modelcontextprotocol/server';
import * as z from 'zod';

/** @typedef {import('@modelcontextprotocol/server').McpServer} McpServer */
/** @typedef {import('@modelcontextprotocol/server').RequestStateCodec<{ name: string }>} StateCodec */

const CONFIRM_SCHEMA = {
	type: /** @type {const} */ ('object'),
	properties: {
		confirm: { type: /** @type {const} */ ('boolean'), title: 'Confirm', default: false },
		reason: { type: /** @type {const} */ ('string'), title: 'Reason', maxLength: 200 }
	},
	required: ['confirm']
};

/**
 * @param {McpServer} server
 * @param {StateCodec} codec seals `register-user`'s state
 */
export function registerMrtrTools(server, codec) {
	registerConfirmAction(server);
	registerRegisterUser(server, codec);
	registerSamplingAndRoots(server);
}

/** @param {McpServer} server */
function registerConfirmAction(server) {
	server.registerTool(
		'confirm-action',
		{
			description: 'Asks the user (elicitation via an input request) to confirm an action.',
			inputSchema: z.object({ action: z.string().min(1) })
		},
		async ({ action }, ctx) => {
			const answer = inputResponse(ctx.mcpReq.inputResponses, 'confirm');
			if (answer.kind !== 'elicit') {
				return inputRequired({
					inputRequests: {
						confirm: inputRequired.elicit({
							message: `Really ${action}?`,
							requestedSchema: CONFIRM_SCHEMA
						})
					}
				});
			}
			if (answer.action !== 'accept') return text(`${action}: ${answer.action}d by the user`);
			const reason =
				typeof answer.content?.reason === 'string' ? ` (${answer.content.reason})` : '';
			return text(
				answer.content?.confirm === true
					? `Confirmed: ${action}${reason}`
					: `Not confirmed: ${action}${reason}`
			);
		}
	);
}

/**
 * @param {McpServer} server
 * @param {StateCodec} codec
 */
function registerRegisterUser(server, codec) {
	server.registerTool(
		'register-user',
		{
			description:
				'Two rounds of elicitation: a name, then an email; requestState carries the name.'
		},
		async (ctx) => {
			const sealed = ctx.mcpReq.requestState();
			const state = /** @type {{ name: string } | undefined} */ (sealed);
			if (state === undefined) {
				const name = inputResponse(ctx.mcpReq.inputResponses, 'name');
				const value = name.kind === 'elicit' ? name.content?.name : undefined;
				if (typeof value !== 'string' || value.length === 0) return askFor('name', 'Your name?');
				return askFor('email', `Email for ${value}?`, await codec.mint({ name: value }, ctx));
			}
			const email = inputResponse(ctx.mcpReq.inputResponses, 'email');
			const value = email.kind === 'elicit' ? email.content?.email : undefined;
			if (typeof value !== 'string') return text(`Registration of ${state.name} abandoned`);
			return text(`Registered ${state.name} <${value}>`);
		}
	);
}

/**
 * @param {'name' | 'email'} field
 * @param {string} message
 * @param {string} [requestState]
 */
function askFor(field, message, requestState) {
	const property =
		field === 'email'
			? {
					type: /** @type {const} */ ('string'),
					format: /** @type {const} */ ('email'),
					title: 'Email'
				}
			: { type: /** @type {const} */ ('string'), title: 'Name', minLength: 1 };
	const schema = {
		type: /** @type {const} */ ('object'),
		properties: { [field]: property },
		required: [field]
	};
	return inputRequired({
		inputRequests: { [field]: inputRequired.elicit({ message, requestedSchema: schema }) },
		...(requestState === undefined ? {} : { requestState })
	});
}

/** @param {McpServer} server */
function registerSamplingAndRoots(server) {
	server.registerTool(
		'summarize-text',
		{
			description: 'Asks the client to sample an LLM (input request) and returns its answer.',
			inputSchema: z.object({ text: z.string().min(1) })
		},
		async ({ text: input }, ctx) => {
			const answer = inputResponse(ctx.mcpReq.inputResponses, 'summary');
			if (answer.kind !== 'sampling') {
				const createMessage = inputRequired.createMessage({
					messages: [{ role: 'user', content: { type: 'text', text: `Summarize: ${input}` } }],
					maxTokens: 200
				});
				return inputRequired({ inputRequests: { summary: createMessage } });
			}
			const content = answer.result.content;
			const reply =
				!Array.isArray(content) && content.type === 'text' ? content.text : '(non-text reply)';
			return text(`Summary by ${answer.result.model}: ${reply}`);
		}
	);
	server.registerTool(
		'list-roots',
		{ description: 'Asks the client for its roots (input request) and lists them.' },
		async (ctx) => {
			const answer = inputResponse(ctx.mcpReq.inputResponses, 'roots');
			if (answer.kind !== 'roots')
				return inputRequired({ inputRequests: { roots: inputRequired.listRoots() } });
			const lines = answer.roots.map((r) => `${r.uri}${r.name ? ` (${r.name})` : ''}`);
			return text(`Client roots: ${lines.length === 0 ? 'none' : lines.join(', ')}`);
		}
	);
}

/** @param {string} value */
function text(value) {
	return { content: [{ type: /** @type {const} */ ('text'), text: value }] };
}
