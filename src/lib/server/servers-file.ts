/**
 * Reads an `mcpServers` file in the style Claude Desktop, Cursor and VS Code use (VS Code names
 * the map `servers`). Entries are either stdio (`command`, `args`, `env`, `cwd`) or remote
 * (`"type": "sse" | "http"`, `url`, `headers`). A top-level `allowedCommands` array turns on the
 * relay's command allow-list.
 */

import type { LaunchServer } from '$lib/mcp/transports/relay-launch';

/**
 * One parsed entry. It is exactly what `GET /api/config` hands the page, so it is the page's
 * `LaunchServer` type: one definition keeps the server and the page from drifting apart.
 */
export type ServerEntry = LaunchServer;

export interface ServersFile {
	servers: ServerEntry[];
	allowedCommands?: string[];
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringMap(value: unknown, where: string): Record<string, string> {
	if (value === undefined) return {};
	if (!isObject(value)) throw new Error(`${where} must be an object of strings`);
	const out: Record<string, string> = {};
	for (const [key, v] of Object.entries(value)) {
		if (typeof v !== 'string') throw new Error(`${where}.${key} must be a string`);
		out[key] = v;
	}
	return out;
}

function stringList(value: unknown, where: string): string[] {
	if (value === undefined) return [];
	if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
		throw new Error(`${where} must be an array of strings`);
	}
	return value;
}

const remoteTypes: Record<string, 'sse' | 'streamable-http'> = {
	sse: 'sse',
	http: 'streamable-http',
	'streamable-http': 'streamable-http',
	streamableHttp: 'streamable-http'
};

function parseEntry(name: string, raw: unknown, where: string): ServerEntry {
	if (!isObject(raw)) throw new Error(`${where} must be an object`);
	const type = raw.type === undefined ? undefined : String(raw.type);
	if (typeof raw.url === 'string' && (type === undefined || type in remoteTypes)) {
		const url = new URL(raw.url); // throws a readable "Invalid URL" for typos
		if (url.protocol !== 'http:' && url.protocol !== 'https:') {
			throw new Error(`${where}.url must be an http(s) URL`);
		}
		const transport = type === undefined ? 'streamable-http' : remoteTypes[type]!;
		return { name, transport, url: url.href, headers: stringMap(raw.headers, `${where}.headers`) };
	}
	if (type !== undefined && type !== 'stdio') {
		throw new Error(`${where}.type "${type}" is not one of stdio, sse, http (or it lacks a url)`);
	}
	if (typeof raw.command !== 'string' || raw.command === '') {
		throw new Error(`${where} needs a "command" (stdio) or a "url" (sse/http)`);
	}
	const entry: ServerEntry = {
		name,
		transport: 'stdio',
		command: raw.command,
		args: stringList(raw.args, `${where}.args`),
		env: stringMap(raw.env, `${where}.env`)
	};
	if (typeof raw.cwd === 'string') entry.cwd = raw.cwd;
	return entry;
}

/** Parses the file's text; errors name the file and the offending entry. */
export function parseServersFile(text: string, fileName: string): ServersFile {
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (error) {
		throw new Error(`${fileName} is not valid JSON: ${(error as Error).message}`, { cause: error });
	}
	if (!isObject(json)) throw new Error(`${fileName} must contain a JSON object`);
	const key = isObject(json.mcpServers) ? 'mcpServers' : isObject(json.servers) ? 'servers' : null;
	const map = key ? (json[key] as Json) : {};
	const servers = Object.entries(map).map(([name, raw]) =>
		parseEntry(name, raw, `${fileName}: ${key}.${name}`)
	);
	const result: ServersFile = { servers };
	if (json.allowedCommands !== undefined) {
		result.allowedCommands = stringList(json.allowedCommands, `${fileName}: allowedCommands`);
	}
	return result;
}
