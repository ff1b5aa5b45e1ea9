/**
 * Defaults for an elicitation form (SEP-1034): "Clients SHOULD pre-populate form fields with
 * default values when provided". The UI pre-fills its form with these; a scripted answerer (the
 * conformance harness) accepts with them.
 */
import type { ElicitContentValue, ElicitRequestFormParams } from '../types.js';

/** The `default` of each property that declares a well-typed one. */
export function elicitationDefaults(
	requestedSchema: ElicitRequestFormParams['requestedSchema']
): Record<string, ElicitContentValue> {
	const values: Record<string, ElicitContentValue> = {};
	for (const [name, property] of Object.entries(requestedSchema.properties ?? {})) {
		const value = (property as { default?: unknown }).default;
		if (matchesType(property.type, value)) values[name] = value as ElicitContentValue;
	}
	return values;
}

function matchesType(type: string, value: unknown): boolean {
	switch (type) {
		case 'string':
			return typeof value === 'string';
		case 'integer':
			return Number.isInteger(value);
		case 'number':
			return typeof value === 'number' && Number.isFinite(value);
		case 'boolean':
			return typeof value === 'boolean';
		case 'array':
			return Array.isArray(value) && value.every((item) => typeof item === 'string');
		default:
			return false;
	}
}
