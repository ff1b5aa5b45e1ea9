import { describe, expect, it } from 'vitest';
import {
	decodeHeaderValue,
	encodeHeaderValue,
	mcpParamHeaders,
	standardMcpHeaders,
	toolHeaderAnnotationProblem
} from './headers.js';

describe('encodeHeaderValue', () => {
	it('matches every example of the spec table', () => {
		expect(encodeHeaderValue('us-west1')).toBe('us-west1');
		expect(encodeHeaderValue('Hello, 世界')).toBe('=?base64?SGVsbG8sIOS4lueVjA==?=');
		expect(encodeHeaderValue(' padded ')).toBe('=?base64?IHBhZGRlZCA=?=');
		expect(encodeHeaderValue('line1\nline2')).toBe('=?base64?bGluZTEKbGluZTI=?=');
		expect(encodeHeaderValue('=?base64?literal?=')).toBe('=?base64?PT9iYXNlNjQ/bGl0ZXJhbD89?=');
	});

	it('keeps internal spaces and empty strings plain, encodes tabs, CR, DEL and edges', () => {
		expect(encodeHeaderValue('us west 1')).toBe('us west 1');
		expect(encodeHeaderValue('')).toBe('');
		for (const unsafe of [
			'\tindented',
			'a\tb',
			'line1\r\nline2',
			'x\x7f',
			' us-west1',
			'us-west1 '
		]) {
			const encoded = encodeHeaderValue(unsafe);
			expect(encoded).toMatch(/^=\?base64\?[A-Za-z0-9+/=]*\?=$/);
			expect(decodeHeaderValue(encoded)).toBe(unsafe);
		}
	});

	it('round-trips astral characters (surrogate pairs) through UTF-8', () => {
		const value = 'emoji 🎉 and ünïcödé';
		expect(decodeHeaderValue(encodeHeaderValue(value))).toBe(value);
	});
});

const customHeadersTool = {
	type: 'object',
	properties: {
		region: { type: 'string', 'x-mcp-header': 'Region' },
		priority: { type: 'integer', 'x-mcp-header': 'Priority' },
		verbose: { type: 'boolean', 'x-mcp-header': 'Verbose' },
		debug: { type: 'boolean', 'x-mcp-header': 'Debug' },
		empty_val: { type: 'string', 'x-mcp-header': 'EmptyVal' },
		method_val: { type: 'string', 'x-mcp-header': 'Method' },
		float_val: { type: 'number' },
		non_ascii_val: { type: 'string', 'x-mcp-header': 'NonAscii' },
		crlf_val: { type: 'string', 'x-mcp-header': 'CrLf' },
		query: { type: 'string' }
	}
};

describe('mcpParamHeaders', () => {
	it('mirrors annotated arguments with the spec conversions (conformance http-custom-headers)', () => {
		const headers = mcpParamHeaders(customHeadersTool, {
			region: 'us-west1',
			priority: 42,
			verbose: false,
			debug: true,
			empty_val: '',
			method_val: 'test-method',
			float_val: 3.14159,
			non_ascii_val: 'Hello, 世界',
			crlf_val: 'line1\r\nline2',
			query: 'SELECT * FROM users'
		});
		expect(headers).toEqual({
			'Mcp-Param-Region': 'us-west1',
			'Mcp-Param-Priority': '42',
			'Mcp-Param-Verbose': 'false',
			'Mcp-Param-Debug': 'true',
			'Mcp-Param-EmptyVal': '',
			'Mcp-Param-Method': 'test-method',
			'Mcp-Param-NonAscii': '=?base64?SGVsbG8sIOS4lueVjA==?=',
			'Mcp-Param-CrLf': encodeHeaderValue('line1\r\nline2')
		});
	});

	it('omits headers for null and absent values, and without arguments', () => {
		expect(
			mcpParamHeaders(customHeadersTool, { region: 'us-east1', priority: -7, verbose: null })
		).toEqual({
			'Mcp-Param-Region': 'us-east1',
			'Mcp-Param-Priority': '-7'
		});
		expect(mcpParamHeaders(customHeadersTool, undefined)).toEqual({});
		expect(mcpParamHeaders(undefined, { region: 'x' })).toEqual({});
	});

	it('reads nested properties at their exact path, never through arrays', () => {
		const schema = {
			type: 'object',
			properties: {
				target: {
					type: 'object',
					properties: { zone: { type: 'string', 'x-mcp-header': 'Zone' } }
				}
			}
		};
		expect(mcpParamHeaders(schema, { target: { zone: 'eu-1' } })).toEqual({
			'Mcp-Param-Zone': 'eu-1'
		});
		expect(mcpParamHeaders(schema, { target: [{ zone: 'eu-1' }] })).toEqual({});
		expect(mcpParamHeaders(schema, { zone: 'eu-1' })).toEqual({});
	});

	it('does not mirror objects or arrays passed for a primitive parameter', () => {
		expect(mcpParamHeaders(customHeadersTool, { region: { a: 1 }, priority: [1] })).toEqual({});
	});
});

/** The invalid tools of the conformance scenario http-invalid-tool-headers. */
const invalidTools: Record<string, Record<string, unknown>> = {
	empty: { value: { type: 'string', 'x-mcp-header': '' } },
	object: { data: { type: 'object', 'x-mcp-header': 'Data' } },
	array: { items: { type: 'array', items: { type: 'string' }, 'x-mcp-header': 'Items' } },
	null: { nil: { type: 'null', 'x-mcp-header': 'Nil' } },
	number: { score: { type: 'number', 'x-mcp-header': 'Score' } },
	duplicateSameCase: {
		field1: { type: 'string', 'x-mcp-header': 'Region' },
		field2: { type: 'string', 'x-mcp-header': 'Region' }
	},
	duplicateDiffCase: {
		field1: { type: 'string', 'x-mcp-header': 'MyField' },
		field2: { type: 'string', 'x-mcp-header': 'myfield' }
	},
	space: { value: { type: 'string', 'x-mcp-header': 'My Region' } },
	colon: { value: { type: 'string', 'x-mcp-header': 'Region:Primary' } },
	nonAscii: { value: { type: 'string', 'x-mcp-header': 'Région' } },
	controlChar: { value: { type: 'string', 'x-mcp-header': 'Region\t1' } },
	notString: { value: { type: 'string', 'x-mcp-header': 42 } },
	noType: { value: { 'x-mcp-header': 'Value' } }
};

describe('toolHeaderAnnotationProblem', () => {
	it('accepts valid, nullable and unannotated tools', () => {
		expect(toolHeaderAnnotationProblem({ inputSchema: customHeadersTool })).toBeUndefined();
		expect(toolHeaderAnnotationProblem({})).toBeUndefined();
		expect(
			toolHeaderAnnotationProblem({
				inputSchema: {
					type: 'object',
					properties: { r: { type: ['string', 'null'], 'x-mcp-header': 'R' } }
				}
			})
		).toBeUndefined();
	});

	it.each(Object.entries(invalidTools))('rejects the %s case with a reason', (_, properties) => {
		const problem = toolHeaderAnnotationProblem({ inputSchema: { type: 'object', properties } });
		expect(problem).toMatch(/x-mcp-header/);
	});

	it('names the duplicate pair and the offending type', () => {
		const dup = { type: 'object', properties: invalidTools.duplicateDiffCase };
		expect(toolHeaderAnnotationProblem({ inputSchema: dup })).toContain('"field1"');
		const num = { type: 'object', properties: invalidTools.number };
		expect(toolHeaderAnnotationProblem({ inputSchema: num })).toContain('"number"');
	});

	it.each([
		['items', { list: { type: 'array', items: { type: 'string', 'x-mcp-header': 'L' } } }],
		['oneOf', { v: { oneOf: [{ type: 'string', 'x-mcp-header': 'V' }] } }],
		['if/then', { v: { if: {}, then: { type: 'string', 'x-mcp-header': 'V' } } }],
		['not', { v: { not: { type: 'string', 'x-mcp-header': 'V' } } }]
	])('rejects an annotation under %s (not statically reachable)', (_, properties) => {
		const problem = toolHeaderAnnotationProblem({ inputSchema: { type: 'object', properties } });
		expect(problem).toMatch(/not reachable/);
	});

	it('rejects annotations in $defs and at the root, but ignores data keywords', () => {
		const defs = {
			type: 'object',
			$defs: { r: { type: 'string', 'x-mcp-header': 'R' } },
			properties: { r: { $ref: '#/$defs/r' } }
		};
		expect(toolHeaderAnnotationProblem({ inputSchema: defs })).toMatch(/\$defs\/r/);
		expect(toolHeaderAnnotationProblem({ inputSchema: { 'x-mcp-header': 'Root' } })).toMatch(
			/root/
		);
		const data = {
			type: 'object',
			properties: { o: { type: 'object', default: { 'x-mcp-header': 'not an annotation' } } }
		};
		expect(toolHeaderAnnotationProblem({ inputSchema: data })).toBeUndefined();
	});

	it('treats a property literally named x-mcp-header as a property', () => {
		const schema = { type: 'object', properties: { 'x-mcp-header': { type: 'string' } } };
		expect(toolHeaderAnnotationProblem({ inputSchema: schema })).toBeUndefined();
	});
});

describe('standardMcpHeaders', () => {
	const call = (method: string, params?: Record<string, unknown>) =>
		({ jsonrpc: '2.0', id: 1, method, params }) as const;

	it('adds Mcp-Method everywhere and Mcp-Name for the three named methods (modern)', () => {
		expect(standardMcpHeaders(call('tools/list'), 'modern')).toEqual({
			'Mcp-Method': 'tools/list'
		});
		expect(
			standardMcpHeaders(call('tools/call', { name: 'my-hyphenated-tool' }), 'modern')
		).toEqual({
			'Mcp-Method': 'tools/call',
			'Mcp-Name': 'my-hyphenated-tool'
		});
		expect(standardMcpHeaders(call('prompts/get', { name: 'p' }), 'modern')['Mcp-Name']).toBe('p');
		expect(
			standardMcpHeaders(
				call('resources/read', { uri: 'file:///path/to/file%20name.txt' }),
				'modern'
			)
		).toEqual({ 'Mcp-Method': 'resources/read', 'Mcp-Name': 'file:///path/to/file%20name.txt' });
		expect(
			standardMcpHeaders({ jsonrpc: '2.0', method: 'notifications/initialized' }, 'modern')
		).toEqual({ 'Mcp-Method': 'notifications/initialized' });
	});

	it('encodes a non-ASCII name and sends nothing in the legacy era or for responses', () => {
		expect(
			standardMcpHeaders(call('tools/call', { name: 'wetter-für-münchen' }), 'modern')['Mcp-Name']
		).toBe(encodeHeaderValue('wetter-für-münchen'));
		expect(standardMcpHeaders(call('tools/call', { name: 'x' }), 'legacy')).toEqual({});
		expect(standardMcpHeaders({ jsonrpc: '2.0', id: 1, result: {} }, 'modern')).toEqual({});
	});
});
