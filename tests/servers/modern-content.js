// @ts-check
/**
 * Resources and prompts of the modern-era test server, with completions for a resource-template
 * variable and for prompt arguments (one of them context-aware).
 */
import { completable, ResourceTemplate } from '@modelcontextprotocol/server';
import * as z from 'zod';

/** @typedef {import('@modelcontextprotocol/server').McpServer} McpServer */
/** @typedef {import('./modern-tools.js').ModernState} ModernState */

/** A 1×1 transparent PNG, base64. */
export const PIXEL_PNG_BASE64 =
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/**
 * A short sine tone as a WAV file (PCM, 8-bit unsigned, mono), base64: real audio a browser can
 * decode, small enough for a tool result.
 * @param {number} hz
 * @param {number} ms
 */
export function toneWavBase64(hz, ms) {
	const rate = 8000;
	const samples = Math.round((rate * ms) / 1000);
	const wav = Buffer.alloc(44 + samples);
	wav.write('RIFF', 0, 'ascii');
	wav.writeUInt32LE(36 + samples, 4);
	wav.write('WAVEfmt ', 8, 'ascii');
	wav.writeUInt32LE(16, 16); // fmt chunk size
	wav.writeUInt16LE(1, 20); // PCM
	wav.writeUInt16LE(1, 22); // mono
	wav.writeUInt32LE(rate, 24);
	wav.writeUInt32LE(rate, 28); // bytes per second
	wav.writeUInt16LE(1, 32); // block align
	wav.writeUInt16LE(8, 34); // bits per sample
	wav.write('data', 36, 'ascii');
	wav.writeUInt32LE(samples, 40);
	for (let i = 0; i < samples; i++)
		wav[44 + i] = Math.round(128 + 100 * Math.sin((2 * Math.PI * hz * i) / rate));
	return wav.toString('base64');
}

/** @type {Record<string, string>} */
export const GREETINGS = {
	english: 'Hello',
	french: 'Bonjour',
	german: 'Hallo',
	spanish: 'Hola',
	swahili: 'Jambo'
};

export const LANGUAGES = ['javascript', 'typescript', 'python', 'rust', 'go'];

/** @type {Record<string, string[]>} */
export const CITIES = {
	france: ['Paris', 'Lyon', 'Marseille'],
	japan: ['Tokyo', 'Kyoto', 'Osaka'],
	kenya: ['Nairobi', 'Mombasa']
};

/**
 * @param {string[]} values
 * @param {string} prefix
 */
function startingWith(values, prefix) {
	const p = prefix.toLowerCase();
	return values.filter((v) => v.toLowerCase().startsWith(p));
}

/**
 * @param {McpServer} server
 * @param {ModernState} state
 */
export function registerModernResources(server, state) {
	server.registerResource(
		'about',
		'info://about',
		{ title: 'About this server', mimeType: 'text/markdown' },
		async (uri) => ({
			contents: [
				{
					uri: uri.href,
					mimeType: 'text/markdown',
					text: '# Modern test server\n\nSpeaks MCP 2026-07-28.'
				}
			]
		})
	);
	server.registerResource(
		'pixel',
		'info://pixel.png',
		{ title: 'A 1x1 PNG', mimeType: 'image/png' },
		async (uri) => ({
			contents: [{ uri: uri.href, mimeType: 'image/png', blob: PIXEL_PNG_BASE64 }]
		})
	);
	server.registerResource(
		'counter',
		'counter://value',
		{
			description: 'A number that increment-counter raises; subscribe to see updates.',
			mimeType: 'text/plain'
		},
		async (uri) => ({
			contents: [{ uri: uri.href, mimeType: 'text/plain', text: String(state.counter) }]
		})
	);
	const template = new ResourceTemplate('greeting://{language}/{name}', {
		list: undefined,
		complete: {
			language: (value) => startingWith(Object.keys(GREETINGS), value),
			name: (value) => startingWith(['Ada', 'Alan', 'Grace', 'Linus'], value)
		}
	});
	server.registerResource(
		'greeting',
		template,
		{ description: 'A greeting in a language; both variables complete.', mimeType: 'text/plain' },
		async (uri, variables) => {
			const language = String(variables.language);
			const greeting = GREETINGS[language];
			if (greeting === undefined)
				throw new Error(`Unknown language ${language}: try ${Object.keys(GREETINGS).join(', ')}`);
			return {
				contents: [
					{ uri: uri.href, mimeType: 'text/plain', text: `${greeting}, ${variables.name}!` }
				]
			};
		}
	);
}

/** @param {McpServer} server */
export function registerModernPrompts(server) {
	server.registerPrompt(
		'code-review',
		{
			title: 'Code review',
			description: 'Review code in a language (the language completes).',
			argsSchema: z.object({
				language: completable(z.string().describe('Programming language'), (value) =>
					startingWith(LANGUAGES, value)
				),
				code: z.string().describe('The code to review')
			})
		},
		({ language, code }) => ({
			description: `Review of ${language} code`,
			messages: [
				{
					role: 'user',
					content: { type: 'text', text: `Please review this ${language} code:\n\n${code}` }
				},
				// A link the client can read (resources/read), not an embedded copy.
				{
					role: 'assistant',
					content: {
						type: 'resource_link',
						uri: 'info://about',
						name: 'about',
						title: 'About this server',
						mimeType: 'text/markdown'
					}
				}
			]
		})
	);
	server.registerPrompt(
		'trip-plan',
		{
			description: 'Plan a trip; city completions depend on the chosen country (context).',
			argsSchema: z.object({
				country: completable(z.string(), (value) => startingWith(Object.keys(CITIES), value)),
				city: completable(z.string(), (value, context) =>
					startingWith(
						CITIES[context?.arguments?.country ?? ''] ?? Object.values(CITIES).flat(),
						value
					)
				),
				days: z.string().optional().describe('Number of days')
			})
		},
		({ country, city, days }) => ({
			messages: [
				{
					role: 'user',
					content: { type: 'text', text: `Plan ${days ?? 'a few'} days in ${city}, ${country}.` }
				},
				{
					role: 'assistant',
					content: {
						type: 'resource',
						resource: {
							uri: 'info://about',
							mimeType: 'text/markdown',
							text: '# Modern test server'
						}
					}
				}
			]
		})
	);
}
