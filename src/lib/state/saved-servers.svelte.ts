/**
 * Saved and recent servers, in localStorage. Secrets (bearer token, header values, env values)
 * are stored only for entries where the user ticked "Remember secrets"; recents never hold any.
 */
import {
	configLabel,
	hasSecrets,
	normaliseConfig,
	withoutSecrets,
	type ServerConfig
} from './server-config';
import { readJson, writeJson } from './storage';
import type { LaunchServer } from '$lib/mcp/transports/relay-launch';
import { launchServerToConfig, mcpServersJson } from './mcp-servers-file';

export interface SavedServer {
	id: string;
	name: string;
	config: ServerConfig;
	rememberSecrets: boolean;
	savedAt: number;
}

const SAVED_KEY = 'mcp-playground:saved-servers';
const RECENT_KEY = 'mcp-playground:recent-servers';
const MAX_RECENT = 8;

function sameTarget(a: ServerConfig, b: ServerConfig): boolean {
	return a.transport === 'stdio' || b.transport === 'stdio'
		? a.stdio.command === b.stdio.command && a.stdio.args === b.stdio.args
		: a.url === b.url && a.transport === b.transport && a.era === b.era;
}

export class SavedServers {
	saved = $state.raw<SavedServer[]>([]);
	recent = $state.raw<ServerConfig[]>([]);
	/** Servers the launcher handed over (its command line, `--config`): memory only, never stored. */
	fromLauncher = $state.raw<SavedServer[]>([]);

	load(): void {
		const saved = readJson<unknown[]>('local', SAVED_KEY, []);
		this.saved = (Array.isArray(saved) ? saved : []).flatMap((raw) => {
			if (!raw || typeof raw !== 'object') return [];
			const r = raw as Partial<SavedServer>;
			const config = normaliseConfig(r.config);
			const rememberSecrets = r.rememberSecrets === true;
			return [
				{
					id: typeof r.id === 'string' ? r.id : crypto.randomUUID(),
					name: typeof r.name === 'string' ? r.name : configLabel(config),
					config: rememberSecrets ? config : withoutSecrets(config),
					rememberSecrets,
					savedAt: typeof r.savedAt === 'number' ? r.savedAt : 0
				}
			];
		});
		const recent = readJson<unknown[]>('local', RECENT_KEY, []);
		this.recent = (Array.isArray(recent) ? recent : []).map((c) =>
			withoutSecrets(normaliseConfig(c))
		);
	}

	/** Saves (or replaces, by name) a server. Secrets are dropped unless `rememberSecrets`. */
	save(name: string, config: ServerConfig, rememberSecrets: boolean): SavedServer {
		const entry: SavedServer = {
			id: crypto.randomUUID(),
			name: name.trim() || configLabel(config),
			config: rememberSecrets ? $state.snapshot(config) : withoutSecrets(config),
			rememberSecrets: rememberSecrets && hasSecrets(config),
			savedAt: Date.now()
		};
		this.saved = [entry, ...this.saved.filter((s) => s.name !== entry.name)];
		this.#persistSaved();
		return entry;
	}

	remove(id: string): void {
		this.saved = this.saved.filter((s) => s.id !== id);
		this.#persistSaved();
	}

	/** Records a successful connection at the top of the recent list (never with secrets). */
	touchRecent(config: ServerConfig): void {
		const clean = withoutSecrets(config);
		this.recent = [clean, ...this.recent.filter((c) => !sameTarget(c, clean))].slice(0, MAX_RECENT);
		writeJson('local', RECENT_KEY, this.recent);
	}

	setLauncherServers(servers: LaunchServer[]): void {
		this.fromLauncher = servers.map((server) => ({
			id: `launcher:${server.name}`,
			name: server.name,
			config: launchServerToConfig(server),
			rememberSecrets: false,
			savedAt: 0
		}));
	}

	/** The launcher's and the saved servers as an `mcpServers` file (what `--config` reads). */
	exportMcpServers(): string {
		return mcpServersJson([...this.fromLauncher, ...[...this.saved].reverse()]);
	}

	clearRecent(): void {
		this.recent = [];
		writeJson('local', RECENT_KEY, undefined);
	}

	#persistSaved(): void {
		writeJson('local', SAVED_KEY, this.saved);
	}
}
