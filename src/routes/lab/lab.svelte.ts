/**
 * The lab page's state: the lab servers (started through `POST /api/lab/start`), and per server
 * the doctor's report and the outcome of a direct connection and of one through the local proxy.
 */
import { runDoctor, type DoctorReport } from '$lib/mcp/cors/doctor';
import { createProxyFetch } from '$lib/mcp/cors/proxy-fetch';
import type { FetchLike } from '$lib/mcp/transport';
import { connectDirect, type ConnectOutcome } from './connect-direct.js';

/** A lab server as `POST /api/lab/start` lists it (src/lib/server/lab/scenarios.ts). */
export interface LabServer {
	id: string;
	title: string;
	wrong: string;
	url: string;
	token?: string;
	pageSendsToken?: boolean;
	expect: { id: string; header?: string; missing?: string[]; severity: string } | null;
	connects: boolean;
}

export interface LabRun {
	status: 'running' | 'done';
	report?: DoctorReport;
	direct?: ConnectOutcome;
	proxied?: ConnectOutcome;
	error?: string;
}

const pageFetch: FetchLike = (input, init) => globalThis.fetch(input, init);

export class LabState {
	token = $state<string | null>(null);
	servers = $state.raw<LabServer[]>([]);
	runs = $state<Record<string, LabRun>>({});
	error = $state<string | null>(null);

	constructor(token: string | null) {
		this.token = token;
	}

	headersFor(server: LabServer): Record<string, string> {
		return server.pageSendsToken && server.token ? { Authorization: `Bearer ${server.token}` } : {};
	}

	async start(): Promise<void> {
		if (!this.token) {
			this.error =
				'No playground token: open the lab through the tokenised link the launcher printed (…/#token=…). In hosted mode the lab is not available.';
			return;
		}
		const response = await fetch('/api/lab/start', {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-playground-token': this.token },
			body: '{}'
		});
		const body = (await response.json().catch(() => ({}))) as {
			servers?: LabServer[];
			error?: string;
			hint?: string;
		};
		if (!response.ok || !body.servers) {
			this.error = `${body.error ?? `The lab did not start (${response.status}).`} ${body.hint ?? ''}`;
			return;
		}
		this.servers = body.servers;
	}

	async run(server: LabServer): Promise<void> {
		this.runs[server.id] = { status: 'running' };
		const headers = this.headersFor(server);
		try {
			const report = await runDoctor({
				url: server.url,
				pageOrigin: location.origin,
				headers,
				fetch: pageFetch,
				probe: this.token ? { endpoint: '/api/probe', token: this.token } : undefined
			});
			const direct = await connectDirect(server.url, headers, pageFetch);
			const proxied = this.token
				? await connectDirect(server.url, headers, createProxyFetch({ token: this.token }))
				: undefined;
			this.runs[server.id] = { status: 'done', report, direct, proxied };
		} catch (error) {
			this.runs[server.id] = { status: 'done', error: (error as Error).message };
		}
	}

	async runAll(): Promise<void> {
		for (const server of this.servers) await this.run(server);
	}
}
