// @ts-check
/**
 * Tools of the modern-era (2026-07-28) test server. Every result is derived from the input so a
 * test can tell a real round trip from a cached or invented one.
 */
import * as z from 'zod';
import { toneWavBase64 } from './modern-content.js';
import { registerMrtrTools } from './modern-mrtr.js';

/**
 * @typedef {object} ModernState shared by every per-request server instance
 * @property {number} counter value behind `counter://value`
 * @property {boolean} extraTool whether `extra-echo` is listed
 * @property {{ started: number, completed: number, cancelled: number }} slowCount
 * @property {Array<{ region: string | null, priority: string | null, urgent: string | null }>} paramHeaders
 *   the `Mcp-Param-*` headers each `route-message` call arrived with
 */

/** @typedef {import('@modelcontextprotocol/server').McpServer} McpServer */
/** @typedef {import('@modelcontextprotocol/server').ServerNotifier} Notifier */
/** @typedef {import('./modern-mrtr.js').StateCodec} StateCodec */

/** @returns {ModernState} */
export function createModernState() {
	return {
		counter: 0,
		extraTool: false,
		slowCount: { started: 0, completed: 0, cancelled: 0 },
		paramHeaders: []
	};
}

const CONDITIONS = /** @type {const} */ (['sunny', 'cloudy', 'rainy', 'snowy']);

/** Deterministic fake weather: the same city always gives the same answer. */
/** @param {string} city */
export function weatherFor(city) {
	let sum = 0;
	for (const ch of city) sum += ch.codePointAt(0) ?? 0;
	return {
		city,
		temperatureC: (sum % 35) - 5,
		conditions: CONDITIONS[sum % CONDITIONS.length] ?? 'sunny'
	};
}

/**
 * @param {McpServer} server
 * @param {ModernState} state
 * @param {() => Notifier} notify publishes to open `subscriptions/listen` streams
 * @param {StateCodec} codec seals multi-round-trip `requestState`
 */
export function registerModernTools(server, state, notify, codec) {
	registerWeather(server);
	registerTone(server);
	registerRouteMessage(server, state);
	registerSlowCount(server, state);
	registerStatsAndLogs(server, state);
	registerChangeTools(server, state, notify);
	registerMrtrTools(server, codec);
}

/** @param {McpServer} server */
function registerWeather(server) {
	server.registerTool(
		'get-weather',
		{
			title: 'Get weather',
			description: 'Weather for a city, as text and as structuredContent matching outputSchema.',
			inputSchema: z.object({ city: z.string().min(1).describe('City name') }),
			outputSchema: z.object({
				city: z.string(),
				temperatureC: z.number(),
				conditions: z.enum(CONDITIONS)
			}),
			annotations: { readOnlyHint: true, openWorldHint: false }
		},
		async ({ city }) => {
			const weather = weatherFor(city);
			return {
				content: [{ type: 'text', text: JSON.stringify(weather) }],
				structuredContent: weather
			};
		}
	);
}

/** Audio content: server-everything has no tool that returns any. */
/** @param {McpServer} server */
function registerTone(server) {
	server.registerTool(
		'play-tone',
		{
			description: 'A short sine tone as an audio content block (audio/wav).',
			inputSchema: z.object({
				hz: z.number().int().min(50).max(2000).default(440),
				ms: z.number().int().min(10).max(2000).default(300)
			}),
			annotations: { readOnlyHint: true }
		},
		async ({ hz, ms }) => ({
			content: [
				{ type: 'text', text: `A ${hz} Hz tone, ${ms} ms:` },
				{ type: 'audio', data: toneWavBase64(hz, ms), mimeType: 'audio/wav' }
			]
		})
	);
}

/**
 * Three `x-mcp-header` parameters (string, integer, boolean): a conforming client mirrors them
 * into `Mcp-Param-Region` / `-Priority` / `-Urgent`; the SDK rejects a call whose headers are
 * missing or disagree with the body (400, -32020). The tool reports what it received.
 * @param {McpServer} server
 * @param {ModernState} state
 */
function registerRouteMessage(server, state) {
	server.registerTool(
		'route-message',
		{
			description: 'Routes a message; region, priority and urgent travel as Mcp-Param-* headers.',
			inputSchema: z.object({
				region: z.string().describe('Target region').meta({ 'x-mcp-header': 'Region' }),
				priority: z.number().int().optional().meta({ 'x-mcp-header': 'Priority' }),
				urgent: z.boolean().optional().meta({ 'x-mcp-header': 'Urgent' }),
				message: z.string()
			})
		},
		async ({ region, priority, urgent, message }, ctx) => {
			const headers = ctx.http?.req?.headers;
			const received = {
				region: headers?.get('mcp-param-region') ?? null,
				priority: headers?.get('mcp-param-priority') ?? null,
				urgent: headers?.get('mcp-param-urgent') ?? null
			};
			state.paramHeaders.push(received);
			const text = `Routed to ${region} (priority ${priority ?? 'none'}, urgent ${urgent ?? false}): ${message}`;
			return {
				content: [
					{ type: 'text', text },
					{ type: 'text', text: `Mcp-Param headers received: ${JSON.stringify(received)}` }
				]
			};
		}
	);
}

/**
 * A slow tool for progress and cancellation tests. In the modern era cancelling means closing
 * the response stream; the SDK turns that into `ctx.mcpReq.signal` aborting, which we count.
 * @param {McpServer} server
 * @param {ModernState} state
 */
function registerSlowCount(server, state) {
	server.registerTool(
		'slow-count',
		{
			description: 'Counts to `steps`, one step every `intervalMs`, reporting progress.',
			inputSchema: z.object({
				steps: z.number().int().min(1).max(1000).default(10),
				intervalMs: z.number().int().min(1).max(10_000).default(200)
			})
		},
		async ({ steps, intervalMs }, ctx) => {
			state.slowCount.started++;
			const token = ctx.mcpReq._meta?.progressToken;
			for (let step = 1; step <= steps; step++) {
				if (!(await sleep(intervalMs, ctx.mcpReq.signal))) {
					state.slowCount.cancelled++;
					throw new Error(`slow-count cancelled at step ${step} of ${steps}`);
				}
				if (token === undefined) continue;
				await ctx.mcpReq.notify({
					method: 'notifications/progress',
					params: {
						progressToken: token,
						progress: step,
						total: steps,
						message: `Step ${step} of ${steps}`
					}
				});
			}
			state.slowCount.completed++;
			return { content: [{ type: 'text', text: `Counted to ${steps}` }] };
		}
	);
}

/**
 * @param {number} ms
 * @param {AbortSignal} signal
 * @returns {Promise<boolean>} false when aborted
 */
function sleep(ms, signal) {
	if (signal.aborted) return Promise.resolve(false);
	return new Promise((resolve) => {
		const onAbort = () => {
			clearTimeout(timer);
			resolve(false);
		};
		const timer = setTimeout(() => {
			signal.removeEventListener('abort', onAbort);
			resolve(true);
		}, ms);
		signal.addEventListener('abort', onAbort, { once: true });
	});
}

/**
 * @param {McpServer} server
 * @param {ModernState} state
 */
function registerStatsAndLogs(server, state) {
	server.registerTool(
		'server-stats',
		{
			description: 'What this server has observed: slow-count runs and the counter.',
			outputSchema: z.object({
				counter: z.number(),
				slowCount: z.object({ started: z.number(), completed: z.number(), cancelled: z.number() })
			}),
			annotations: { readOnlyHint: true }
		},
		async () => {
			const stats = { counter: state.counter, slowCount: { ...state.slowCount } };
			return { content: [{ type: 'text', text: JSON.stringify(stats) }], structuredContent: stats };
		}
	);
	server.registerTool(
		'emit-logs',
		{
			description: 'Logs one message at each of debug, info, warning and error, then returns.',
			inputSchema: z.object({ tag: z.string().default('log') })
		},
		async ({ tag }, ctx) => {
			const levels = /** @type {const} */ (['debug', 'info', 'warning', 'error']);
			for (const level of levels)
				await ctx.mcpReq.log(level, `${tag}: ${level} message`, 'emit-logs');
			return {
				content: [{ type: 'text', text: `Logged ${levels.length} messages tagged ${tag}` }]
			};
		}
	);
}

/**
 * @param {McpServer} server
 * @param {ModernState} state
 * @param {() => Notifier} notify
 */
function registerChangeTools(server, state, notify) {
	server.registerTool(
		'increment-counter',
		{ description: 'Adds 1 to counter://value and notifies its subscribers.' },
		async () => {
			state.counter++;
			notify().resourceUpdated('counter://value');
			return { content: [{ type: 'text', text: `Counter is now ${state.counter}` }] };
		}
	);
	server.registerTool(
		'toggle-extra-tool',
		{ description: 'Adds or removes the extra-echo tool and sends tools/list_changed.' },
		async () => {
			state.extraTool = !state.extraTool;
			notify().toolsChanged();
			return {
				content: [
					{ type: 'text', text: `extra-echo is now ${state.extraTool ? 'listed' : 'gone'}` }
				]
			};
		}
	);
	if (!state.extraTool) return;
	server.registerTool(
		'extra-echo',
		{
			description: 'Echoes its input (present only while toggled on).',
			inputSchema: z.object({ text: z.string() })
		},
		async ({ text }) => ({ content: [{ type: 'text', text: `extra: ${text}` }] })
	);
}
