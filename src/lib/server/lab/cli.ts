/**
 * `npm run lab [-- --origin http://127.0.0.1:6280 --port 7300]`: starts the CORS lab servers
 * and prints where they are. The origins are the playground pages allowed to use them.
 */
import { LAB_TOKEN, labTable, startLab } from './index.js';

function option(name: string): string[] {
	const values: string[] = [];
	const args = process.argv.slice(2);
	args.forEach((arg, i) => {
		if (arg === name && args[i + 1]) values.push(args[i + 1]!);
	});
	return values;
}

const port = Number(option('--port')[0] ?? process.env.LAB_PORT ?? 7300);
const origins = option('--origin');
if (origins.length === 0) origins.push('http://127.0.0.1:6280', 'http://localhost:6280');

const lab = await startLab(origins, port);
console.log(`MCP Playground CORS lab — allowed page origins: ${origins.join(', ')}\n`);
console.log(labTable(lab));
console.log(`\nServers marked "needs a token" accept Authorization: Bearer ${LAB_TOKEN}.`);
console.log('Open the playground at /lab to run the doctor on each. Ctrl-C stops the lab.');

const stop = () => void lab.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
