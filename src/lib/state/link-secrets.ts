/**
 * What may not travel in a URL. A link ends up in browser history, server logs, chat messages
 * and `Referer` headers, so neither query parameters nor pre-filled tool arguments may carry a
 * credential. Query parameter names are judged broadly (a link has no business naming a key);
 * argument names are judged word by word, because tools legitimately take `key`, `maxTokens` or
 * `header` arguments while `apiKey`, `access_token` or `password` are credentials.
 */

/** Query parameters named like a credential or a header (the playground never reads them). */
const SECRET_PARAM = /token|secret|password|authorization|bearer|header|key|cookie/i;

export function isSecretParam(name: string): boolean {
	return SECRET_PARAM.test(name);
}

/** Single words that name a credential on their own. */
const SECRET_WORDS = new Set([
	'token',
	'secret',
	'password',
	'passwd',
	'passphrase',
	'authorization',
	'bearer',
	'credential',
	'credentials',
	'cookie',
	'apikey',
	'jwt'
]);
/** Words that make a following `key` a credential (`apiKey`, `private_key`, `access-key`). */
const KEY_QUALIFIERS = new Set(['api', 'private', 'secret', 'access', 'client', 'signing']);

/** `apiKey`, `API_KEY`, `x-api-key` → `['api', 'key']`. */
function words(name: string): string[] {
	return name
		.replace(/([a-z\d])([A-Z])/g, '$1 $2')
		.replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
		.toLowerCase()
		.split(/[^a-z\d]+/)
		.filter(Boolean);
}

/** True for argument names that hold a credential (`apiKey`, `accessToken`, `password`). */
export function isSecretArgName(name: string): boolean {
	const parts = words(name);
	return parts.some(
		(word, i) =>
			SECRET_WORDS.has(word) || (word === 'key' && KEY_QUALIFIERS.has(parts[i - 1] ?? ''))
	);
}

/**
 * The arguments without credential-named entries, at any depth (`{"auth":{"token":…}}` too), and
 * the dotted paths of what was dropped.
 */
export function withoutSecretArgs(args: Record<string, unknown>): {
	args: Record<string, unknown>;
	dropped: string[];
} {
	const dropped: string[] = [];
	return { args: strip(args, '', dropped, 0) as Record<string, unknown>, dropped };
}

const MAX_DEPTH = 32;

function strip(value: unknown, path: string, dropped: string[], depth: number): unknown {
	if (depth > MAX_DEPTH || typeof value !== 'object' || value === null) return value;
	if (Array.isArray(value))
		return value.map((item, i) => strip(item, `${path}[${i}]`, dropped, depth + 1));
	const kept: Record<string, unknown> = {};
	for (const [name, child] of Object.entries(value)) {
		const childPath = path ? `${path}.${name}` : name;
		if (isSecretArgName(name)) dropped.push(childPath);
		else kept[name] = strip(child, childPath, dropped, depth + 1);
	}
	return kept;
}
