/**
 * Deep links: `/?url=…&transport=…&era=…&autoconnect=1` pre-fill the connect form and may
 * connect, which only lists what the server offers. `tool` / `resource` / `prompt` name the item
 * to open afterwards and `args` (a JSON object) pre-fills its form — a link can never call a
 * tool, read a resource or get a prompt: that takes a click. The names are the embed's
 * (src/lib/embed/params.ts), so "Open in the full playground" lands on the same item.
 * Secrets are never read from a URL nor written to one (they would end up in history, logs and
 * Referer headers): see link-secrets.ts.
 */
import { isSecretParam, withoutSecretArgs } from './link-secrets';
import { emptyConfig, ERAS, TRANSPORTS, type ServerConfig } from './server-config';

export type LinkItemKind = 'tool' | 'resource' | 'prompt';

/** The item a link opens: a tool or prompt name, or a resource URI, with pre-filled arguments. */
export interface LinkItem {
	kind: LinkItemKind;
	name: string;
	/** Pre-filled arguments; `{}` when the link has none (resources take none). */
	args: Record<string, unknown>;
}

export interface DeepLink {
	config: ServerConfig;
	autoconnect: boolean;
	item?: LinkItem;
	/** Parameters (or `args` entries) that looked like secrets and were ignored, to tell the user. */
	ignoredSecrets: string[];
	/** Other things wrong with the link (bad `args` JSON, two items named), to tell the user. */
	problems: string[];
}

export const LINK_ITEM_KINDS: LinkItemKind[] = ['tool', 'resource', 'prompt'];

function parseArgs(raw: string | null, problems: string[]): Record<string, unknown> {
	if (raw === null || raw.trim() === '') return {};
	try {
		const value: unknown = JSON.parse(raw);
		if (value && typeof value === 'object' && !Array.isArray(value))
			return value as Record<string, unknown>;
		problems.push('Ignored "args" in the link: it must be a JSON object such as {"message":"hi"}.');
	} catch (error) {
		problems.push(
			`Ignored "args" in the link: it is not valid JSON (${(error as Error).message}).`
		);
	}
	return {};
}

function parseItem(search: URLSearchParams, ignoredSecrets: string[], problems: string[]) {
	const named = LINK_ITEM_KINDS.filter((kind) => search.get(kind));
	const kind = named[0];
	if (!kind) {
		if (search.has('args'))
			problems.push('Ignored "args" in the link: it names no tool or prompt.');
		return undefined;
	}
	if (named.length > 1)
		problems.push(`The link names ${named.join(' and ')}; opening the ${kind} only.`);
	const parsed = kind === 'resource' ? {} : parseArgs(search.get('args'), problems);
	const { args, dropped } = withoutSecretArgs(parsed);
	ignoredSecrets.push(...dropped.map((name) => `args.${name}`));
	return { kind, name: search.get(kind) ?? '', args } satisfies LinkItem;
}

export function parseDeepLink(search: URLSearchParams): DeepLink | undefined {
	const url = search.get('url');
	const command = search.get('command');
	if (!url && !command) return undefined;
	const config = emptyConfig();
	config.url = url ?? '';
	const transport = search.get('transport');
	if (TRANSPORTS.some((t) => t.value === transport))
		config.transport = transport as ServerConfig['transport'];
	const era = search.get('era');
	if (era === '2026-07-28') config.era = 'modern';
	else if (ERAS.some((e) => e.value === era)) config.era = era as ServerConfig['era'];
	if (command) {
		// A link may pre-fill a stdio command but never start it: spawning needs a click.
		config.transport = 'stdio';
		config.stdio.command = command;
		config.stdio.args = search.getAll('arg').join('\n');
	}
	const ignoredSecrets = [...new Set(search.keys())].filter(isSecretParam);
	const problems: string[] = [];
	const item = parseItem(search, ignoredSecrets, problems);
	const autoconnect = search.get('autoconnect') === '1' && config.transport !== 'stdio';
	return { config, autoconnect, item, ignoredSecrets, problems };
}

/**
 * A shareable link for a config: target only, never secrets. With `item`, the link opens that
 * tool, resource or prompt with its arguments pre-filled (credential-named arguments left out).
 */
export function buildDeepLink(
	base: string,
	config: ServerConfig,
	autoconnect = true,
	item?: LinkItem
): string {
	const link = new URL(base);
	link.search = '';
	link.hash = '';
	if (config.transport === 'stdio') {
		link.searchParams.set('command', config.stdio.command);
		for (const arg of config.stdio.args.split('\n').filter(Boolean))
			link.searchParams.append('arg', arg);
	} else {
		link.searchParams.set('url', config.url);
		if (config.transport !== 'auto') link.searchParams.set('transport', config.transport);
		if (config.era !== 'auto') link.searchParams.set('era', config.era);
		if (autoconnect) link.searchParams.set('autoconnect', '1');
	}
	if (item?.name) {
		link.searchParams.set(item.kind, item.name);
		const { args } = withoutSecretArgs(item.kind === 'resource' ? {} : item.args);
		if (Object.keys(args).length) link.searchParams.set('args', JSON.stringify(args));
	}
	return link.toString();
}
