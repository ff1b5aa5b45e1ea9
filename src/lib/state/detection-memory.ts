/**
 * What auto-detection found for each server origin, remembered across page loads in
 * localStorage (no secrets: an origin, a transport and an era). Seeding the core's per-origin
 * cache with it lets an auto/auto connection to a legacy server skip the modern `server/discover`
 * probe — one round trip and its CORS preflight fewer. A stale entry costs nothing extra: the
 * core drops a remembered answer that no longer works and detects again.
 */
import { detectedFor, rememberDetected, type Detected } from '$lib/mcp/connect';
import { readJson, writeJson } from './storage';

const KEY = 'mcp-playground:detected';
/** Origins kept, most recently used first. */
export const MAX_REMEMBERED = 50;

type Stored = Record<string, Detected & { at: number }>;

function originOf(url: string): string | undefined {
	try {
		return new URL(url).origin;
	} catch {
		return undefined;
	}
}

function isDetected(value: unknown): value is Detected {
	const d = value as Partial<Detected> | undefined;
	return (
		(d?.transport === 'streamable-http' || d?.transport === 'sse') &&
		(d.era === 'modern' || d.era === 'legacy')
	);
}

/** Hands the core what an earlier page load detected for this URL's origin, if anything. */
export function recallDetection(url: string): void {
	const origin = originOf(url);
	const remembered = origin ? readJson<Stored>('local', KEY, {})[origin] : undefined;
	if (isDetected(remembered)) rememberDetected(url, remembered);
}

/** Stores what the core now knows about this URL's origin (after a successful connection). */
export function storeDetection(url: string, now = Date.now()): void {
	const origin = originOf(url);
	const detected = origin ? detectedFor(url) : undefined;
	if (!origin || !detected) return;
	const stored = readJson<Stored>('local', KEY, {});
	stored[origin] = { transport: detected.transport, era: detected.era, at: now };
	const kept = Object.entries(stored)
		.filter(([, d]) => isDetected(d))
		.sort(([, a], [, b]) => b.at - a.at)
		.slice(0, MAX_REMEMBERED);
	writeJson('local', KEY, Object.fromEntries(kept));
}
