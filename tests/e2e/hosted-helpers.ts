/**
 * A second copy of the built app (the one Playwright's webServer just built) started in hosted
 * mode on its own port, the way a deployment runs it: `node build/index.js` with HOST/PORT.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from '../servers/free-port.js';

export interface HostedServer {
	origin: string;
	token: string;
	close(): Promise<void>;
}

export async function startHosted(env: Record<string, string> = {}): Promise<HostedServer> {
	const port = await freePort();
	const origin = `http://127.0.0.1:${port}`;
	// A token is set on purpose: hosted mode must refuse /api even to a caller who has it.
	const token = 'hosted-mode-test-token-0123456789abcdef';
	const child: ChildProcess = spawn(process.execPath, ['build/index.js'], {
		env: {
			PATH: process.env.PATH,
			PLAYGROUND_MODE: 'hosted',
			PLAYGROUND_TOKEN: token,
			HOST: '127.0.0.1',
			PORT: String(port),
			ORIGIN: origin,
			...env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout?.on('data', (d) => (output += d));
	child.stderr?.on('data', (d) => (output += d));
	const deadline = Date.now() + 20_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`hosted server exited: ${output}`);
		const ok = await fetch(`${origin}/embed`).then(
			(r) => r.ok,
			() => false
		);
		if (ok) break;
		if (Date.now() > deadline) throw new Error(`hosted server did not start: ${output}`);
		await new Promise((r) => setTimeout(r, 100));
	}
	return {
		origin,
		token,
		close: () =>
			new Promise<void>((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			})
	};
}
