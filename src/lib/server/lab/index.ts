/**
 * The CORS lab: starts every scenario's server on its own 127.0.0.1 port (a second origin for the
 * page) and keeps one running lab per process, so `POST /api/lab` is idempotent.
 */
import { SCENARIOS, type LabScenario } from './scenarios.js';
import { startLabServer, type RunningLabServer } from './server.js';

export { SCENARIOS, LAB_TOKEN, type LabScenario } from './scenarios.js';

export interface LabServerInfo extends LabScenario {
	url: string;
}

export interface RunningLab {
	servers: LabServerInfo[];
	pageOrigins: string[];
	close(): Promise<void>;
}

/** Starts all lab servers. `basePort` 0 picks free ports; otherwise basePort, basePort+1, … */
export async function startLab(pageOrigins: string[], basePort = 0): Promise<RunningLab> {
	const running: RunningLabServer[] = [];
	try {
		for (const [i, scenario] of SCENARIOS.entries()) {
			running.push(await startLabServer(scenario, pageOrigins, basePort ? basePort + i : 0));
		}
	} catch (error) {
		await Promise.allSettled(running.map((r) => r.close()));
		throw error;
	}
	return {
		servers: running.map((r) => ({ ...r.scenario, url: r.url })),
		pageOrigins,
		close: async () => void (await Promise.allSettled(running.map((r) => r.close())))
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
	const rows = lab.servers.map((s) => [s.id, s.url, s.wrong]);
	const width = [0, 1].map((c) => Math.max(...rows.map((r) => r[c]!.length)));
	return rows
		.map((r) => `${r[0]!.padEnd(width[0]!)}  ${r[1]!.padEnd(width[1]!)}  ${r[2]}`)
		.join('\n');
}
