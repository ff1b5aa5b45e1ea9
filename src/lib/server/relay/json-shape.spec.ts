import { describe, expect, it } from 'vitest';
import { looksLikeJsonObject } from './session.js';

describe('looksLikeJsonObject (the relay’s cheap stdout shape test)', () => {
	it('accepts object-shaped lines, with blanks around them', () => {
		expect(looksLikeJsonObject('{"jsonrpc":"2.0","id":1,"result":{}}')).toBe(true);
		expect(looksLikeJsonObject('  \t{"a":1}\r ')).toBe(true);
		expect(looksLikeJsonObject('{}')).toBe(true);
	});

	it('flags everything else', () => {
		for (const line of ['', '   ', '{', '}', 'hello', '[1]', '{"a":1} trailing', 'x{}', '\uFEFF{}'])
			expect(looksLikeJsonObject(line), JSON.stringify(line)).toBe(false);
	});
});
