/**
 * Validation of a tool result's `structuredContent` against the tool's `outputSchema`
 * ("Clients SHOULD validate structured results against this schema"). Uses @cfworker/json-schema:
 * it interprets schemas (no `eval`/`new Function`, so it runs under a strict CSP) and resolves
 * `$ref` only inside the schema. "Implementations MUST NOT automatically dereference `$ref` values
 * that resolve to a network URI" (SEP-2106): a `$ref` to anything outside the schema is reported
 * as unresolvable, never fetched.
 */
import { Validator, type Schema } from '@cfworker/json-schema';
import type { CallToolResult, Tool } from '../types.js';

export type SchemaDraft = '4' | '7' | '2019-09' | '2020-12';

export interface ValidationOutcome {
	valid: boolean;
	/** Human-readable problems: "at /count: expected integer", … */
	errors: string[];
}

const DRAFTS: Record<string, SchemaDraft> = {
	'http://json-schema.org/draft-04/schema': '4',
	'http://json-schema.org/draft-07/schema': '7',
	'https://json-schema.org/draft/2019-09/schema': '2019-09',
	'https://json-schema.org/draft/2020-12/schema': '2020-12'
};

/** The draft a schema declares with `$schema`; 2020-12 when absent ("Defaults to 2020-12"). */
export function draftOf(schema: { $schema?: unknown }): SchemaDraft {
	const declared = typeof schema.$schema === 'string' ? schema.$schema.replace(/#$/, '') : '';
	return DRAFTS[declared] ?? '2020-12';
}

/** Validates `value` against `schema`; a schema that cannot be used is reported, not thrown. */
export function validateAgainst(
	schema: Record<string, unknown>,
	value: unknown
): ValidationOutcome {
	try {
		const validator = new Validator(schema as Schema, draftOf(schema), false);
		const result = validator.validate(value);
		const errors = result.errors
			.filter((e) => e.keyword !== 'properties' && e.keyword !== 'items' && e.keyword !== 'allOf')
			.map((e) => `at ${e.instanceLocation.replace(/^#/, '') || '/'}: ${e.error}`);
		return {
			valid: result.valid,
			errors: result.valid ? [] : errors.length ? errors : ['invalid']
		};
	} catch (error) {
		const why = error instanceof Error ? error.message : String(error);
		return {
			valid: false,
			errors: [`The schema could not be used (${why}); references outside it are never fetched.`]
		};
	}
}

/**
 * Checks a `tools/call` result against the tool's `outputSchema`. "Servers MUST provide
 * structured results that conform to this schema" when a tool declares one; a missing
 * `structuredContent` on a successful call is therefore a problem too. Error results are exempt.
 */
export function validateToolResult(tool: Tool, result: CallToolResult): ValidationOutcome {
	if (!tool.outputSchema || result.isError) return { valid: true, errors: [] };
	if (result.structuredContent === undefined) {
		return {
			valid: false,
			errors: [`Tool "${tool.name}" declares an outputSchema but returned no structuredContent`]
		};
	}
	return validateAgainst(tool.outputSchema, result.structuredContent);
}
