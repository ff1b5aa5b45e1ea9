/**
 * JSON Schema → form model. The model keeps what the user typed (numbers stay text until
 * submit, so "-", "1." or "1e" never get rewritten under their cursor) and converts to JSON
 * only in `toValue`, which reports problems per field instead of refusing input. Only local
 * `$ref`s (`#/…`) are followed — a schema can never make the page fetch anything.
 */
export type Schema = Record<string, unknown>;

export interface EnumOption {
	label: string;
	value: unknown;
}

interface Base {
	schema: Schema;
	/** Path for labels and error messages, e.g. `address.street`. */
	path: string;
}
export type FieldNode = Base &
	(
		| { kind: 'string'; text: string; multiline: boolean }
		| { kind: 'number'; integer: boolean; text: string }
		| { kind: 'boolean'; value: boolean | null }
		| { kind: 'enum'; options: EnumOption[]; selected: number }
		| { kind: 'multi'; options: EnumOption[]; selected: boolean[] }
		| { kind: 'object'; fields: ObjectField[] }
		| { kind: 'array'; itemSchema: Schema; items: FieldNode[] }
		| { kind: 'nullable'; isNull: boolean; inner: FieldNode }
		| { kind: 'json'; text: string }
	);

export interface ObjectField {
	name: string;
	required: boolean;
	node: FieldNode;
}

export interface FieldError {
	path: string;
	message: string;
}

const MAX_DEPTH = 8;

function isObj(v: unknown): v is Schema {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Follows a local `$ref` (JSON pointer into the root schema); remote refs are left alone. */
export function resolveRef(schema: Schema, root: Schema, seen = 0): Schema {
	const ref = schema.$ref;
	if (typeof ref !== 'string' || !ref.startsWith('#') || seen > MAX_DEPTH) return schema;
	let target: unknown = root;
	for (const raw of ref.slice(1).split('/').filter(Boolean)) {
		const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
		target = isObj(target) ? target[key] : undefined;
	}
	if (!isObj(target)) return schema;
	const { $ref: _ignored, ...rest } = schema;
	return resolveRef({ ...target, ...rest }, root, seen + 1);
}

function enumOptions(schema: Schema): EnumOption[] | undefined {
	if (Array.isArray(schema.enum)) {
		const names = Array.isArray(schema.enumNames) ? schema.enumNames : [];
		return schema.enum.map((v, i) => ({ label: String(names[i] ?? JSON.stringify(v)), value: v }));
	}
	if ('const' in schema) return [{ label: JSON.stringify(schema.const), value: schema.const }];
	const alts = Array.isArray(schema.oneOf)
		? schema.oneOf
		: Array.isArray(schema.anyOf)
			? schema.anyOf
			: undefined;
	if (alts?.length && alts.every((a) => isObj(a) && 'const' in a))
		return alts.map((a) => ({
			label: String((a as Schema).title ?? JSON.stringify((a as Schema).const)),
			value: (a as Schema).const
		}));
	return undefined;
}

/** `{anyOf:[X,{type:null}]}`, `{type:[X,'null']}` → X; otherwise undefined. */
function nullableInner(schema: Schema): Schema | undefined {
	if (Array.isArray(schema.type) && schema.type.includes('null')) {
		const rest = schema.type.filter((t) => t !== 'null');
		if (rest.length === 1) return { ...schema, type: rest[0] };
	}
	const alts = Array.isArray(schema.anyOf)
		? schema.anyOf
		: Array.isArray(schema.oneOf)
			? schema.oneOf
			: undefined;
	if (alts?.length === 2) {
		const nonNull = alts.filter((a) => !(isObj(a) && a.type === 'null'));
		if (nonNull.length === 1 && isObj(nonNull[0])) {
			const { anyOf: _a, oneOf: _o, ...rest } = schema;
			return { ...rest, ...nonNull[0] };
		}
	}
	return undefined;
}

function typeOf(schema: Schema): string | undefined {
	if (typeof schema.type === 'string') return schema.type;
	if (isObj(schema.properties)) return 'object';
	if (isObj(schema.items)) return 'array';
	return undefined;
}

/** Builds the form model for `schema`, pre-filled with `value` (or the schema's `default`). */
export function buildNode(
	rawSchema: unknown,
	value: unknown,
	root: Schema,
	path = '',
	depth = 0
): FieldNode {
	const schema = resolveRef(isObj(rawSchema) ? rawSchema : {}, root);
	const initial = value !== undefined ? value : schema.default;
	if (depth > MAX_DEPTH) return jsonNode(schema, path, initial);
	const inner = nullableInner(schema);
	if (inner) {
		return {
			kind: 'nullable',
			schema,
			path,
			isNull: initial === null,
			inner: buildNode(inner, initial === null ? undefined : initial, root, path, depth + 1)
		};
	}
	const options = enumOptions(schema);
	if (options)
		return {
			kind: 'enum',
			schema,
			path,
			options,
			selected: options.findIndex((o) => JSON.stringify(o.value) === JSON.stringify(initial))
		};
	return buildTyped(schema, initial, root, path, depth);
}

function buildTyped(
	schema: Schema,
	initial: unknown,
	root: Schema,
	path: string,
	depth: number
): FieldNode {
	switch (typeOf(schema)) {
		case 'string': {
			const text = typeof initial === 'string' ? initial : '';
			const long = typeof schema.maxLength === 'number' ? schema.maxLength > 200 : false;
			return { kind: 'string', schema, path, text, multiline: long || text.includes('\n') };
		}
		case 'number':
		case 'integer':
			return {
				kind: 'number',
				schema,
				path,
				integer: schema.type === 'integer',
				text: typeof initial === 'number' ? String(initial) : ''
			};
		case 'boolean':
			return {
				kind: 'boolean',
				schema,
				path,
				value: typeof initial === 'boolean' ? initial : null
			};
		case 'object':
			return objectNode(schema, initial, root, path, depth);
		case 'array':
			return arrayNode(schema, initial, root, path, depth);
		default:
			return jsonNode(schema, path, initial);
	}
}

function objectNode(
	schema: Schema,
	initial: unknown,
	root: Schema,
	path: string,
	depth: number
): FieldNode {
	const props = isObj(schema.properties) ? schema.properties : {};
	if (!Object.keys(props).length) return jsonNode(schema, path, initial);
	const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
	const values = isObj(initial) ? initial : {};
	const fields = Object.entries(props).map(([name, sub]) => ({
		name,
		required: required.has(name),
		node: buildNode(sub, values[name], root, path ? `${path}.${name}` : name, depth + 1)
	}));
	return { kind: 'object', schema, path, fields };
}

function arrayNode(
	schema: Schema,
	initial: unknown,
	root: Schema,
	path: string,
	depth: number
): FieldNode {
	const itemSchema = resolveRef(isObj(schema.items) ? schema.items : {}, root);
	const options = enumOptions(itemSchema);
	const values = Array.isArray(initial) ? initial : [];
	if (options) {
		const selected = options.map((o) =>
			values.some((v) => JSON.stringify(v) === JSON.stringify(o.value))
		);
		return { kind: 'multi', schema, path, options, selected };
	}
	const items = values.map((v, i) => buildNode(itemSchema, v, root, `${path}[${i}]`, depth + 1));
	return { kind: 'array', schema, path, itemSchema, items };
}

function jsonNode(schema: Schema, path: string, initial: unknown): FieldNode {
	return {
		kind: 'json',
		schema,
		path,
		text: initial === undefined ? '' : JSON.stringify(initial, null, 2)
	};
}
