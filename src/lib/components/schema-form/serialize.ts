/**
 * Form model → JSON value. Empty optional fields are left out; problems are collected per
 * field (the user keeps typing; the Run button says what to fix).
 */
import type { FieldError, FieldNode } from './model';

export interface Serialized {
	/** `undefined` means "leave this field out". */
	value: unknown;
	errors: FieldError[];
}

const label = (path: string) => path || 'value';

export function toValue(node: FieldNode, required = true): Serialized {
	switch (node.kind) {
		case 'string':
			return stringValue(node, required);
		case 'number':
			return numberValue(node, required);
		case 'boolean':
			return { value: node.value ?? (required ? false : undefined), errors: [] };
		case 'enum': {
			const option = node.options[node.selected];
			if (option) return { value: option.value, errors: [] };
			return {
				value: undefined,
				errors: required
					? [{ path: node.path, message: `${label(node.path)}: choose a value` }]
					: []
			};
		}
		case 'multi': {
			const picked = node.options.filter((_, i) => node.selected[i]).map((o) => o.value);
			return { value: picked.length || required ? picked : undefined, errors: [] };
		}
		case 'nullable':
			return node.isNull ? { value: null, errors: [] } : toValue(node.inner, required);
		case 'object':
			return objectValue(node, required);
		case 'array':
			return arrayValue(node, required);
		case 'json':
			return jsonValue(node, required);
	}
}

function stringValue(node: Extract<FieldNode, { kind: 'string' }>, required: boolean): Serialized {
	if (node.text === '' && !required) return { value: undefined, errors: [] };
	return { value: node.text, errors: [] };
}

function numberValue(node: Extract<FieldNode, { kind: 'number' }>, required: boolean): Serialized {
	const text = node.text.trim();
	if (text === '') {
		const errors = required
			? [{ path: node.path, message: `${label(node.path)}: enter a number` }]
			: [];
		return { value: undefined, errors };
	}
	const value = Number(text);
	if (!Number.isFinite(value))
		return {
			value: undefined,
			errors: [{ path: node.path, message: `${label(node.path)}: “${text}” is not a number` }]
		};
	if (node.integer && !Number.isInteger(value))
		return {
			value,
			errors: [{ path: node.path, message: `${label(node.path)}: must be a whole number` }]
		};
	return { value, errors: [] };
}

function objectValue(node: Extract<FieldNode, { kind: 'object' }>, required: boolean): Serialized {
	// An optional object the user left untouched is left out whole: its required fields only
	// apply once it has content (else an empty required string would send `{city: ""}`).
	const inArray = node.path.includes('[');
	if (!required && !inArray && node.fields.every((f) => toValue(f.node, false).value === undefined))
		return { value: undefined, errors: [] };
	const out: Record<string, unknown> = {};
	const errors: FieldError[] = [];
	for (const field of node.fields) {
		const r = toValue(field.node, field.required);
		errors.push(...r.errors);
		if (r.value !== undefined) out[field.name] = r.value;
	}
	const empty = Object.keys(out).length === 0;
	return { value: empty && !required && !inArray ? undefined : out, errors };
}

function arrayValue(node: Extract<FieldNode, { kind: 'array' }>, required: boolean): Serialized {
	const errors: FieldError[] = [];
	const values = node.items.map((item) => {
		const r = toValue(item, true);
		errors.push(...r.errors);
		return r.value;
	});
	return { value: values.length || required ? values : undefined, errors };
}

function jsonValue(node: Extract<FieldNode, { kind: 'json' }>, required: boolean): Serialized {
	if (!node.text.trim()) {
		const errors = required
			? [{ path: node.path, message: `${label(node.path)}: enter a JSON value` }]
			: [];
		return { value: undefined, errors };
	}
	try {
		return { value: JSON.parse(node.text), errors: [] };
	} catch (error) {
		return {
			value: undefined,
			errors: [
				{
					path: node.path,
					message: `${label(node.path)}: invalid JSON (${(error as Error).message})`
				}
			]
		};
	}
}
