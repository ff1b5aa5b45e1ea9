/**
 * Our OAuth core against a real authorization server (oidc-provider) and a protected SDK v2 MCP
 * server: discovery from the 401, Dynamic Client Registration, the real login and consent forms
 * (scripted), PKCE + resource, introspected tokens, step-up on 403 insufficient_scope with a
 * second consent, and refresh with rotation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { McpClient } from '../../src/lib/mcp/client';
import { connect } from '../../src/lib/mcp/connect';
import {
	AuthStepper,
	MemoryRegistrationStore,
	OAuthClientProvider,
	STEPPER_STEPS,
	type AuthEvent
} from '../../src/lib/mcp/auth';
import { startAuthStack, type AuthStack } from '../servers/auth/index.js';
import { scriptedUserAgent } from '../servers/auth/user-agent.js';

const REDIRECT_URI = 'http://127.0.0.1:4319/oauth/callback';

let stack: AuthStack;
beforeAll(async () => {
	stack = await startAuthStack();
});
afterAll(() => stack.close());

function setup(consent: 'allow' | 'deny' = 'allow') {
	const agent = scriptedUserAgent({ redirectUri: REDIRECT_URI, consent });
	const events: AuthEvent[] = [];
	const provider = new OAuthClientProvider({
		serverUrl: stack.mcpUrl,
		redirectUri: REDIRECT_URI,
		authorize: agent.authorize,
		onEvent: (event) => events.push(event)
	});
	return { agent, events, provider };
}

function text(result: { content?: unknown[] }): string {
	const first = result.content?.[0] as { text?: string } | undefined;
	return first?.text ?? '';
}

describe('OAuth core × oidc-provider + protected SDK server', () => {
	let client: McpClient | undefined;
	afterAll(() => client?.close());

	it('registers, signs in, consents and calls a tool with an introspected token', async () => {
		const { agent, events, provider } = setup();
		client = await connect({ url: stack.mcpUrl, authProvider: provider });
		const result = await client.callTool('whoami', {});
		expect(text(result)).toMatch(/^Signed in as alice .* with scopes: mcp:read/);
		expect(agent.pagesSeen).toEqual(['login', 'consent']);
		const steps = events.filter((e) => e.outcome === 'success').map((e) => e.step);
		expect(steps).toEqual(
			expect.arrayContaining([
				'challenge',
				'resource-metadata',
				'server-metadata',
				'registration',
				'authorization',
				'token'
			])
		);
		expect(events.find((e) => e.step === 'registration')?.details?.method).toBe('dynamic');
		expect(provider.tokens?.scopes).toContain('mcp:read');
		expect(provider.tokens?.scopes).not.toContain('mcp:admin');
	});

	it('steps up after 403 insufficient_scope: consent again, then the admin tool works', async () => {
		const { agent, events, provider } = setup();
		const stepClient = await connect({ url: stack.mcpUrl, authProvider: provider });
		try {
			const result = await stepClient.callTool('admin-action', {});
			expect(text(result)).toMatch(/mcp:admin/);
			expect(agent.pagesSeen).toEqual(['login', 'consent', 'consent']);
			const challenge403 = events.find(
				(e) => e.step === 'challenge' && e.exchanges[0]?.response?.status === 403
			);
			expect(challenge403?.message).toContain('insufficient_scope');
			expect(provider.tokens?.scopes).toEqual(expect.arrayContaining(['mcp:read', 'mcp:admin']));
		} finally {
			await stepClient.close();
		}
	});

	it('fails with the server refusal when the user denies consent', async () => {
		const { events, provider } = setup('deny');
		await expect(connect({ url: stack.mcpUrl, authProvider: provider })).rejects.toThrow();
		const failure = events.find((e) => e.step === 'authorization' && e.outcome === 'failure');
		expect(failure?.message).toContain('access_denied');
	});
});

describe('the debugger step runner × oidc-provider', () => {
	it('runs every step one at a time, refreshes with rotation, and hands the tokens to a provider', async () => {
		const agent = scriptedUserAgent({ redirectUri: REDIRECT_URI });
		const events: AuthEvent[] = [];
		const stepper = new AuthStepper({
			serverUrl: stack.mcpUrl,
			redirectUri: REDIRECT_URI,
			authorize: agent.authorize,
			fetchFor: () => fetch,
			onEvent: (event) => events.push(event),
			registration: {
				store: new MemoryRegistrationStore(),
				clientMetadata: { client_name: 'Stepper test', redirect_uris: [REDIRECT_URI] }
			}
		});
		const visited: string[] = [];
		while (stepper.next) {
			visited.push(stepper.next);
			expect(await stepper.step(), `${stepper.next}: ${stepper.lastError?.message}`).toBe(true);
		}
		expect(visited).toEqual([...STEPPER_STEPS]);
		const outcome = (step: string) =>
			events.filter((e) => e.step === step && e.outcome !== 'info').map((e) => e.outcome);
		for (const step of STEPPER_STEPS) expect(outcome(step), step).toEqual(['success']);
		const token = events.find((e) => e.step === 'token');
		expect(token?.exchanges[0]?.request.body).toContain('code_verifier=[redacted]');
		expect(JSON.stringify(events)).not.toContain(stepper.tokens?.accessToken);

		const session = stepper.session!;
		const provider = new OAuthClientProvider({
			serverUrl: stack.mcpUrl,
			redirectUri: REDIRECT_URI
		});
		provider.adopt(session.discovery, session.registration, session.tokens);
		const adopted = await connect({ url: stack.mcpUrl, authProvider: provider });
		try {
			expect(text(await adopted.callTool('whoami', {}))).toContain('Signed in as alice');
		} finally {
			await adopted.close();
		}
	});
});
