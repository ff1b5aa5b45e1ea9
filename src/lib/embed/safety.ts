/**
 * When may the widget run something nobody clicked? Documentation pages are visited by people
 * who did not choose to call anything, so a tool call needs a click in the widget — except when
 * the embedder asked for it (`autorun` in the URL, or a `run` message from a trusted parent) AND
 * the server annotates the tool `readOnlyHint: true`. The spec calls annotations untrusted hints:
 * the embedder picked the server, so it is the embedder who vouches for that hint. Reading a
 * resource and getting a prompt are reads by definition (no side effects in the protocol), so an
 * embedder's request is enough for them.
 */
import type { EmbedKind } from './params';

export interface RunRequestTarget {
	kind: EmbedKind;
	/** The tool's annotations, as the server sent them (tools only). */
	annotations?: { readOnlyHint?: unknown };
}

export type RunDecision = { allowed: true } | { allowed: false; reason: string };

/** May an embedder's request (autorun or a parent `run`) start this without a click? */
export function mayRunWithoutClick(target: RunRequestTarget): RunDecision {
	if (target.kind !== 'tool') return { allowed: true };
	if (target.annotations?.readOnlyHint === true) return { allowed: true };
	return {
		allowed: false,
		reason:
			'This tool is not annotated readOnlyHint: true, so it runs only when someone clicks Run in the widget.'
	};
}
