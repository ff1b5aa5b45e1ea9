/**
 * The page's state root, shared with components through context (never a module singleton:
 * module state would leak between requests during SSR).
 */
import { getContext, setContext } from 'svelte';
import { ClientRequests } from './client-requests.svelte';
import { Connection } from './connection.svelte';
import { Doctor } from './doctor.svelte';
import { Features } from './features.svelte';
import { History } from './history.svelte';
import { ItemSelection } from './item-selection.svelte';
import { SavedServers } from './saved-servers.svelte';
import { emptyConfig, type ServerConfig } from './server-config';
import { Settings } from './settings.svelte';
import { fetchLaunchConfig, type LaunchConfig } from '$lib/mcp/transports/relay-launch';
import { launchServerToConfig } from './mcp-servers-file';
import { WireLog } from './wire-log.svelte';

export class Playground {
	readonly settings = new Settings();
	readonly saved = new SavedServers();
	readonly wire = new WireLog();
	readonly history = new History();
	readonly requests = new ClientRequests();
	readonly connection = new Connection(this.wire, this.requests);
	readonly features = new Features(this.connection, this.history);
	/** The CORS doctor: diagnoses failed direct connections, retries through the local proxy. */
	readonly doctor = new Doctor(this);
	/** The open tool/resource/prompt ("Copy link") and the one a deep link asks to open. */
	readonly selection = new ItemSelection();
	/** The connect form's working copy. */
	config = $state<ServerConfig>(emptyConfig());

	/** Browser-only initialisation: stored preferences and servers. */
	load(): void {
		this.settings.load();
		this.saved.load();
	}

	/** Connects with the form's config; on success records it as recent and lists features. */
	async connect(): Promise<boolean> {
		const config = $state.snapshot(this.config) as ServerConfig;
		this.features.detach();
		this.doctor.reset();
		const ok = await this.connection.connect(config);
		if (!ok) {
			this.doctor.connectFailed(config, this.connection.failure);
			return false;
		}
		// The lists first: recording the recent server writes localStorage, which the user can wait for.
		await this.features.attach();
		this.saved.touchRecent(config);
		return true;
	}

	/** Starts the last connection again with the same config (a crashed stdio server: new process). */
	async restart(): Promise<boolean> {
		const config = this.connection.config;
		if (!config) return false;
		this.features.detach();
		const ok = await this.connection.connect(config);
		if (ok) await this.features.attach();
		return ok;
	}

	/**
	 * Asks the local server for the launcher's servers: lists them, and pre-fills the form with
	 * the one named on the launcher's command line unless `keepForm`. Null without a relay.
	 */
	async loadLaunchConfig(keepForm: boolean): Promise<LaunchConfig | null> {
		const launch = await fetchLaunchConfig({ token: this.connection.relayToken });
		if (!launch || launch.mode !== 'local') return null;
		this.saved.setLauncherServers(launch.servers);
		const initial = launch.servers.find((s) => s.name === launch.initialServer);
		if (initial && !keepForm) this.config = launchServerToConfig(initial);
		return launch;
	}

	async disconnect(): Promise<void> {
		this.features.detach();
		await this.connection.disconnect();
	}
}

const KEY = Symbol('playground');

export function setPlayground(playground: Playground): Playground {
	return setContext(KEY, playground);
}

export function getPlayground(): Playground {
	const playground = getContext<Playground | undefined>(KEY);
	if (!playground) throw new Error('getPlayground() called outside the playground layout');
	return playground;
}
