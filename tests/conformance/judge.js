/**
 * Judges a scenario from the checks.json files the suite wrote, not from its summary (which can
 * count a client that crashed before doing anything as passing). A scenario passes only when at
 * least one check was recorded and none is FAILURE or WARNING.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * @param {string} dir
 * @param {string} name
 * @returns {Promise<string[]>}
 */
async function findFiles(dir, name) {
	const found = [];
	for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) found.push(...(await findFiles(path, name)));
		else if (entry.name === name) found.push(path);
	}
	return found;
}

/** Reads every checks.json under `dir` and judges them. */
/**
 * @typedef {{ id: string, status: string, description?: string, errorMessage?: string }} Check
 * @param {string} dir
 */
export async function judge(dir) {
	const files = await findFiles(dir, 'checks.json');
	/** @type {Check[]} */
	const checks = [];
	for (const file of files) {
		const parsed = JSON.parse(await readFile(file, 'utf8'));
		checks.push(...(Array.isArray(parsed) ? parsed : (parsed.checks ?? [])));
	}
	const count = (/** @type {string} */ status) => checks.filter((c) => c.status === status).length;
	const bad = checks.filter((c) => c.status === 'FAILURE' || c.status === 'WARNING');
	return {
		total: checks.length,
		success: count('SUCCESS'),
		failure: count('FAILURE'),
		warning: count('WARNING'),
		bad,
		passed: checks.length > 0 && bad.length === 0
	};
}
