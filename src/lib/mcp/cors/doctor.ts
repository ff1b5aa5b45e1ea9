/**
 * The whole doctor run for one server: work out what the connection needs, ask the local probe
 * what the server really sends (local mode), ask the browser what it lets the page see, and turn
 * both into problems and fix snippets. `fetch` is injected (the page's), so this stays
 * framework-free; the UI calls it from its state layer.
 */
import type { FetchLike } from '../transport.js';
import { analyzeCors } from './analyze.js';
import { diagnoseFromBrowser, type BrowserDiagnosis } from './browser.js';
import { fixSnippets, type FixSnippet } from './fixes.js';
import { connectionNeeds } from './needs.js';
import { observeFromBrowser, type BrowserObservations } from './observe.js';
import type { CorsNeeds, CorsProblem, EraNeed, ProbeResult } from './types.js';

export interface DoctorOptions {
	url: string;
	pageOrigin: string;
	era?: EraNeed;
	/** Headers the connection adds (e.g. Authorization, custom ones). */
	headers?: Record<string, string>;
	/** `Mcp-Param-*` names the server's tools mirror, when known. */
	paramHeaders?: string[];
	fetch: FetchLike;
	/** Local mode: the probe endpoint and the playground token. Absent in hosted mode. */
	probe?: { endpoint: string; token: string };
}

export interface DoctorReport {
	needs: CorsNeeds;
	/** `local`: problems come from the server-side probe; `browser`: from what the page saw. */
	source: 'local' | 'browser';
	probe?: ProbeResult;
	/** Why the probe could not run, when it was asked for. */
	probeError?: string;
	problems: CorsProblem[];
	browser: BrowserObservations;
	browserDiagnosis: BrowserDiagnosis;
	snippets: FixSnippet[];
}

async function callProbe(o: DoctorOptions, needs: CorsNeeds): Promise<ProbeResult> {
	const probe = o.probe!;
	const response = await o.fetch(probe.endpoint, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-playground-token': probe.token },
		body: JSON.stringify({
			url: o.url,
			origin: o.pageOrigin,
			method: 'POST',
			requestHeaders: o.headers ?? {},
			askHeaders: needs.requestHeaders,
			era: needs.era
		})
	});
	const body = (await response.json().catch(() => ({}))) as { error?: string; hint?: string };
	if (!response.ok) {
		throw new Error(
			`${body.error ?? `The probe answered ${response.status}.`}${body.hint ? ` ${body.hint}` : ''}`
		);
	}
	return body as unknown as ProbeResult;
}

export async function runDoctor(o: DoctorOptions): Promise<DoctorReport> {
	const names = Object.keys(o.headers ?? {});
	const needs = connectionNeeds({
		pageOrigin: o.pageOrigin,
		targetUrl: o.url,
		era: o.era ?? 'auto',
		authorization: names.some((n) => n.toLowerCase() === 'authorization'),
		paramHeaders: o.paramHeaders,
		extraHeaders: names.filter(
			(n) => !['authorization', 'content-type', 'accept'].includes(n.toLowerCase())
		)
	});
	const authorization = Object.entries(o.headers ?? {}).find(
		([n]) => n.toLowerCase() === 'authorization'
	)?.[1];
	const browser = await observeFromBrowser({ fetch: o.fetch, needs, authorization });
	const browserDiagnosis = diagnoseFromBrowser(browser);
	let probe: ProbeResult | undefined;
	let probeError: string | undefined;
	if (o.probe) {
		try {
			probe = await callProbe(o, needs);
		} catch (error) {
			probeError = (error as Error).message;
		}
	}
	const problems = probe ? analyzeCors({ needs, observed: probe }) : browserDiagnosis.problems;
	const source = probe ? 'local' : 'browser';
	return {
		needs,
		source,
		probe,
		probeError,
		problems,
		browser,
		browserDiagnosis,
		snippets: fixSnippets(needs, problems)
	};
}
