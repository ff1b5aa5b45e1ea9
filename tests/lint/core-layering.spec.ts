import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The core's layering is enforced by lint (eslint.config.js), not by memory: these cases prove
 * the rules catch each way out of src/lib/mcp, and leave the core's own imports alone.
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function problems(code: string, filePath = 'src/lib/mcp/auth/example.ts'): Promise<string[]> {
	const [result] = await eslint.lintText(code, { filePath });
	return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('src/lib/mcp layering', () => {
	it.each([
		["import { x } from '../../embed/params.js';", 'core/stay-inside'],
		["import { x } from '../../markdown/index.js';", 'core/stay-inside'],
		["import Markdown from '$lib/markdown/Markdown.svelte';", 'core/stay-inside'],
		["import { x } from '$lib/state/connection.svelte.js';", 'core/stay-inside'],
		["export { x } from '../../server/security.js';", 'core/stay-inside'],
		["const m = await import('../../components/index.js');", 'core/stay-inside'],
		["import { lookup } from 'dns';", 'no-restricted-imports'],
		["import { readFile } from 'fs/promises';", 'no-restricted-imports'],
		["import { readFile } from 'node:fs/promises';", 'no-restricted-imports'],
		["import { mount } from 'svelte';", 'no-restricted-imports'],
		["import { page } from '$app/state';", 'no-restricted-imports'],
		['export const home = process.env.HOME;', 'no-restricted-globals'],
		["export const bytes = Buffer.from('x');", 'no-restricted-globals']
	])('refuses %s', async (code, rule) => {
		expect(await problems(code)).toContain(rule);
	});

	it('allows imports within the core, its packages, and specs that use Node', async () => {
		expect(await problems("export { McpClient } from '../client.js';")).toEqual([]);
		expect(await problems("export { isJsonRpcMessage } from '$lib/mcp/jsonrpc.js';")).toEqual([]);
		expect(await problems("export * as oauth from 'oauth4webapi';")).toEqual([]);
		const spec = "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;";
		expect(await problems(spec, 'src/lib/mcp/auth/example.spec.ts')).toEqual([]);
	});

	it('lets the layers above import the core', async () => {
		const code = "export { connect } from '../mcp/connect.js';";
		expect(await problems(code, 'src/lib/state/example.ts')).toEqual([]);
	});
});
