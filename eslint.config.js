import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/**
 * Layering (ARCHITECTURE.md): src/lib/mcp is the framework-free protocol core. It must run
 * unchanged in the browser and in Node, so it may import nothing from Svelte, SvelteKit, Node or
 * the layers above it. Components and state never import server code.
 */
const coreForbidden = [
	{ group: ['svelte', 'svelte/*'], message: 'src/lib/mcp must stay framework-free.' },
	{ group: ['$app/*', '$env/*', '@sveltejs/*'], message: 'src/lib/mcp must not use SvelteKit.' },
	{ group: ['node:*'], message: 'src/lib/mcp must run in the browser: no node: imports.' },
	{
		group: ['$lib/state/*', '$lib/components/*', '$lib/server/*', '$lib/state', '$lib/server'],
		message: 'src/lib/mcp must not import from the layers above it.'
	},
	{
		group: ['../state/*', '../components/*', '../server/*', '../../*'],
		message: 'src/lib/mcp must not reach outside itself.'
	}
];
const nodeBuiltins = [
	'fs',
	'path',
	'child_process',
	'http',
	'https',
	'net',
	'os',
	'crypto',
	'stream',
	'url',
	'util',
	'events',
	'buffer',
	'process',
	'tls',
	'zlib',
	'worker_threads',
	'readline'
];

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
		rules: {
			'no-restricted-imports': ['error', { paths: nodeBuiltins, patterns: coreForbidden }]
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
