/**
 * Where tokens live. Default: memory only. The UI may pass a sessionStorage-backed store; tokens
 * never go into a URL, and into localStorage only when the user asks.
 */
import type { TokenSet } from './token.js';

export interface TokenStore {
	/** `resource` is the canonical MCP server URL. */
	get(resource: string): TokenSet | undefined;
	set(resource: string, tokens: TokenSet): void;
	delete(resource: string): void;
}

export class MemoryTokenStore implements TokenStore {
	readonly #tokens = new Map<string, TokenSet>();
	get(resource: string) {
		return this.#tokens.get(resource);
	}
	set(resource: string, tokens: TokenSet) {
		this.#tokens.set(resource, tokens);
	}
	delete(resource: string) {
		this.#tokens.delete(resource);
	}
}

/** A store over a Web Storage object (sessionStorage), namespaced, JSON-encoded. */
export class WebStorageTokenStore implements TokenStore {
	constructor(
		private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>,
		private readonly prefix = 'mcp-playground:tokens:'
	) {}
	get(resource: string) {
		const raw = this.storage.getItem(this.prefix + resource);
		if (!raw) return undefined;
		try {
			return JSON.parse(raw) as TokenSet;
		} catch {
			return undefined;
		}
	}
	set(resource: string, tokens: TokenSet) {
		this.storage.setItem(this.prefix + resource, JSON.stringify(tokens));
	}
	delete(resource: string) {
		this.storage.removeItem(this.prefix + resource);
	}
}
