/**
 * DPoP (RFC 9449). One key pair per provider: oauth4webapi's handle signs the token requests and
 * follows the authorization server's nonce; `DpopSigner.proof` signs each MCP request (the
 * transport does that fetch, not oauth4webapi) with `htm`, `htu` (no query/fragment, §4.2), a
 * fresh `jti`, `ath` = hash of the access token (§4.2), and the resource server's latest nonce
 * (§9). A proof is never reused.
 */
import * as oauth from 'oauth4webapi';

function b64u(bytes: ArrayBuffer | Uint8Array): string {
	const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
	let binary = '';
	for (const byte of view) binary += String.fromCharCode(byte);
	return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function b64uJson(value: unknown): string {
	return b64u(new TextEncoder().encode(JSON.stringify(value)));
}

export class DpopSigner {
	readonly #keys: oauth.CryptoKeyPair;
	readonly #nonces = new Map<string, string>();
	#jwk?: JsonWebKey;
	readonly handle: oauth.DPoPHandle;

	private constructor(keys: oauth.CryptoKeyPair) {
		this.#keys = keys;
		this.handle = oauth.DPoP({}, keys);
	}

	static async create(): Promise<DpopSigner> {
		return new DpopSigner(await oauth.generateKeyPair('ES256', { extractable: true }));
	}

	/** Remembers a `DPoP-Nonce` a server sent (per origin, as RFC 9449 §8/§9 scope them). */
	rememberNonce(url: string, response: Response): boolean {
		const nonce = response.headers.get('dpop-nonce');
		if (!nonce) return false;
		const origin = new URL(url).origin;
		const changed = this.#nonces.get(origin) !== nonce;
		this.#nonces.set(origin, nonce);
		return changed;
	}

	async #publicJwk(): Promise<JsonWebKey> {
		if (!this.#jwk) {
			const { kty, crv, x, y } = await crypto.subtle.exportKey('jwk', this.#keys.publicKey);
			this.#jwk = { kty, crv, x, y };
		}
		return this.#jwk;
	}

	/** A fresh proof for one request to a protected resource. */
	async proof(method: string, url: string, accessToken: string): Promise<string> {
		const target = new URL(url);
		const header = { typ: 'dpop+jwt', alg: 'ES256', jwk: await this.#publicJwk() };
		const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(accessToken));
		const payload = {
			jti: b64u(crypto.getRandomValues(new Uint8Array(16))),
			htm: method.toUpperCase(),
			htu: `${target.origin}${target.pathname}`,
			iat: Math.floor(Date.now() / 1000),
			ath: b64u(digest),
			nonce: this.#nonces.get(target.origin)
		};
		const input = `${b64uJson(header)}.${b64uJson(payload)}`;
		const signature = await crypto.subtle.sign(
			{ name: 'ECDSA', hash: 'SHA-256' },
			this.#keys.privateKey,
			new TextEncoder().encode(input)
		);
		return `${input}.${b64u(signature)}`;
	}
}
