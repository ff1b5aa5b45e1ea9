/**
 * Rules the browser applies before CORS: mixed content (an https page may not fetch http URLs,
 * except "potentially trustworthy" loopback ones) and Private/Local Network Access (a public
 * page reaching a private or loopback address needs the user's permission in Chromium, and
 * older Chromium versions asked the server for `Access-Control-Allow-Private-Network: true`).
 */
import type { CorsProblem } from './types.js';

export type AddressSpace = 'loopback' | 'private' | 'public';

function ipv4Space(host: string): AddressSpace | undefined {
	const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
	if (!m) return undefined;
	const [a, b] = [Number(m[1]), Number(m[2])];
	if (a === 127) return 'loopback';
	if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
	if ((a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127) || a === 0) return 'private';
	return 'public';
}

function ipv6Space(host: string): AddressSpace | undefined {
	if (!host.startsWith('[')) return undefined;
	const ip = host.slice(1, -1).toLowerCase();
	if (ip === '::1') return 'loopback';
	// IPv4-mapped addresses; the URL parser normalises ::ffff:10.0.0.1 to ::ffff:a00:1.
	const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(ip);
	if (mapped?.[1] && mapped[2]) {
		const [hi, lo] = [parseInt(mapped[1], 16), parseInt(mapped[2], 16)];
		return ipv4Space(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
	}
	if (/^f[cd]/.test(ip) || /^fe[89ab]/.test(ip)) return 'private';
	return 'public';
}

/** The address space of a URL's host, judged from the name alone (no DNS in a browser). */
export function addressSpace(url: URL): AddressSpace {
	const host = url.hostname.toLowerCase();
	if (host === 'localhost' || host.endsWith('.localhost')) return 'loopback';
	const space = ipv4Space(host) ?? ipv6Space(host);
	if (space) return space;
	// `.local` (mDNS) and `.internal` names resolve to private addresses by convention.
	if (host.endsWith('.local') || host.endsWith('.internal')) return 'private';
	return 'public';
}

const RANK: Record<AddressSpace, number> = { public: 0, private: 1, loopback: 2 };

function mixedContent(page: URL, target: URL): CorsProblem | undefined {
	if (page.protocol !== 'https:' || target.protocol !== 'http:') return undefined;
	// Loopback http URLs are "potentially trustworthy" and are not blocked as mixed content.
	if (addressSpace(target) === 'loopback') return undefined;
	return {
		id: 'mixed-content',
		severity: 'error',
		phases: ['page'],
		message: `This page is served over https and the server URL ${target.href} is plain http: the browser blocks the request as mixed content before any CORS check, and fetch fails with a bare TypeError.`,
		specRule:
			'W3C Mixed Content §4.3: a request from a secure context to an http URL that is not potentially trustworthy is blocked.',
		fix: `Serve the MCP server over https (${target.href.replace(/^http:/, 'https:')}), or use the playground from an http origin / in local mode.`
	};
}

function privateNetwork(page: URL, target: URL): CorsProblem | undefined {
	const from = addressSpace(page);
	const to = addressSpace(target);
	if (RANK[to] <= RANK[from]) return undefined;
	return {
		id: 'private-network',
		severity: 'warning',
		phases: ['page'],
		message: `This page (${from} address) is reaching a ${to} address (${target.host}). Chromium asks the user for "local network access" permission first; if it is refused, or in browsers that still use Private Network Access preflights without the server's consent, fetch fails with a TypeError.`,
		specRule:
			'WICG Private Network Access / Local Network Access: requests from a less private to a more private address space need permission; the preflight carries Access-Control-Request-Private-Network: true.',
		fix: 'Allow the permission prompt, or run the playground locally (npm start); on the server, answer preflights that carry Access-Control-Request-Private-Network: true with Access-Control-Allow-Private-Network: true.'
	};
}

/** Mixed-content and private-network problems of fetching `targetUrl` from `pageOrigin`. */
export function networkProblems(pageOrigin: string, targetUrl: string): CorsProblem[] {
	const page = new URL(pageOrigin);
	const target = new URL(targetUrl);
	return [mixedContent(page, target), privateNetwork(page, target)].filter(
		(p): p is CorsProblem => p !== undefined
	);
}
