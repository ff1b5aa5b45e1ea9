/**
 * Deep links: `/?url=…&transport=…&era=…&autoconnect=1` pre-fill the connect form and may
 * connect, which only lists what the server offers — a link can never call a tool. Secrets are
 * never read from a URL (they would end up in history, logs and Referer headers).
 */
import { emptyConfig, ERAS, TRANSPORTS, type ServerConfig } from './server-config';

export interface DeepLink {
	config: ServerConfig;
	autoconnect: boolean;
	/** Parameters that looked like secrets and were ignored, to tell the user. */
	ignoredSecrets: string[];
}

const SECRET_PARAMS = /token|secret|password|authorization|bearer|header|key/i;

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
	const ignoredSecrets = [...search.keys()].filter((k) => SECRET_PARAMS.test(k));
	const autoconnect = search.get('autoconnect') === '1' && config.transport !== 'stdio';
	return { config, autoconnect, ignoredSecrets };
}

/** A shareable link for a config: target only, never secrets. */
export function buildDeepLink(base: string, config: ServerConfig, autoconnect = true): string {
	const link = new URL(base);
	link.search = '';
	link.hash = '';
	if (config.transport === 'stdio') {
		link.searchParams.set('command', config.stdio.command);
		for (const arg of config.stdio.args.split('\n').filter(Boolean))
			link.searchParams.append('arg', arg);
		return link.toString();
	}
	link.searchParams.set('url', config.url);
	if (config.transport !== 'auto') link.searchParams.set('transport', config.transport);
	if (config.era !== 'auto') link.searchParams.set('era', config.era);
	if (autoconnect) link.searchParams.set('autoconnect', '1');
	return link.toString();
}
