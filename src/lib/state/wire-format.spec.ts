import { describe, expect, it } from 'vitest';
import { formatCount, formatTime } from './wire-format';

describe('formatCount', () => {
	it('groups thousands with commas', () => {
		expect(formatCount(0)).toBe('0');
		expect(formatCount(999)).toBe('999');
		expect(formatCount(1000)).toBe('1,000');
		expect(formatCount(50_000)).toBe('50,000');
		expect(formatCount(1_234_567)).toBe('1,234,567');
	});

	it('matches what en-US toLocaleString printed before', () => {
		for (const n of [7, 12_345, 60_000, 100_000, 9_876_543_210])
			expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
	});

	it('keeps a negative sign and drops fractions', () => {
		expect(formatCount(-12_345)).toBe('-12,345');
		expect(formatCount(1234.9)).toBe('1,234');
	});
});

describe('formatTime', () => {
	it('prints local wall-clock time to the millisecond', () => {
		const at = new Date(2026, 11, 4, 9, 5, 7, 42).getTime();
		expect(formatTime(at)).toBe('09:05:07.042');
	});
});
