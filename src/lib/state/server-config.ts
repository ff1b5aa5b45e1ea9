/**
 * What the connect panel edits: everything needed to reach one server. Secrets (bearer token,
 * header values, stdio env values) live here in memory; `withoutSecrets` is what may be stored
 * or shared unless the user explicitly asks otherwise.
 */
export type TransportChoice = 'auto' | 'streamable-http' | 'sse' | 'stdio';
export type EraChoice = 'auto' | 'modern' | 'legacy';

export interface NameValue {
	name: string;
	value: string;
}

export interface StdioConfig {
	command: string;
	/** One argument per line, passed literally (never split by a shell). */
	args: string;
	env: NameValue[];
	cwd: string;
}

export interface ServerConfig {
	url: string;
	transport: TransportChoice;
	era: EraChoice;
	headers: NameValue[];
	bearerToken: string;
	stdio: StdioConfig;
}

export const TRANSPORTS: { value: TransportChoice; label: string }[] = [
	{ value: 'auto', label: 'Auto-detect' },
	{ value: 'streamable-http', label: 'Streamable HTTP' },
	{ value: 'sse', label: 'HTTP+SSE (2024-11-05)' },
	{ value: 'stdio', label: 'stdio (local relay)' }
];

export const ERAS: { value: EraChoice; label: string }[] = [
	{ value: 'auto', label: 'Auto-detect' },
	{ value: 'modern', label: '2026-07-28 (modern)' },
	{ value: 'legacy', label: 'Legacy (2025-11-25 and earlier)' }
];

export function emptyConfig(): ServerConfig {
	return {
		url: '',
		transport: 'auto',
		era: 'auto',
		headers: [],
		bearerToken: '',
		stdio: { command: '', args: '', env: [], cwd: '' }
	};
}

/** A copy with every secret value blanked (header and env names are kept, values are not). */
export function withoutSecrets(config: ServerConfig): ServerConfig {
	return {
		...config,
		bearerToken: '',
		headers: config.headers.map((h) => ({ name: h.name, value: '' })),
		stdio: { ...config.stdio, env: config.stdio.env.map((e) => ({ name: e.name, value: '' })) }
	};
}

/** True when the config holds any secret that `withoutSecrets` would drop. */
export function hasSecrets(config: ServerConfig): boolean {
	return (
		config.bearerToken !== '' ||
		config.headers.some((h) => h.value !== '') ||
		config.stdio.env.some((e) => e.value !== '')
	);
}

/** A short human label: the URL's host and path, or the stdio command line. */
export function configLabel(config: ServerConfig): string {
	if (config.transport === 'stdio')
		return `${config.stdio.command} ${config.stdio.args.split('\n').join(' ')}`.trim();
	try {
		const url = new URL(config.url);
		return `${url.host}${url.pathname === '/' ? '' : url.pathname}`;
	} catch {
		return config.url;
	}
}

/** Fills missing fields of a stored or hand-written config (older versions, hostile storage). */
export function normaliseConfig(raw: unknown): ServerConfig {
	const base = emptyConfig();
	if (!raw || typeof raw !== 'object') return base;
	const r = raw as Partial<ServerConfig>;
	const pairs = (v: unknown): NameValue[] =>
		Array.isArray(v)
			? v
					.filter((p) => p && typeof p.name === 'string')
					.map((p) => ({ name: String(p.name), value: typeof p.value === 'string' ? p.value : '' }))
			: [];
	const stdio = (r.stdio ?? {}) as Partial<StdioConfig>;
	return {
		url: typeof r.url === 'string' ? r.url : '',
		transport: TRANSPORTS.some((t) => t.value === r.transport) ? r.transport! : 'auto',
		era: ERAS.some((e) => e.value === r.era) ? r.era! : 'auto',
		headers: pairs(r.headers),
		bearerToken: typeof r.bearerToken === 'string' ? r.bearerToken : '',
		stdio: {
			command: typeof stdio.command === 'string' ? stdio.command : '',
			args: typeof stdio.args === 'string' ? stdio.args : '',
			env: pairs(stdio.env),
			cwd: typeof stdio.cwd === 'string' ? stdio.cwd : ''
		}
	};
}
