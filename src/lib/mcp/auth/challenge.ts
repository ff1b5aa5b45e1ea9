/**
 * `WWW-Authenticate` parsing (RFC 9110 §11.6.1): one header may carry several challenges, each a
 * scheme followed by a token68 or by comma-separated `name=value` parameters whose values are
 * tokens or quoted strings (with `\` escapes). MCP servers answer 401 with
 * `Bearer resource_metadata="…", scope="…"` and 403 with `error="insufficient_scope"`; DPoP
 * servers use the `DPoP` scheme (RFC 9449 §7.1).
 */

export interface Challenge {
	/** Lower-cased scheme, e.g. `bearer`, `dpop`. */
	scheme: string;
	/** Lower-cased parameter names → unescaped values. */
	params: Record<string, string>;
	token68?: string;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/;
const TOKEN68 = /^([A-Za-z0-9\-._~+/]+=*)[ \t]*(?:,|$)/;

class Cursor {
	constructor(
		readonly text: string,
		public pos = 0
	) {}
	get rest(): string {
		return this.text.slice(this.pos);
	}
	skip(pattern: RegExp): void {
		const match = pattern.exec(this.rest);
		if (match) this.pos += match[0].length;
	}
	take(pattern: RegExp): string | undefined {
		const match = pattern.exec(this.rest);
		if (!match) return undefined;
		this.pos += match[0].length;
		return match[0];
	}
}

function readQuoted(cursor: Cursor): string {
	let value = '';
	cursor.pos += 1; // opening quote
	while (cursor.pos < cursor.text.length) {
		const char = cursor.text[cursor.pos++];
		if (char === '"') return value;
		if (char === '\\' && cursor.pos < cursor.text.length) value += cursor.text[cursor.pos++];
		else value += char;
	}
	return value; // unterminated: keep what was there rather than dropping the challenge
}

/** Reads `name = value` if the cursor is at one; leaves the cursor untouched otherwise. */
function readParam(cursor: Cursor): [string, string] | undefined {
	const start = cursor.pos;
	const name = cursor.take(TOKEN);
	cursor.skip(/^[ \t]*/);
	if (!name || cursor.text[cursor.pos] !== '=') {
		cursor.pos = start;
		return undefined;
	}
	cursor.pos += 1;
	cursor.skip(/^[ \t]*/);
	const value = cursor.text[cursor.pos] === '"' ? readQuoted(cursor) : (cursor.take(TOKEN) ?? '');
	return [name.toLowerCase(), value];
}

/** Parses every challenge in a `WWW-Authenticate` value. Malformed tails are ignored, not fatal. */
export function parseWwwAuthenticate(header: string | null | undefined): Challenge[] {
	const challenges: Challenge[] = [];
	if (!header) return challenges;
	const cursor = new Cursor(header);
	let current: Challenge | undefined;
	while (cursor.pos < header.length) {
		cursor.skip(/^[\s,]*/);
		if (cursor.pos >= header.length) break;
		const param = current ? readParam(cursor) : undefined;
		if (param && current) {
			current.params[param[0]] ??= param[1];
			continue;
		}
		const scheme = cursor.take(TOKEN);
		if (!scheme) {
			cursor.pos += 1; // skip a stray character
			continue;
		}
		current = { scheme: scheme.toLowerCase(), params: {} };
		challenges.push(current);
		cursor.skip(/^[ \t]*/);
		const token68 = TOKEN68.exec(cursor.rest);
		// A token68 runs to the next comma; `name=value` never matches it (the value breaks the run).
		if (token68?.[1]) {
			current.token68 = token68[1];
			cursor.pos += token68[1].length;
		}
	}
	return challenges;
}

/** What the client needs from a 401/403: the OAuth challenge (Bearer or DPoP), if any. */
export interface AuthChallenge {
	scheme: 'bearer' | 'dpop';
	resourceMetadataUrl?: string;
	/** Space-separated scopes the server asked for, split. Empty when absent. */
	scopes: string[];
	error?: string;
	errorDescription?: string;
}

export function oauthChallenge(header: string | null | undefined): AuthChallenge | undefined {
	const all = parseWwwAuthenticate(header);
	// Prefer a challenge that carries MCP's parameters; DPoP and Bearer may both be offered.
	const relevant = all.filter((c) => c.scheme === 'bearer' || c.scheme === 'dpop');
	const chosen = relevant.find((c) => c.params.resource_metadata || c.params.scope) ?? relevant[0];
	if (!chosen) return undefined;
	const scope = relevant.map((c) => c.params.scope).find((s) => s !== undefined);
	return {
		scheme: chosen.scheme as 'bearer' | 'dpop',
		resourceMetadataUrl: relevant.map((c) => c.params.resource_metadata).find(Boolean),
		scopes: scope ? scope.split(/\s+/).filter(Boolean) : [],
		error: relevant.map((c) => c.params.error).find(Boolean),
		errorDescription: relevant.map((c) => c.params.error_description).find(Boolean)
	};
}
