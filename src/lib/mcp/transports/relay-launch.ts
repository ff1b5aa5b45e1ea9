/**
 * How the page learns the relay token and the launcher's servers. The launcher prints
 * `http://127.0.0.1:PORT/#token=…`: a fragment never reaches a server (not in requests, logs or
 * Referer) and the server never renders the token into HTML. The page moves it to
 * sessionStorage (per tab, gone with the tab) and removes it from the address bar.
 */
import type { FetchLike } from '../transport.js';

export const TOKEN_STORAGE_KEY = 'mcp-playground:relay-token';

/** The browser objects this needs, injectable for tests. */
export interface TokenHost {
	location: { hash: string; pathname: string; search: string };
	history: { replaceState(data: unknown, unused: string, url?: string): void };
	sessionStorage: {
		getItem(key: string): string | null;
		setItem(key: string, value: string): void;
	};
}

/**
 * Returns the relay token: taken from `#token=…` when present (and then stripped from the URL,
 * keeping any other fragment parameters), else the one stored earlier in this tab, else null.
 */
export function takeRelayToken(host: TokenHost): string | null {
	const params = new URLSearchParams(host.location.hash.replace(/^#/, ''));
	const token = params.get('token');
	if (token) {
		host.sessionStorage.setItem(TOKEN_STORAGE_KEY, token);
		params.delete('token');
		const rest = params.toString();
		const url = `${host.location.pathname}${host.location.search}${rest ? `#${rest}` : ''}`;
		host.history.replaceState(null, '', url);
		return token;
	}
	return host.sessionStorage.getItem(TOKEN_STORAGE_KEY);
}

/** A server entry as the launcher hands it over (its `mcpServers` file, normalised). */
export type LaunchServer =
	| {
			name: string;
			transport: 'stdio';
			command: string;
			args: string[];
			env: Record<string, string>;
			cwd?: string;
	  }
	| {
			name: string;
			transport: 'sse' | 'streamable-http';
			url: string;
			headers: Record<string, string>;
	  };

export interface LaunchConfig {
	mode: 'local' | 'hosted';
	servers: LaunchServer[];
	/** The server named on the launcher's command line, to pre-fill. */
	initialServer: string | null;
	commandAllowList: string[] | null;
}

/**
 * `GET /api/config`. Resolves `null` when the page has no relay to talk to (hosted mode, no
 * token, or a token from an earlier run), so callers simply show no stdio pre-fill.
 */
export async function fetchLaunchConfig(options: {
	token: string | null;
	fetch?: FetchLike;
	baseUrl?: string;
}): Promise<LaunchConfig | null> {
	if (!options.token) return null;
	const fetcher = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
	try {
		const response = await fetcher(`${options.baseUrl ?? ''}/api/config`, {
			headers: { 'x-playground-token': options.token }
		});
		if (!response.ok) return null;
		return (await response.json()) as LaunchConfig;
	} catch {
		return null;
	}
}

/** Serialises servers in the `mcpServers` format the launcher's `--config` reads back. */
export function toMcpServersFile(servers: LaunchServer[]): { mcpServers: Record<string, unknown> } {
	const mcpServers: Record<string, unknown> = {};
	for (const server of servers) {
		mcpServers[server.name] =
			server.transport === 'stdio'
				? {
						command: server.command,
						args: server.args,
						env: server.env,
						...(server.cwd ? { cwd: server.cwd } : {})
					}
				: {
						type: server.transport === 'sse' ? 'sse' : 'http',
						url: server.url,
						headers: server.headers
					};
	}
	return { mcpServers };
}
