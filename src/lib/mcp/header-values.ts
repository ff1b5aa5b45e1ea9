/**
 * The header values every modern-era request needs (2026-07-28, SEP-2243): `Mcp-Method` and
 * `Mcp-Name` mirrored from the JSON-RPC body, with the spec's Base64 sentinel encoding for values
 * that are not plain header-safe ASCII. The `x-mcp-header` (`Mcp-Param-{Name}`) rules are in
 * headers.ts, loaded only when a tool's schema carries such an annotation.
 * Spec: docs/specification/2026-07-28/basic/transports/streamable-http.mdx, "Request Metadata".
 */
import type { JsonRpcMessage } from './jsonrpc.js';
import type { Era } from './wire.js';

const SENTINEL = /^=\?base64\?.*\?=$/s;

/**
 * True when `value` cannot travel as a plain header value. RFC 9110 allows visible ASCII, space
 * and tab; the spec adds "has leading/trailing whitespace" and "matches the sentinel pattern".
 * Tab is encoded everywhere (not only at the edges) because the conformance suite's checker
 * treats any tab as unsafe, and encoding a safe value is always allowed.
 */
function needsEncoding(value: string): boolean {
	for (let i = 0; i < value.length; i++) {
		const code = value.charCodeAt(i);
		if (code < 0x20 || code > 0x7e) return true;
	}
	if (value !== value.trim()) return true;
	// "clients MUST also Base64-encode any plain-ASCII value that matches the sentinel pattern"
	return SENTINEL.test(value);
}

function base64Utf8(value: string): string {
	const bytes = new TextEncoder().encode(value);
	let binary = '';
	for (const byte of bytes) binary += String.fromCharCode(byte);
	return btoa(binary);
}

/**
 * A header-safe form of `value`: unchanged when it is plain ASCII, otherwise
 * `=?base64?{Base64 of the UTF-8 bytes}?=` ("These markers are case-sensitive and MUST appear
 * exactly as shown").
 */
export function encodeHeaderValue(value: string): string {
	return needsEncoding(value) ? `=?base64?${base64Utf8(value)}?=` : value;
}

/** Reverses `encodeHeaderValue` (for tests and for showing headers in the wire log). */
export function decodeHeaderValue(value: string): string {
	if (!SENTINEL.test(value)) return value;
	const binary = atob(value.slice('=?base64?'.length, -'?='.length));
	const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
	return new TextDecoder().decode(bytes);
}

/** Methods whose `Mcp-Name` header mirrors a body field, and which field. */
const NAME_SOURCE: Record<string, 'name' | 'uri'> = {
	'tools/call': 'name',
	'prompts/get': 'name',
	'resources/read': 'uri'
};

/**
 * `Mcp-Method` (every request and notification) and `Mcp-Name` (`tools/call`, `prompts/get`:
 * `params.name`; `resources/read`: `params.uri`) — "These headers are REQUIRED" in the modern
 * era. Legacy servers never asked for them, and a custom header a server does not list in
 * `Access-Control-Allow-Headers` would make the browser's preflight fail, so legacy gets none.
 */
export function standardMcpHeaders(message: JsonRpcMessage, era: Era): Record<string, string> {
	if (era !== 'modern' || !('method' in message)) return {};
	const headers: Record<string, string> = { 'Mcp-Method': message.method };
	const field = NAME_SOURCE[message.method];
	const value = field ? message.params?.[field] : undefined;
	if (typeof value === 'string') headers['Mcp-Name'] = encodeHeaderValue(value);
	return headers;
}
