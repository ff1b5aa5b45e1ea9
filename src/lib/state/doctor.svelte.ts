/**
 * The CORS doctor in the main playground flow. After a direct HTTP connection fails in a way CORS
 * causes (see doctor-trigger.ts) it diagnoses the server: in local mode with the server-side probe
 * (`/api/probe`, the tab's playground token) and, in hosted mode, from what this browser could
 * observe — saying what it could not know. In local mode it also retries the same connection
 * through the local proxy, so the user sees the server work with CORS out of the way.
 */
import type { DoctorReport } from '$lib/mcp/cors/doctor';
import type { FetchLike } from '$lib/mcp/transport';
import { requestHeaders, type ConnectVia } from './connection.svelte';
import { doctorTrigger } from './doctor-trigger';
import { requestDiagnosis, type FailedRequest } from './request-doctor';
import type { Playground } from './playground.svelte';
import type { ServerConfig } from './server-config';

/** How the proxy is named in the status line and on every wire entry it carries. */
export const PROXY_LABEL = 'the local proxy';

export type DoctorStatus = 'idle' | 'offered' | 'running' | 'done';

// The page's own fetch, so the browser applies CORS exactly as it did to the failed connection.
const pageFetch: FetchLike = (input, init) => globalThis.fetch(input, init);

export class Doctor {
	status = $state<DoctorStatus>('idle');
	/** Why the doctor is shown, in one sentence. */
	reason = $state<string | undefined>(undefined);
	report = $state.raw<DoctorReport | undefined>(undefined);
	error = $state<string | undefined>(undefined);
	/** The server the doctor is about (the failed connection's config). */
	config = $state.raw<ServerConfig | undefined>(undefined);
	/** `Mcp-Param-*` names a failed tool call sent, so the needs (and the browser checks) cover them. */
	paramHeaders = $state.raw<string[]>([]);
	/** The era the connection spoke, when the doctor is about a request after connecting. */
	era = $state<'modern' | 'legacy' | undefined>(undefined);
	#run = 0;

	constructor(private readonly pg: Playground) {}

	/** Local mode: the tab holds the playground token, so the probe and the proxy are usable. */
	get local(): boolean {
		return this.pg.connection.relayToken !== null;
	}

	get visible(): boolean {
		return this.status !== 'idle';
	}

	/** Hides the doctor and forgets its report (a new direct connection starts clean). */
	reset(): void {
		this.#run++;
		this.status = 'idle';
		this.reason = undefined;
		this.report = undefined;
		this.error = undefined;
		this.config = undefined;
		this.paramHeaders = [];
		this.era = undefined;
	}

	/** Called with what a failed connect threw: runs the doctor, or offers it. */
	connectFailed(config: ServerConfig, error: unknown): void {
		if (config.transport === 'stdio' || !config.url.trim()) return;
		const trigger = doctorTrigger(error);
		if (!trigger) return;
		this.#offer(config, trigger.reason);
		if (trigger.auto) void this.diagnose();
	}

	/** The user asked for a check (e.g. a connection that works but misbehaves). */
	open(config: ServerConfig): void {
		if (config.transport === 'stdio' || !config.url.trim()) return;
		this.#offer(config, 'A check of what this server sends a browser, on request.');
		void this.diagnose();
	}

	/**
	 * The action beside a request that failed after connecting, when it failed the way CORS fails
	 * (request-doctor.ts); undefined otherwise. Running it diagnoses with the call's headers.
	 */
	actionFor(request: FailedRequest): (() => void) | undefined {
		const conn = this.pg.connection;
		const config = conn.config;
		const diagnosis = requestDiagnosis(request, {
			config,
			via: conn.via,
			era: conn.server?.era,
			tools: this.pg.features.tools.items
		});
		if (!diagnosis || !config) return undefined;
		return () => {
			this.#offer(config, diagnosis.reason);
			this.paramHeaders = diagnosis.paramHeaders;
			this.era = diagnosis.era;
			void this.diagnose();
		};
	}

	#offer(config: ServerConfig, reason: string): void {
		this.reset();
		this.config = config;
		this.reason = reason;
		this.status = 'offered';
	}

	async diagnose(): Promise<void> {
		const config = this.config;
		if (!config) return;
		const run = ++this.#run;
		const token = this.pg.connection.relayToken;
		this.status = 'running';
		this.error = undefined;
		try {
			// Loaded on first use: most sessions never need the doctor.
			const { runDoctor } = await import('$lib/mcp/cors/doctor');
			const report = await runDoctor({
				url: config.url.trim(),
				pageOrigin: location.origin,
				era: this.era ?? config.era,
				headers: requestHeaders(config),
				paramHeaders: this.paramHeaders,
				fetch: pageFetch,
				probe: token ? { endpoint: '/api/probe', token } : undefined
			});
			if (run === this.#run) this.report = report;
		} catch (error) {
			if (run === this.#run)
				this.error = `The doctor could not finish: ${error instanceof Error ? error.message : String(error)}`;
		} finally {
			if (run === this.#run) this.status = 'done';
		}
	}

	/** Local mode: the same connection again, with the proxy as the transport's fetch. */
	async connectThroughProxy(): Promise<boolean> {
		const config = this.config;
		const token = this.pg.connection.relayToken;
		if (!config || !token) return false;
		const { createProxyFetch } = await import('$lib/mcp/cors/proxy-fetch');
		const via: ConnectVia = { label: PROXY_LABEL, fetch: createProxyFetch({ token }) };
		this.pg.features.detach();
		const ok = await this.pg.connection.connect(config, via);
		if (ok) await this.pg.features.attach();
		return ok;
	}
}
