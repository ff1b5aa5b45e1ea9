import { describe, expect, it } from 'vitest';
import { buildNode, resolveRef, type FieldNode, type Schema } from './model';
import { toValue } from './serialize';

/** The form for `schema` as a tool's inputSchema gets it (root value `{}`, defaults applied). */
const form = (schema: Schema, value: unknown = {}) => buildNode(schema, value, schema);

function field(node: FieldNode, name: string): FieldNode {
	if (node.kind !== 'object') throw new Error(`not an object: ${node.kind}`);
	const found = node.fields.find((f) => f.name === name);
	if (!found) throw new Error(`no field ${name}`);
	return found.node;
}

const everyType: Schema = {
	type: 'object',
	required: ['name', 'count'],
	properties: {
		name: { type: 'string', description: 'Who' },
		notes: { type: 'string', maxLength: 5000 },
		count: { type: 'integer', minimum: 0 },
		ratio: { type: 'number', default: 0.5 },
		enabled: { type: 'boolean' },
		color: { type: 'string', enum: ['red', 'green'] },
		size: {
			oneOf: [
				{ const: 's', title: 'Small' },
				{ const: 'l', title: 'Large' }
			]
		},
		tags: { type: 'array', items: { enum: ['a', 'b', 'c'] } },
		limit: { anyOf: [{ type: 'integer' }, { type: 'null' }], default: null },
		label: { type: ['string', 'null'] },
		address: {
			type: 'object',
			required: ['city'],
			properties: { city: { type: 'string' }, zip: { type: 'string' } }
		},
		people: {
			type: 'array',
			items: { type: 'object', properties: { name: { type: 'string' }, age: { type: 'integer' } } }
		},
		extra: { description: 'anything' }
	}
};

describe('buildNode: one field kind per schema type', () => {
	const root = form(everyType);

	it.each([
		['name', 'string'],
		['notes', 'string'],
		['count', 'number'],
		['ratio', 'number'],
		['enabled', 'boolean'],
		['color', 'enum'],
		['size', 'enum'],
		['tags', 'multi'],
		['limit', 'nullable'],
		['label', 'nullable'],
		['address', 'object'],
		['people', 'array'],
		['extra', 'json']
	])('%s → %s', (name, kind) => {
		expect(field(root, name).kind).toBe(kind);
	});

	it('marks required fields and keeps nested paths for labels and errors', () => {
		if (root.kind !== 'object') throw new Error('root');
		expect(root.fields.filter((f) => f.required).map((f) => f.name)).toEqual(['name', 'count']);
		const city = field(field(root, 'address'), 'city');
		expect(city.path).toBe('address.city');
	});

	it('uses titles of oneOf constants as labels', () => {
		const size = field(root, 'size');
		expect(size.kind === 'enum' && size.options.map((o) => o.label)).toEqual(['Small', 'Large']);
	});

	it('sees nullable through both anyOf [X, null] and type [X, "null"]', () => {
		const limit = field(root, 'limit');
		const label = field(root, 'label');
		expect(limit.kind === 'nullable' && limit.inner.kind).toBe('number');
		expect(label.kind === 'nullable' && label.inner.kind).toBe('string');
	});
});

describe('defaults and initial values', () => {
	it('pre-fills defaults, and an explicit value wins over the default', () => {
		const withDefaults = form({
			type: 'object',
			properties: {
				q: { type: 'string', default: 'hello' },
				n: { type: 'integer', default: 3 },
				b: { type: 'boolean', default: true },
				e: { enum: ['x', 'y'], default: 'y' },
				limit: { anyOf: [{ type: 'integer' }, { type: 'null' }], default: null }
			}
		});
		expect(toValue(withDefaults).value).toEqual({ q: 'hello', n: 3, b: true, e: 'y', limit: null });
		const given = buildNode(withDefaults.schema, { q: 'bye', n: 7 }, withDefaults.schema);
		expect(toValue(given).value).toMatchObject({ q: 'bye', n: 7 });
	});
});

describe('toValue: required and optional fields', () => {
	it('reports missing required fields by path and leaves untouched optional ones out whole', () => {
		const r = toValue(form(everyType));
		expect(r.errors.map((e) => e.path)).toEqual(['count']);
		expect(r.value).toEqual({ name: '', ratio: 0.5, limit: null });
	});

	it('requires the fields of an optional object only once it has content', () => {
		const root = form(everyType, { count: 1, address: { zip: '123' } });
		const r = toValue(root);
		expect(r.value).toMatchObject({ address: { zip: '123', city: '' } });
		expect(r.errors).toEqual([]);
	});

	it('sends false for a required boolean left untouched, nothing for an optional one', () => {
		const schema = {
			type: 'object',
			required: ['must'],
			properties: { must: { type: 'boolean' }, may: { type: 'boolean' } }
		};
		expect(toValue(form(schema)).value).toEqual({ must: false });
	});
});

describe('numbers stay text until submit', () => {
	const number = (text: string, integer = false): FieldNode => ({
		kind: 'number',
		schema: {},
		path: 'n',
		integer,
		text
	});

	it('keeps half-typed numbers as typed and explains what is wrong', () => {
		expect(toValue(number('-1.5')).value).toBe(-1.5);
		expect(toValue(number(' 1e3 ')).value).toBe(1000);
		expect(toValue(number('1e')).errors[0]?.message).toMatch(/“1e” is not a number/);
		expect(toValue(number('1.5', true)).errors[0]?.message).toMatch(/whole number/);
		expect(toValue(number('', false), false)).toEqual({ value: undefined, errors: [] });
		expect(toValue(number('')).errors[0]?.message).toMatch(/enter a number/);
	});
});

describe('strings', () => {
	it('switches to a multiline editor for long or multi-line text and keeps newlines', () => {
		const schema = {
			type: 'object',
			properties: { s: { type: 'string' }, long: { type: 'string', maxLength: 5000 } }
		};
		const root = form(schema, { s: 'line 1\nline 2\n' });
		const s = field(root, 's');
		expect(s.kind === 'string' && s.multiline).toBe(true);
		const long = field(root, 'long');
		expect(long.kind === 'string' && long.multiline).toBe(true);
		expect(toValue(root).value).toEqual({ s: 'line 1\nline 2\n' });
	});
});

describe('arrays and nested objects', () => {
	it('builds one item per value with indexed paths, and serialises items in order', () => {
		const root = form(everyType, {
			count: 0,
			people: [{ name: 'Ada', age: 36 }, { name: 'Alan' }]
		});
		const people = field(root, 'people');
		if (people.kind !== 'array') throw new Error('array');
		expect(people.items.map((i) => i.path)).toEqual(['people[0]', 'people[1]']);
		expect(toValue(root).value).toMatchObject({
			people: [{ name: 'Ada', age: 36 }, { name: 'Alan' }]
		});
	});

	it('keeps an item object even when all its fields are empty (its position matters)', () => {
		const root = form(everyType, { count: 0, people: [{}] });
		expect(toValue(root).value).toMatchObject({ people: [{}] });
	});

	it('reports a bad number inside an array item with its full path', () => {
		const root = form(everyType, { count: 0, people: [{ name: 'x' }] });
		const people = field(root, 'people');
		if (people.kind !== 'array') throw new Error('array');
		const age = field(people.items[0]!, 'age');
		if (age.kind === 'number') age.text = 'old';
		expect(toValue(root).errors).toEqual([
			{ path: 'people[0].age', message: 'people[0].age: “old” is not a number' }
		]);
	});
});

describe('raw JSON round trip', () => {
	it('value → JSON text → form → value is lossless for every field kind', () => {
		const value = {
			name: 'Ada',
			notes: 'multi\nline',
			count: 3,
			ratio: 0.25,
			enabled: false,
			color: 'green',
			size: 'l',
			tags: ['a', 'c'],
			limit: null,
			label: 'x',
			address: { city: 'London', zip: 'N1' },
			people: [{ name: 'Alan', age: 41 }],
			extra: { any: ['thing', 1, null] }
		};
		const first = toValue(form(everyType, value));
		expect(first.errors).toEqual([]);
		expect(first.value).toEqual(value);
		const text = JSON.stringify(first.value, null, 2);
		const again = toValue(form(everyType, JSON.parse(text)));
		expect(again.value).toEqual(value);
	});

	it('shows a value that fits no field as JSON and parses it back', () => {
		const extra = field(form(everyType, { extra: [1, { a: 2 }] }), 'extra');
		expect(extra.kind === 'json' && JSON.parse(extra.text)).toEqual([1, { a: 2 }]);
		if (extra.kind === 'json') extra.text = '{ not json';
		expect(toValue(extra).errors[0]?.message).toMatch(/invalid JSON/);
	});
});

describe('$ref', () => {
	it('follows local refs and merges sibling keywords', () => {
		const schema = {
			type: 'object',
			$defs: { id: { type: 'integer', minimum: 1 } },
			properties: { id: { $ref: '#/$defs/id', description: 'The id' } }
		};
		const id = field(form(schema), 'id');
		expect(id.kind).toBe('number');
		expect(id.schema.description).toBe('The id');
	});

	it('never follows a remote ref (nothing is fetched) and bounds recursive schemas', () => {
		const remote = { $ref: 'https://evil.example/schema.json' };
		expect(resolveRef(remote, remote)).toBe(remote);
		const tree: Schema = {
			type: 'object',
			properties: { child: { $ref: '#' }, name: { type: 'string' } }
		};
		let node = form(tree, { child: { child: { child: {} } } });
		let depth = 0;
		while (node.kind === 'object') {
			node = field(node, 'child');
			depth++;
		}
		expect(node.kind).toBe('json');
		expect(depth).toBeLessThanOrEqual(10);
	});
});
