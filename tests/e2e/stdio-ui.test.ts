/**
 * stdio servers driven through the playground page (the built app in Chromium): the connect
 * form's stdio fields against @modelcontextprotocol/server-everything, the console, the wire's
 * raw lines, disconnect, a crash from outside with its report and one-click Restart; a tiny
 * server for env/cwd, a non-JSON stdout line and an exit code; the launcher's pre-filled server
 * and `--config` servers, exported back as the same `mcpServers` file; hosted mode.
 */
import { expect, test, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chooseTool, openTab, wireCount } from './fixtures/playground';
import { EVERYTHING, isAlive, mainToken, startPlayground, waitFor } from './relay-helpers';

const connectForm = (page: Page) => page.getByRole('form', { name: 'Connect to a server' });
const status = (page: Page) => connectForm(page).getByRole('status');

async function fillStdio(page: Page, command: string, args: string[]) {
	const form = connectForm(page);
	await form.getByLabel('Transport').selectOption('stdio');
	await form.getByLabel('Command').fill(command);
	await form.getByLabel('Arguments (one per line)').fill(args.join('\n'));
}

async function connected(page: Page): Promise<number> {
	await connectForm(page).getByRole('button', { name: 'Connect' }).click();
	await expect(page.getByText(/^Connected to/)).toBeVisible({ timeout: 20_000 });
	const text = await page.getByTestId('stdio-pid').innerText();
	return Number(/pid (\d+)/.exec(text)![1]);
}

test('server-everything through the stdio form: tools, console, raw wire lines, disconnect ends it', async ({
	page
}) => {
	await page.goto(`/#token=${mainToken()}`);
	await fillStdio(page, process.execPath, [EVERYTHING, 'stdio']);
	const pid = await connected(page);
	expect(isAlive(pid)).toBe(true);

	await chooseTool(page, /Echo Tool/);
	await page.getByLabel(/^message/).fill('through the relay | $(not a shell)');
	await page.getByRole('button', { name: 'Run tool' }).click();
	await expect(page.getByRole('region', { name: 'Tool result' })).toContainText(
		'Echo: through the relay | $(not a shell)'
	);

	await openTab(page, 'Console');
	const consoleLines = page.getByRole('list', { name: 'Console lines' });
	await expect(consoleLines).toContainText('Starting default (STDIO) server');
	await expect(consoleLines).toContainText(`(pid ${pid})`);

	// The wire holds the raw lines both ways: what went to stdin and what came from stdout.
	expect(await wireCount(page, 'stdin: {"jsonrpc":"2.0","id"')).toBeGreaterThanOrEqual(3);
	expect(await wireCount(page, '"method":"tools/call"')).toBeGreaterThanOrEqual(1);
	expect(await wireCount(page, 'stdout: {"result"')).toBeGreaterThanOrEqual(3);
	expect(await wireCount(page, 'stderr: Starting default')).toBe(1);
	// …and the JSON-RPC messages they carried, paired request ↔ response as for HTTP.
	expect(await wireCount(page, 'request tools/call')).toBe(1);
	await page.getByRole('searchbox', { name: 'Search the wire log' }).fill('request tools/call');
	await expect(page.locator('.wire-view .wrow .partner')).toHaveCount(1);
	await page.getByRole('searchbox', { name: 'Search the wire log' }).fill('');

	await connectForm(page).getByRole('button', { name: 'Disconnect' }).click();
	await expect(status(page)).toHaveText('Disconnected.');
	expect(await waitFor(() => !isAlive(pid), 10_000)).toBe(true);
	await expect(page.getByRole('alert', { name: 'stdio server ended' })).toHaveCount(0);
});

test('a server killed from outside is reported with its signal and last stderr lines; Restart brings it back', async ({
	page
}) => {
	await page.goto(`/#token=${mainToken()}`);
	await fillStdio(page, process.execPath, [EVERYTHING, 'stdio']);
	const pid = await connected(page);
	process.kill(pid, 'SIGKILL');

	const report = page.getByRole('alert', { name: 'stdio server ended' });
	await expect(report).toContainText('The stdio server was killed by SIGKILL.', {
		timeout: 10_000
	});
	await expect(report).toContainText('signal SIGKILL');
	await expect(report.getByLabel('Last stderr lines')).toContainText(
		'Starting default (STDIO) server'
	);
	await expect(status(page)).toHaveText('The stdio server was killed by SIGKILL.');
	await expect(page.locator('[data-status="failed"]').first()).toBeVisible();

	// Edit the form meanwhile: Restart must use the crashed connection's options, not the form's.
	await connectForm(page).getByLabel('Command').fill('no-such-command-here');
	await report.getByRole('button', { name: 'Restart' }).click();
	await expect(page.getByText(/^Connected to/)).toBeVisible({ timeout: 20_000 });
	const text = await page.getByTestId('stdio-pid').innerText();
	const second = Number(/pid (\d+)/.exec(text)![1]);
	expect(second).not.toBe(pid);
	expect(isAlive(second)).toBe(true);
	await openTab(page, 'Tools');
	await expect(page.getByRole('list', { name: 'Tools' })).toContainText('Echo Tool');

	await connectForm(page).getByRole('button', { name: 'Disconnect' }).click();
	expect(await waitFor(() => !isAlive(second), 10_000)).toBe(true);
});

/**
 * A minimal legacy-era stdio server on one line (arguments are one per line in the form): it
 * reports its env and cwd on stderr, prints one non-JSON stdout line, answers initialize, and
 * exits with code 3 after a fatal stderr line once initialized.
 */
const TINY = [
	"const say=(m)=>process.stdout.write(JSON.stringify(m)+'\\n');",
	"process.stderr.write('env GREETING='+process.env.GREETING+' cwd='+process.cwd()+'\\n');",
	"process.stdout.write('hello, this is not JSON\\n');",
	"require('readline').createInterface({input:process.stdin}).on('line',(l)=>{const m=JSON.parse(l);",
	"if(m.method==='initialize')say({jsonrpc:'2.0',id:m.id,result:{protocolVersion:m.params.protocolVersion,capabilities:{},serverInfo:{name:'tiny',version:'1'}}});",
	"else if(m.method==='notifications/initialized')setTimeout(()=>{process.stderr.write('fatal: the tiny server gives up\\n');process.exit(3)},2500);",
	"else if(m.id!==undefined)say({jsonrpc:'2.0',id:m.id,error:{code:-32601,message:'no'}});});"
].join('');

test('env, working directory, a non-JSON stdout line flagged in the console, and an exit code', async ({
	page
}) => {
	const cwd = realpathSync(mkdtempSync(path.join(tmpdir(), 'stdio-ui-cwd-')));
	await page.goto(`/#token=${mainToken()}`);
	await fillStdio(page, process.execPath, ['-e', TINY]);
	const form = connectForm(page);
	await form.getByLabel('Protocol era').selectOption('legacy');
	await form.getByRole('button', { name: 'Add environment variable' }).click();
	await form.getByLabel('Environment variable 1 name').fill('GREETING');
	await form.getByLabel('Environment variable 1 value').fill('hi there');
	await form.getByLabel('Working directory').fill(cwd);
	await connected(page);

	await openTab(page, 'Console');
	const consoleLines = page.getByRole('list', { name: 'Console lines' });
	await expect(consoleLines).toContainText(`env GREETING=hi there cwd=${cwd}`);
	const flagged = consoleLines.locator('[data-stream="stdout"]');
	await expect(flagged).toContainText('hello, this is not JSON');
	await expect(flagged.getByRole('note')).toContainText(
		'stdout line 1 is not a JSON-RPC message. stdio servers must write only protocol messages to stdout; logs belong on stderr'
	);

	const report = page.getByRole('alert', { name: 'stdio server ended' });
	await expect(report).toContainText('The stdio server exited with code 3.', { timeout: 10_000 });
	await expect(report).toContainText('exit code 3');
	await expect(report.getByLabel('Last stderr lines')).toContainText(
		'fatal: the tiny server gives up'
	);
	await expect(consoleLines).toContainText('The process exited with code 3.');
});

test('a command that is not on PATH fails with its name, the PATH searched and how to fix it', async ({
	page
}) => {
	await page.goto(`/#token=${mainToken()}`);
	await fillStdio(page, 'no-such-mcp-server-xyz', ['--stdio']);
	await connectForm(page).getByRole('button', { name: 'Connect' }).click();
	await expect(status(page)).toContainText(
		'Could not connect: Command "no-such-mcp-server-xyz" was not found on PATH (searched: '
	);
	await expect(connectForm(page).locator('p', { hasText: 'How to fix:' })).toContainText(
		'Give the full path to the program'
	);
	await expect(page.locator('[data-status="failed"]').first()).toBeVisible();
});

test('hosted mode shows stdio as unavailable, with how to run it locally', async ({ page }) => {
	const hosted = await startPlayground({ PLAYGROUND_MODE: 'hosted' });
	try {
		// Even a token in the fragment does not make a hosted page offer stdio.
		await page.goto(`http://127.0.0.1:${hosted.port}/#token=${hosted.token}`);
		const note = page.getByTestId('stdio-unavailable');
		await expect(note).toContainText('npx mcp-playground <command>');
		await expect(connectForm(page).getByRole('option', { name: /stdio/ })).toBeDisabled();
	} finally {
		await hosted.stop();
	}
});

test('a token from another run is refused: stdio unavailable, and the page says why', async ({
	page
}) => {
	await page.goto('/#token=not-this-runs-token');
	await expect(page.getByRole('alert')).toContainText(
		'The local relay did not accept the token this tab holds'
	);
	await expect(page.getByTestId('stdio-unavailable')).toBeVisible();
	await expect(connectForm(page).getByRole('option', { name: /stdio/ })).toBeDisabled();
});

test('the launcher pre-fills its command, lists --config servers, and export gives the same mcpServers file', async ({
	page
}) => {
	const file = {
		mcpServers: {
			'everything-stdio': {
				command: process.execPath,
				args: [EVERYTHING, 'stdio'],
				env: { GREETING: 'from the file' }
			},
			'remote-sse': {
				type: 'sse',
				url: 'http://127.0.0.1:9/sse',
				headers: { 'X-Team': 'blue' }
			},
			'remote-http': {
				type: 'http',
				url: 'http://127.0.0.1:9/mcp',
				headers: { Authorization: 'Bearer file-token' }
			}
		}
	};
	const dir = mkdtempSync(path.join(tmpdir(), 'stdio-ui-config-'));
	const configFile = path.join(dir, 'mcp.json');
	writeFileSync(configFile, JSON.stringify(file));
	// A second launcher with `--config <file>` and a command to pre-fill.
	const launcher = await startPlayground({}, [
		'--config',
		configFile,
		process.execPath,
		EVERYTHING,
		'stdio'
	]);
	try {
		await page.goto(`http://127.0.0.1:${launcher.port}/#token=${launcher.token}`);
		const form = connectForm(page);
		// Pre-filled from the launcher's command line.
		await expect(form.getByLabel('Command')).toHaveValue(process.execPath);
		await expect(form.getByLabel('Arguments (one per line)')).toHaveValue(`${EVERYTHING}\nstdio`);

		const listed = page.getByRole('list', { name: 'From the launcher' });
		for (const name of Object.keys(file.mcpServers)) {
			await expect(listed.getByRole('button', { name, exact: true })).toBeVisible();
		}
		await listed.getByRole('button', { name: 'remote-sse', exact: true }).click();
		await expect(form.getByLabel('Transport')).toHaveValue('sse');
		await expect(form.getByLabel('Server URL')).toHaveValue('http://127.0.0.1:9/sse');

		// A --config stdio server connects as it is.
		await listed.getByRole('button', { name: 'everything-stdio', exact: true }).click();
		await expect(form.getByLabel('Command')).toHaveValue(process.execPath);
		await connected(page);
		await form.getByRole('button', { name: 'Disconnect' }).click();

		const download = page.waitForEvent('download');
		await page.getByRole('button', { name: 'Export as mcpServers JSON' }).click();
		const saved = await (await download).path();
		const exported = JSON.parse(readFileSync(saved, 'utf8')) as {
			mcpServers: Record<string, unknown>;
		};
		for (const [name, entry] of Object.entries(file.mcpServers)) {
			expect(exported.mcpServers[name]).toEqual(entry);
		}
		// Plus the launcher's own command line, as a stdio entry run from where it was started.
		const others = Object.entries(exported.mcpServers).filter(([n]) => !(n in file.mcpServers));
		expect(others).toEqual([
			[
				'node index.js stdio',
				{ command: process.execPath, args: [EVERYTHING, 'stdio'], env: {}, cwd: process.cwd() }
			]
		]);
	} finally {
		await launcher.stop();
	}
});
