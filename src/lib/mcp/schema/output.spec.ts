import { describe, expect, it, vi } from 'vitest';
import { elicitationDefaults } from './elicitation.js';
import { draftOf, validateAgainst, validateToolResult } from './output.js';
import type { Tool } from '../types.js';

const tool: Tool = {
	name: 'weather',
	inputSchema: { type: 'object' },
	outputSchema: {
		type: 'object',
		$defs: { temp: { type: 'number', minimum: -100 } },
		properties: { temp: { $ref: '#/$defs/temp' }, city: { type: 'string' } },
		required: ['temp']
	}
};

describe('structuredContent validation', () => {
	it('accepts conforming content and resolves same-document $refs', () => {
		expect(validateToolResult(tool, { content: [], structuredContent: { temp: 21 } })).toEqual({
			valid: true,
			errors: []
		});
	});

	it('reports where content breaks the schema', () => {
		const outcome = validateToolResult(tool, { content: [], structuredContent: { temp: 'hot' } });
		expect(outcome.valid).toBe(false);
		expect(outcome.errors.join('\n')).toMatch(/\/temp/);
	});

	it('requires structuredContent when an outputSchema exists, except for error results', () => {
		expect(validateToolResult(tool, { content: [] }).errors[0]).toMatch(/no structuredContent/);
		expect(validateToolResult(tool, { content: [], isError: true }).valid).toBe(true);
	});

	it('never fetches a network $ref', () => {
		const fetchSpy = vi.spyOn(globalThis, 'fetch');
		const schema = { type: 'object', properties: { p: { $ref: 'https://example.com/s.json' } } };
		const outcome = validateAgainst(schema, { p: 1 });
		expect(outcome.valid).toBe(false);
		expect(outcome.errors[0]).toMatch(/never fetched/);
		expect(fetchSpy).not.toHaveBeenCalled();
		fetchSpy.mockRestore();
	});

	it('honours $schema and defaults to 2020-12', () => {
		expect(draftOf({})).toBe('2020-12');
		expect(draftOf({ $schema: 'http://json-schema.org/draft-07/schema#' })).toBe('7');
	});
});

describe('elicitationDefaults', () => {
	it('takes well-typed defaults and ignores mistyped ones', () => {
		const defaults = elicitationDefaults({
			type: 'object',
			properties: {
				name: { type: 'string', default: 'John Doe' },
				age: { type: 'integer', default: 30 },
				score: { type: 'number', default: 95.5 },
				ok: { type: 'boolean', default: true },
				tags: { type: 'array', items: { type: 'string', enum: ['a'] }, default: ['a'] },
				wrong: { type: 'integer', default: 1.5 },
				none: { type: 'string' }
			}
		});
		expect(defaults).toEqual({ name: 'John Doe', age: 30, score: 95.5, ok: true, tags: ['a'] });
	});
});
