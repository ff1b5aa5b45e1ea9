/**
 * The trivial AuthProvider: a fixed bearer token the user pasted. A 401 cannot be fixed by this
 * provider, so `handleChallenge` declines and the request fails with the server's answer.
 */
import type { AuthProvider } from '../transport.js';

export class BearerTokenProvider implements AuthProvider {
	constructor(private readonly token: string) {}
	async headers(): Promise<Record<string, string>> {
		return { Authorization: `Bearer ${this.token}` };
	}
	async handleChallenge(): Promise<boolean> {
		return false;
	}
}
