import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stdioDemoCommand } from './stdio-demo.js';

describe('stdioDemoCommand', () => {
	it("runs the installed server-everything's stdio entry with this Node", () => {
		const { command, args } = stdioDemoCommand();
		expect(command).toBe(process.execPath);
		expect(args).toHaveLength(2);
		expect(args[0]).toMatch(/server-everything[\\/]dist[\\/]index\.js$/);
		expect(existsSync(args[0]!)).toBe(true);
		expect(args[1]).toBe('stdio');
	});
});
