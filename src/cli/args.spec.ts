import { describe, expect, it } from 'vitest';
import { isLoopbackAddress, parseArgs, usage } from './args.js';

/** Parses with an empty environment unless one is given (PORT must not leak in from the shell). */
const parse = (argv: string[], env: Record<string, string | undefined> = {}) =>
	parseArgs(argv, env);

/** The error message `argv` is refused with. */
function refusal(argv: string[], env: Record<string, string | undefined> = {}): string {
	try {
		parse(argv, env);
	} catch (error) {
		return (error as Error).message;
	}
	throw new Error(`${JSON.stringify(argv)} was accepted`);
}

describe('parseArgs: defaults and every flag', () => {
	it('starts on 127.0.0.1:6280, opens a browser, no command', () => {
		expect(parse([])).toEqual({
			port: 6280,
			host: '127.0.0.1',
			open: true,
			allowedHosts: [],
			args: [],
			help: false
		});
	});

	it('takes the default port from PORT (an empty PORT is none), and refuses a bad one', () => {
		expect(parse([], { PORT: '4000' }).port).toBe(4000);
		expect(parse([], { PORT: '' }).port).toBe(6280);
		expect(parse(['--port', '5000'], { PORT: '4000' }).port).toBe(5000);
		expect(refusal([], { PORT: 'http' })).toBe(
			'PORT=http is not a port number: give 0–65535 (0 picks a free port).'
		);
	});

	it('reads each option as `--name value` and as `--name=value`', () => {
		const cases: Array<[string, string, Partial<ReturnType<typeof parse>>]> = [
			['--port', '7001', { port: 7001 }],
			['--host', '0.0.0.0', { host: '0.0.0.0' }],
			['--config', 'servers.json', { config: 'servers.json' }],
			['--print-token-file', 'out/token', { printTokenFile: 'out/token' }]
		];
		for (const [name, value, expected] of cases) {
			expect(parse([name, value]), name).toMatchObject(expected);
			expect(parse([`${name}=${value}`]), `${name}=`).toMatchObject(expected);
		}
		expect(parse(['--config=a=b.json']).config).toBe('a=b.json'); // split at the first "="
	});

	it('--port accepts 0 (a free port) to 65535', () => {
		expect(parse(['--port', '0']).port).toBe(0);
		expect(parse(['--port', '65535']).port).toBe(65535);
	});

	it('--no-open, -h and --help take no value', () => {
		expect(parse(['--no-open']).open).toBe(false);
		expect(parse(['-h']).help).toBe(true);
		expect(parse(['--help']).help).toBe(true);
		expect(refusal(['--no-open=false'])).toBe('--no-open takes no value; drop "=false".');
		expect(refusal(['--help=1'])).toBe('--help takes no value; drop "=1".');
	});

	it('--host takes IPv6 with or without brackets and binds it without them', () => {
		expect(parse(['--host', '::1']).host).toBe('::1');
		expect(parse(['--host', '[::1]']).host).toBe('::1');
		expect(parse(['--host=[::]']).host).toBe('::');
		expect(parse(['--host', '[2001:db8::5]']).host).toBe('2001:db8::5');
		expect(parse(['--host', 'mybox.local']).host).toBe('mybox.local');
	});

	it('--allowed-host is repeatable, lowercased, and keeps IPv6 brackets as given', () => {
		const lan = ['--host', '0.0.0.0'];
		const options = parse([
			...lan,
			'--allowed-host',
			'MyBox.Local',
			'--allowed-host=192.168.1.5',
			'--allowed-host',
			'[fd00::7]',
			'--allowed-host',
			'fd00::8'
		]);
		expect(options.allowedHosts).toEqual(['mybox.local', '192.168.1.5', '[fd00::7]', 'fd00::8']);
	});

	it('uses the last value of an option given twice', () => {
		expect(parse(['--port', '1', '--port', '2']).port).toBe(2);
	});
});

describe('parseArgs: the server command and --', () => {
	it('starts the command at the first word that is not an option and keeps the rest verbatim', () => {
		const options = parse(['--no-open', 'node', 'server.js', '--port', '3', '--', '-x']);
		expect(options.command).toBe('node');
		expect(options.args).toEqual(['server.js', '--port', '3', '--', '-x']);
		expect(options.port).toBe(6280);
		expect(options.open).toBe(false);
	});

	it('takes everything after -- as the command, even words that look like options', () => {
		const options = parse(['--port', '9', '--', '--help', '-v']);
		expect(options).toMatchObject({ port: 9, help: false, command: '--help', args: ['-v'] });
	});

	it('has no command when -- is last or nothing follows the options', () => {
		expect(parse(['--']).command).toBeUndefined();
		expect(parse(['--no-open', '--']).args).toEqual([]);
		expect(parse(['--no-open']).command).toBeUndefined();
	});

	it('leaves options after the command to the server, even ones the launcher would refuse', () => {
		const options = parse(['uvx', 'srv', '--allowed-host', 'x', '--port', 'nope']);
		expect(options).toMatchObject({
			command: 'uvx',
			args: ['srv', '--allowed-host', 'x', '--port', 'nope']
		});
		expect(options.allowedHosts).toEqual([]);
	});
});

describe('parseArgs: bad values say what to fix', () => {
	it('refuses a port that is not a whole number from 0 to 65535', () => {
		for (const port of ['65536', '-1', 'abc', '1e3', '0x10', '80.5', ' 80', '99999999']) {
			expect(refusal(['--port', port]), port).toBe(
				`--port ${port} is not a port number: give 0–65535 (0 picks a free port).`
			);
		}
	});

	it('refuses an option without its value, naming the option', () => {
		for (const name of ['--port', '--host', '--allowed-host', '--config', '--print-token-file']) {
			expect(refusal([name]), name).toMatch(new RegExp(`^${name} needs a value\\.\\n\\nUsage:`));
			// The next option is not taken as the value.
			expect(refusal([name, '--no-open']), name).toMatch(new RegExp(`^${name} needs a value\\.`));
			expect(refusal([`${name}=`]), name).toBe(`${name} needs a value; it was given an empty one.`);
			expect(refusal([name, ' ']), name).toBe(`${name} needs a value; it was given an empty one.`);
		}
	});

	it('refuses a --host with a port, pointing at --port', () => {
		for (const host of ['127.0.0.1:8080', 'localhost:1', '[::1]:80']) {
			expect(refusal(['--host', host]), host).toBe(
				`--host ${host} is not an address to bind: give a host name or IP address without a port (the port goes in --port), e.g. --host 0.0.0.0 --port 8080.`
			);
		}
		expect(refusal(['--host', '[]'])).toBe('--host needs a value; it was given an empty one.');
	});

	it('refuses an --allowed-host with a scheme, port, path or list', () => {
		for (const name of ['http://mybox', 'mybox:8080', 'mybox/x', 'a,b', '[::1]:80', 'my box']) {
			expect(refusal(['--host', '0.0.0.0', '--allowed-host', name]), name).toBe(
				`--allowed-host ${name} is not a host name: give the name alone, as it appears in the address bar without scheme, port or path (e.g. --allowed-host mybox.local).`
			);
		}
	});

	it('refuses an unknown option with a hint for commands that start with "-", and the usage', () => {
		for (const arg of ['--bogus', '-p', '--bogus=1', '-']) {
			const message = refusal([arg, 'node']);
			expect(message, arg).toMatch(
				new RegExp(
					`^Unknown option ${arg}\\. \\(A server command that starts with "-" goes after --\\.\\)`
				)
			);
			expect(message, arg).toContain(usage);
		}
	});
});

describe('parseArgs: --allowed-host needs a non-loopback --host', () => {
	const message = (names: string, host: string) =>
		`--allowed-host ${names} cannot be used with the loopback address ${host} (--host, default 127.0.0.1): bound there, the playground answers only this machine, under 127.0.0.1, localhost and [::1], and another name for it is what a DNS-rebinding attack would use. Drop --allowed-host, or bind to the address others reach it at with --host <address> (on a network you trust).`;

	it('is an error with the default host and with every loopback --host, in either order', () => {
		expect(refusal(['--allowed-host', 'mybox.local'])).toBe(message('mybox.local', '127.0.0.1'));
		for (const host of ['127.0.0.1', 'localhost', 'LOCALHOST', '::1', '[::1]', '127.0.0.2']) {
			const bare = host.replace(/^\[(.*)\]$/, '$1');
			expect(refusal(['--host', host, '--allowed-host', 'a.test']), host).toBe(
				message('a.test', bare)
			);
			expect(refusal(['--allowed-host=a.test', '--allowed-host=b.test', `--host=${host}`])).toBe(
				message('a.test, b.test', bare)
			);
		}
	});

	it('is allowed with a wildcard or network address', () => {
		for (const host of ['0.0.0.0', '::', '192.168.1.5', 'fd00::1', 'mybox.local']) {
			expect(parse(['--host', host, '--allowed-host', 'a.test']).allowedHosts, host).toEqual([
				'a.test'
			]);
		}
	});
});

describe('isLoopbackAddress', () => {
	it('knows 127.0.0.0/8, ::1 and localhost', () => {
		for (const host of ['127.0.0.1', '127.1.2.3', '::1', 'localhost', 'LocalHost'])
			expect(isLoopbackAddress(host), host).toBe(true);
		for (const host of ['0.0.0.0', '::', '128.0.0.1', '127.0.0.1.nip.io', 'localhost.evil', '::2'])
			expect(isLoopbackAddress(host), host).toBe(false);
	});
});

describe('usage', () => {
	it('names every option and the token variable', () => {
		for (const text of [
			'--port <n>',
			'--host <address>',
			'--allowed-host <name>',
			'--config <file>',
			'--no-open',
			'--print-token-file <f>',
			'-h, --help',
			'PLAYGROUND_TOKEN',
			'[--] [<command> [args…]]'
		])
			expect(usage, text).toContain(text);
	});
});
