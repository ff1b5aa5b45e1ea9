/**
 * The embed's query parameters. `url`, `transport` and `era` share their names (and values) with
 * the playground's deep links (src/lib/state/deep-link.ts), so an embed URL and a playground link
 * differ only in path and in the embed-only options. Secrets are never read from or written to a
 * URL: a URL ends up in the embedding page's HTML, in history, logs and Referer headers.
 */
import { isSecretParam, withoutSecretArgs } from '$lib/state/link-secrets';

export type EmbedKind = 'tool' | 'resource' | 'prompt';
export type EmbedTransport = 'auto' | 'streamable-http' | 'sse';
export type EmbedEra = 'auto' | 'modern' | 'legacy';
export type EmbedTheme = 'auto' | 'light' | 'dark';

export interface EmbedParams {
	/** The MCP server endpoint (Streamable HTTP) or SSE URL; `http:`/`https:` only. */
	url: string;
	transport: EmbedTransport;
	era: EmbedEra;
	/** Which item to show; absent when the link names none (the widget then lists tools). */
	item?: { kind: EmbedKind; name: string };
	/** Pre-filled arguments (tool arguments, prompt arguments); `{}` when none. */
	args: Record<string, unknown>;
	theme: EmbedTheme;
	/** The arguments are shown but cannot be edited in the widget (the parent may still set them). */
	readonly: boolean;
	/** Run once connected — only for reads and tools annotated `readOnlyHint: true` (safety.ts). */
	autorun: boolean;
	title?: string;
	/** Origins allowed to receive the widget's messages and to send it `setArguments` / `run`. */
	parentOrigins: string[];
	/** Report ignored messages (from untrusted origins) to the trusted parent as `error`s. */
	reportRejected: boolean;
}

export interface ParsedEmbed {
	params?: EmbedParams;
	/** Problems with the link, for the widget to show (the embedder fixes them). */
	problems: string[];
}

const KINDS: EmbedKind[] = ['tool', 'resource', 'prompt'];
const TRANSPORTS: EmbedTransport[] = ['auto', 'streamable-http', 'sse'];
const MAX_TITLE = 120;

const truthy = (value: string | null) => value !== null && ['', '1', 'true', 'yes'].includes(value);

/** `https://a.example`, from an origin or a URL; undefined for anything else (incl. `*`). */
export function normaliseOrigin(value: string): string | undefined {
	try {
		const url = new URL(value.trim());
		if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
		return url.origin;
	} catch {
		return undefined;
	}
}

function parseEra(value: string | null): EmbedEra {
	if (value === 'modern' || value === '2026-07-28') return 'modern';
	return value === 'legacy' ? 'legacy' : 'auto';
}

function parseArgs(raw: string | null, problems: string[]): Record<string, unknown> {
	if (raw === null || raw === '') return {};
	try {
		const value: unknown = JSON.parse(raw);
		if (value && typeof value === 'object' && !Array.isArray(value)) {
			// The deep links' rule (link-secrets.ts): a credential-named argument is not read from a URL.
			const { args, dropped } = withoutSecretArgs(value as Record<string, unknown>);
			if (dropped.length)
				problems.push(
					`Ignored ${dropped.map((name) => `args.${name}`).join(', ')}: credentials never travel in an embed URL; type them into the form.`
				);
			return args;
		}
		problems.push('The "args" parameter must be a JSON object, e.g. {"message":"hi"}.');
	} catch (error) {
		problems.push(`The "args" parameter is not valid JSON: ${(error as Error).message}.`);
	}
	return {};
}

function parseItem(search: URLSearchParams, problems: string[]): EmbedParams['item'] {
	const named = KINDS.filter((kind) => search.get(kind));
	if (named.length > 1)
		problems.push(`Name one item: "${named.join('" and "')}" are both set; showing "${named[0]}".`);
	const kind = named[0];
	return kind ? { kind, name: search.get(kind) ?? '' } : undefined;
}

function parseOrigins(search: URLSearchParams, problems: string[]): string[] {
	const raw = [...search.getAll('parentOrigin'), ...search.getAll('allowOrigin')]
		.flatMap((v) => v.split(/[\s,]+/))
		.filter(Boolean);
	const origins: string[] = [];
	for (const value of raw) {
		const origin = normaliseOrigin(value);
		if (origin) origins.push(origin);
		else
			problems.push(
				`Ignored parentOrigin "${value.slice(0, 80)}": give an exact http(s) origin such as https://docs.example.com ("*" is not accepted).`
			);
	}
	return [...new Set(origins)];
}

/** Reads an embed URL's query. Never throws: problems are reported for the widget to show. */
export function parseEmbedParams(search: URLSearchParams): ParsedEmbed {
	const problems: string[] = [];
	const url = (search.get('url') ?? '').trim();
	if (!url) return { problems: ['No server: add ?url=https://your-server.example/mcp.'] };
	if (!normaliseOrigin(url))
		return { problems: [`"${url.slice(0, 200)}" is not an http(s) URL of an MCP server.`] };
	const transport = search.get('transport') as EmbedTransport | null;
	const theme = search.get('theme');
	const title = search.get('title')?.trim().slice(0, MAX_TITLE);
	const ignored = [...new Set(search.keys())].filter(isSecretParam);
	if (ignored.length)
		problems.push(`Ignored ${ignored.join(', ')}: secrets never travel in an embed URL.`);
	const params: EmbedParams = {
		url,
		transport: transport && TRANSPORTS.includes(transport) ? transport : 'auto',
		era: parseEra(search.get('era')),
		item: parseItem(search, problems),
		args: parseArgs(search.get('args'), problems),
		theme: theme === 'light' || theme === 'dark' ? theme : 'auto',
		readonly: truthy(search.get('readonly')),
		autorun: truthy(search.get('autorun')),
		title: title || undefined,
		parentOrigins: parseOrigins(search, problems),
		reportRejected: truthy(search.get('reportRejected'))
	};
	return { params, problems };
}

/**
 * The query of an embed URL for `params` (the inverse of `parseEmbedParams`). Credential-named
 * arguments are left out (`withoutSecretArgs`, the deep links' guard): an embed URL is published
 * in someone's HTML. `embedArgsLeftOut` names them for the user.
 */
export function embedSearch(params: EmbedParams): URLSearchParams {
	const search = new URLSearchParams();
	search.set('url', params.url);
	if (params.transport !== 'auto') search.set('transport', params.transport);
	if (params.era !== 'auto') search.set('era', params.era);
	if (params.item) search.set(params.item.kind, params.item.name);
	const shared = withoutSecretArgs(params.args).args;
	if (Object.keys(shared).length) search.set('args', JSON.stringify(shared));
	if (params.theme !== 'auto') search.set('theme', params.theme);
	if (params.readonly) search.set('readonly', '1');
	if (params.autorun) search.set('autorun', '1');
	if (params.title) search.set('title', params.title);
	for (const origin of params.parentOrigins) search.append('parentOrigin', origin);
	if (params.reportRejected) search.set('reportRejected', '1');
	return search;
}

/** The dotted paths of the arguments `embedSearch` leaves out (`apiKey`, `auth.token`). */
export function embedArgsLeftOut(params: Pick<EmbedParams, 'args'>): string[] {
	return withoutSecretArgs(params.args).dropped;
}

/**
 * "Open in the full playground": the same server, item and arguments as a playground deep link
 * (`autoconnect=1` lists only; the playground never calls a tool from a link). Embed-only options
 * (theme, autorun, parent origins) stay behind, and so do credential-named arguments a parent
 * page may have set with `setArguments`.
 */
export function playgroundLink(
	base: string | URL,
	params: EmbedParams,
	args = params.args
): string {
	const link = new URL('/', base);
	link.searchParams.set('url', params.url);
	if (params.transport !== 'auto') link.searchParams.set('transport', params.transport);
	if (params.era !== 'auto') link.searchParams.set('era', params.era);
	link.searchParams.set('autoconnect', '1');
	if (params.item) link.searchParams.set(params.item.kind, params.item.name);
	// A parent page may have set credential-named arguments: they never go into a URL.
	const shared = withoutSecretArgs(args).args;
	if (Object.keys(shared).length) link.searchParams.set('args', JSON.stringify(shared));
	return link.toString();
}
