/**
 * Checks `structuredContent` against a tool's `outputSchema` with @cfworker/json-schema (no
 * eval/new Function, so it works under a strict CSP). Loaded on demand: only tools that declare
 * an output schema pay for the validator.
 */
export interface OutputCheck {
	valid: boolean;
	errors: string[];
}

export async function checkOutput(
	schema: Record<string, unknown>,
	value: unknown
): Promise<OutputCheck> {
	const { Validator } = await import('@cfworker/json-schema');
	const draft =
		typeof schema.$schema === 'string' && schema.$schema.includes('draft-07') ? '7' : '2020-12';
	const result = new Validator(schema as never, draft, false).validate(value);
	return {
		valid: result.valid,
		errors: result.errors.slice(0, 20).map((e) => `${e.instanceLocation}: ${e.error}`)
	};
}
