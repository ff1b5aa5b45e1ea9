/**
 * The CORS lab: starts every scenario's server on its own 127.0.0.1 port (a second origin for the
 * page), plus a correct HTTP+SSE (2024-11-05) server for the transports guide, and keeps one
 * running lab per process, so `POST /api/lab` is idempotent.
 */
import { SCENARIOS, type LabScenario } from './scenarios.js';
import { startLabServer, type RunningLabServer } from './server.js';
import { startSseLabServer, type RunningSseServer } from './sse.js';

export { SCENARIOS, LAB_TOKEN, type LabScenario } from './scenarios.js';

export interface LabServerInfo extends LabScenario {
	url: string;
}

export interface RunningLab {
	servers: LabServerInfo[];
	/** The HTTP+SSE server: its stream URL and the URL its endpoint events point POSTs at. */
	sse: { url: string; messagesUrl: string };
	pageOrigins: string[];
	close(): Promise<void>;
}

/** Starts all lab servers. `basePort` 0 picks free ports; otherwise basePort, basePort+1, … */
export async function startLab(pageOrigins: string[], basePort = 0): Promise<RunningLab> {
	const running: RunningLabServer[] = [];
	let sse: RunningSseServer | undefined;
	const closeAll = async () =>
		void (await Promise.allSettled([...running, ...(sse ? [sse] : [])].map((r) => r.close())));
	try {
		for (const [i, scenario] of SCENARIOS.entries()) {
			running.push(await startLabServer(scenario, pageOrigins, basePort ? basePort + i : 0));
		}
		sse = await startSseLabServer(pageOrigins, basePort ? basePort + SCENARIOS.length : 0);
	} catch (error) {
		await closeAll();
		throw error;
	}
	return {
		servers: running.map((r) => ({ ...r.scenario, url: r.url })),
		sse: { url: sse.url, messagesUrl: sse.messagesUrl },
		pageOrigins,
		close: closeAll
	};
}

let shared: Promise<RunningLab> | undefined;

/** The process-wide lab for the playground server, started on first use for `pageOrigin`. */
export async function sharedLab(pageOrigin: string): Promise<RunningLab> {
	const current = shared ? await shared.catch(() => undefined) : undefined;
	if (current && current.pageOrigins.includes(pageOrigin)) return current;
	if (current) await current.close();
	shared = startLab([pageOrigin]);
	return shared;
}

/** A plain-text table of the lab (for `npm run lab`). */
export function labTable(lab: RunningLab): string {
	const rows = [
		...lab.servers.map((s) => [s.id, s.url, s.wrong]),
		[
			'sse',
			lab.sse.url,
			`Nothing: an HTTP+SSE (2024-11-05) server; POSTs go to ${lab.sse.messagesUrl}.`
		]
	];
	const width = [0, 1].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
	return rows
		.map((r) => `${r[0]!.padEnd(width[0]!)}  ${r[1]!.padEnd(width[1]!)}  ${r[2]}`)
		.join('\n');
}
