// @ts-check
/**
 * The relay's watchdog: a separate, tiny process that kills the relay's children when the server
 * dies in a way no handler of its own sees (SIGKILL, the OOM killer). Children run in process
 * groups of their own (so grandchildren can be signalled too), which also means nothing takes
 * them down with the server. watchdog.ts runs this file's text with `node -e` — it imports
 * nothing — and writes one line per event to its stdin:
 *
 *   +<pid>   a child started, leader of its own process group
 *   -<pid>   that group's leader was reaped and the group got its last SIGKILL; forget it
 *
 * The server is the only writer of that pipe, so stdin ending means the server is gone: SIGTERM
 * every group still listed, SIGKILL what is left after the grace period, exit. Until then the
 * watchdog only reads.
 */

const graceMs = Number(process.env.PLAYGROUND_WATCHDOG_GRACE_MS) || 1000;
const usesGroups = process.platform !== 'win32';
/** @type {Set<number>} */
const groups = new Set();

process.title = 'mcp-playground-watchdog';

/** @param {string} line */
function apply(line) {
	const pid = Number(line.slice(1));
	// Never 0 or 1: kill(-1) signals every process this user owns, kill(0) our own group.
	if (!Number.isSafeInteger(pid) || pid <= 1) return;
	if (line[0] === '+') groups.add(pid);
	else if (line[0] === '-') groups.delete(pid);
}

/** @param {number} pid @param {NodeJS.Signals} signal @returns {boolean} false when it is gone */
function signalGroup(pid, signal) {
	try {
		process.kill(usesGroups ? -pid : pid, signal);
		return true;
	} catch {
		return false;
	}
}

function killAll() {
	for (const pid of groups) if (!signalGroup(pid, 'SIGTERM')) groups.delete(pid);
	if (groups.size === 0) process.exit(0);
	// No polling for an early exit: a group of zombies (an init slow to reap, as in some
	// containers) still answers kill(-pgid, 0), so the grace period is the one honest wait.
	setTimeout(() => {
		for (const pid of groups) signalGroup(pid, 'SIGKILL');
		process.exit(0);
	}, graceMs);
}

let pending = '';
let done = false;
process.stdin.setEncoding('utf8');
process.stdin.on('data', (/** @type {string} */ chunk) => {
	const lines = (pending + chunk).split('\n');
	pending = lines.pop() ?? '';
	for (const line of lines) apply(line);
});
for (const event of ['end', 'close', 'error']) {
	process.stdin.on(event, () => {
		if (done) return;
		done = true;
		killAll();
	});
}
