import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';
import { builtinModules } from 'node:module';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Layering (ARCHITECTURE.md): src/lib/mcp is the framework-free protocol core. It must run
 * unchanged in the browser and in Node, so it may import nothing from Svelte, SvelteKit, Node or
 * the layers above it. Components and state never import server code.
 */
const coreForbidden = [
	{ group: ['svelte', 'svelte/*'], message: 'src/lib/mcp must stay framework-free.' },
	{ group: ['$app/*', '$env/*', '@sveltejs/*'], message: 'src/lib/mcp must not use SvelteKit.' },
	{ group: ['node:*'], message: 'src/lib/mcp must run in the browser: no node: imports.' }
];
/** Every Node built-in, bare (`fs`, `dns`, `fs/promises`…): the `node:` form is a pattern above. */
const nodeBuiltins = builtinModules.filter((name) => !name.startsWith('_'));
/** Node-only globals: code that touches them does not run in a browser. */
const nodeGlobals = ['process', 'Buffer', 'require', 'module', '__dirname', '__filename', 'global'];
const coreDir = fileURLToPath(new URL('./src/lib/mcp/', import.meta.url));

/**
 * `core/stay-inside`: every relative or `$lib` import of a core file must land inside src/lib/mcp.
 * A pattern list cannot say this — `../jsonrpc.js` from src/lib/mcp/auth is fine, the same
 * spelling from src/lib/mcp reaches src/lib — so the rule resolves each path.
 */
const stayInside = {
	meta: {
		type: 'problem',
		messages: {
			outside:
				'src/lib/mcp must not reach outside itself ({{source}}): the core runs unchanged in the browser and in Node, without the layers above it.'
		},
		schema: []
	},
	create(context) {
		const check = (node) => {
			const source = node.source;
			if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
			const value = source.value;
			let target;
			if (value.startsWith('.')) target = resolve(dirname(context.filename), value);
			else if (value === '$lib' || value.startsWith('$lib/'))
				target = resolve(coreDir, '..', value.slice('$lib/'.length));
			else return;
			const inside = relative(coreDir, target);
			if (inside.startsWith('..') || isAbsolute(inside))
				context.report({ node: source, messageId: 'outside', data: { source: value } });
		};
		return {
			ImportDeclaration: check,
			ExportNamedDeclaration: check,
			ExportAllDeclaration: check,
			ImportExpression: check
		};
	}
};

export default ts.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'node_modules/',
			'test-results/',
			'playwright-report/',
			'tests/conformance/results/',
			'bench-results/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			'no-undef': 'off',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
			]
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	},
	{
		files: ['src/lib/mcp/**/*.ts'],
		ignores: ['src/lib/mcp/**/*.spec.ts'],
		plugins: { core: { rules: { 'stay-inside': stayInside } } },
		rules: {
			'no-restricted-imports': ['error', { paths: nodeBuiltins, patterns: coreForbidden }],
			'no-restricted-globals': ['error', ...nodeGlobals],
			'core/stay-inside': 'error'
		}
	},
	{
		files: ['src/lib/components/**', 'src/lib/state/**', 'src/routes/**/*.svelte'],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{
							group: ['$lib/server', '$lib/server/*'],
							message: 'Browser code must not import server code.'
						}
					]
				}
			]
		}
	}
);
