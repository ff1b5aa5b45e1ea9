#!/usr/bin/env node
/**
 * `npm run test:conformance`: runs the official conformance suite's client scenarios against our
 * core (tests/conformance/client.js) for the 2025-11-25 and 2026-07-28 requirement sets, the
 * 2025-03-26 auth back-compat scenarios and the auth extension scenarios, then
 * judges each scenario from its checks.json — not from the suite's summary, which can count a
 * client that crashed before doing anything as passing. A scenario passes only when it recorded
 * at least one check and none is FAILURE or WARNING.
 *
 * Options: --no-auth (leave out auth/* scenarios), --scenario <name> (repeatable),
 * --requirements <revision> (repeatable), --verbose (print each scenario's output).
 * The suite needs Node >= 22, so it runs through `npx -p node@24` on older machines.
 */
import { spawn } from 'node:child_process';
import { rm, stat } from 'node:fs/promises';
import { judge } from './judge.js';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE = '@modelcontextprotocol/conformance@0.2.0-alpha.12';
const REQUIREMENTS = ['2025-11-25', '2026-07-28', '2025-03-26', 'extension'];
/** Extension scenarios we run: the auth ones (client credentials, enterprise, DPoP, WIF). */
const EXTENSIONS = /^auth\//;
const COMMAND = 'node tests/conformance/client.js';
/**
 * Scenarios that must be listed (and so run) for each requirement set: a renamed or re-tagged
 * scenario would otherwise drop out of the run silently and CI stay green.
 */
const AUTH_2025 = [
	'auth/metadata-default',
	'auth/metadata-var1',
	'auth/metadata-var2',
	'auth/metadata-var3',
	'auth/basic-cimd',
	'auth/scope-from-www-authenticate',
	'auth/scope-from-scopes-supported',
	'auth/scope-omitted-when-undefined',
	'auth/scope-step-up',
	'auth/scope-retry-limit',
	'auth/token-endpoint-auth-basic',
	'auth/token-endpoint-auth-post',
	'auth/token-endpoint-auth-none',
	'auth/pre-registration'
];
const EXPECTED = {
	'2025-11-25': [
		'initialize',
		'tools_call',
		'elicitation-sep1034-client-defaults',
		'sse-retry',
		'json-schema-2020-12-preservation',
		...AUTH_2025
	],
	'2026-07-28': [
		'tools_call',
		'request-metadata',
		'sep-2322-client-request-state',
		'http-standard-headers',
		'http-custom-headers',
		'http-invalid-tool-headers',
		'json-schema-ref-no-deref',
		'json-schema-2020-12-preservation',
		...AUTH_2025,
		'auth/resource-mismatch',
		'auth/offline-access-scope',
		'auth/offline-access-not-supported',
		'auth/authorization-server-migration',
		'auth/iss-supported',
		'auth/iss-not-advertised',
		'auth/iss-supported-missing',
		'auth/iss-wrong-issuer',
		'auth/iss-unexpected',
		'auth/iss-normalized',
		'auth/metadata-issuer-mismatch'
	],
	'2025-03-26': [
		'auth/2025-03-26-oauth-metadata-backcompat',
		'auth/2025-03-26-oauth-endpoint-fallback'
	],
	extension: [
		'auth/client-credentials-basic',
		'auth/client-credentials-jwt',
		'auth/enterprise-managed-authorization',
		'auth/dpop',
		'auth/dpop-nonce',
		'auth/wif-jwt-bearer'
	]
};
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const resultsDir = join(here, 'results');

/** @param {string[]} argv */
function parseArgs(argv) {
	const options = {
		auth: true,
		/** @type {string[]} */ scenarios: [],
		/** @type {string[]} */ requirements: [],
		verbose: false
	};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--auth') options.auth = true;
		else if (arg === '--no-auth') options.auth = false;
		else if (arg === '--verbose') options.verbose = true;
		else if (arg === '--scenario') options.scenarios.push(String(argv[++i]));
		else if (arg === '--requirements') options.requirements.push(String(argv[++i]));
		else
			throw new Error(
				`Unknown option ${arg} (use --no-auth, --scenario, --requirements, --verbose)`
			);
	}
	if (options.requirements.length === 0) options.requirements = REQUIREMENTS;
	return options;
}

/** Runs the suite's CLI (on Node 24 via npx) and collects its output. */
/**
 * @param {string[]} args
 * @returns {Promise<{ code: number, output: string }>}
 */
function conformance(args) {
	const npxArgs = ['-y', '-p', 'node@24', '-p', PACKAGE, '--', 'conformance', ...args];
	return new Promise((resolve) => {
		// The repo's .npmrc sets engine-strict; the suite's own dependencies want Node 22, which npx supplies.
		const env = { ...process.env, npm_config_engine_strict: 'false' };
		const child = spawn('npx', npxArgs, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		child.on('close', (code) => resolve({ code: code ?? 1, output }));
	});
}

/** `conformance list --client`: "  - name [2025-11-25,2026-07-28]" per scenario. */
async function listScenarios() {
	const { code, output } = await conformance(['list', '--client']);
	const scenarios = [];
	for (const line of output.split('\n')) {
		const match = /^\s+- (\S+) \[([^\]]*)\]/.exec(line);
		if (match?.[1] && match[2] !== undefined) {
			scenarios.push({ name: match[1], sets: match[2].split(',') });
		}
	}
	if (code !== 0 || scenarios.length === 0) {
		throw new Error(`Could not list the conformance scenarios (exit ${code}):\n${output}`);
	}
	return scenarios;
}

/**
 * @param {string} requirements
 * @param {string} name
 * @param {boolean} verbose
 */
async function runScenario(requirements, name, verbose) {
	const outDir = join(resultsDir, requirements, name.replaceAll('/', '__'));
	await rm(outDir, { recursive: true, force: true });
	const args = ['client', '--command', COMMAND, '--scenario', name, '-o', outDir];
	// Extension scenarios belong to no dated revision: they run without --spec-version.
	if (requirements !== 'extension') args.push('--spec-version', requirements);
	const { code, output } = await conformance(args);
	if (verbose) console.log(output);
	const checks = await judge(outDir);
	// The suite exits non-zero when the client failed (crashed, timed out) even if the checks it
	// recorded before that look fine: both must pass.
	const verdict = { ...checks, passed: checks.passed && code === 0 };
	if (!verdict.passed && !verbose) console.log(output.split('\n').slice(-40).join('\n'));
	return { requirements, name, code, ...verdict };
}

/** @param {Awaited<ReturnType<typeof runScenario>>[]} rows */
function printTable(rows) {
	const pad = (/** @type {unknown} */ text, /** @type {number} */ width) =>
		String(text).padEnd(width);
	console.log(
		`\n${pad('requirements', 13)}${pad('scenario', 42)}${pad('checks', 8)}${pad('ok', 5)}${pad('fail', 6)}${pad('warn', 6)}result`
	);
	for (const r of rows) {
		const result = r.passed
			? 'PASS'
			: r.total === 0
				? 'FAIL (no checks)'
				: r.code !== 0 && r.bad.length === 0
					? `FAIL (suite exit ${r.code})`
					: 'FAIL';
		console.log(
			`${pad(r.requirements, 13)}${pad(r.name, 42)}${pad(r.total, 8)}${pad(r.success, 5)}${pad(r.failure, 6)}${pad(r.warning, 6)}${result}`
		);
		for (const check of r.bad)
			console.log(`    ${check.status} ${check.id}: ${check.errorMessage ?? check.description}`);
	}
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	const all = await listScenarios();
	const rows = [];
	/** @type {string[]} */
	const missing = [];
	for (const requirements of options.requirements) {
		const listed = all.filter((s) => s.sets.includes(requirements)).map((s) => s.name);
		const expected = /** @type {Record<string, string[]>} */ (EXPECTED)[requirements] ?? [];
		for (const name of expected) {
			const wanted =
				(options.auth || !name.startsWith('auth/')) &&
				(options.scenarios.length === 0 || options.scenarios.includes(name));
			if (wanted && !listed.includes(name)) missing.push(`${requirements} ${name}`);
		}
		const chosen = all.filter(
			(s) =>
				s.sets.includes(requirements) &&
				(options.auth || !s.name.startsWith('auth/')) &&
				(requirements !== 'extension' || EXTENSIONS.test(s.name)) &&
				(options.scenarios.length === 0 || options.scenarios.includes(s.name))
		);
		for (const scenario of chosen) {
			process.stdout.write(`${requirements} ${scenario.name} … `);
			const row = await runScenario(requirements, scenario.name, options.verbose);
			console.log(row.passed ? `PASS (${row.total} checks)` : 'FAIL');
			rows.push(row);
		}
	}
	printTable(rows);
	for (const name of missing)
		console.log(`MISSING ${name}: expected, but the suite does not list it`);
	const passed = rows.filter((r) => r.passed).length;
	const checks = rows.reduce((sum, r) => sum + r.total, 0);
	console.log(`\n${checks} checks read from checks.json`);
	const failed = rows.length - passed + missing.length;
	console.log(`conformance: ${passed} passed, ${failed} failed`);
	process.exitCode = rows.length > 0 && failed === 0 ? 0 : 1;
}

await stat(join(root, 'node_modules', 'esbuild')).catch(() => {
	throw new Error('Run npm ci first: the conformance client is bundled with esbuild.');
});
await main();
