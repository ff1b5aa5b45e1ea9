/**
 * User preferences that survive reloads: theme and a few view choices. Applied to the document
 * as `data-theme` so CSS custom properties can switch without re-rendering anything.
 */
import { readJson, writeJson } from './storage';

export type ThemeChoice = 'system' | 'light' | 'dark';
const KEY = 'mcp-playground:settings';

interface Stored {
	theme?: ThemeChoice;
	wireOpen?: boolean;
}

export class Settings {
	theme = $state<ThemeChoice>('system');
	wireOpen = $state(true);

	/** Loads stored preferences (browser only) and applies the theme. */
	load(): void {
		const stored = readJson<Stored>('local', KEY, {});
		if (stored.theme === 'light' || stored.theme === 'dark') this.theme = stored.theme;
		if (typeof stored.wireOpen === 'boolean') this.wireOpen = stored.wireOpen;
		this.apply();
	}

	/** The theme actually shown, resolving `system` through prefers-color-scheme. */
	get effectiveTheme(): 'light' | 'dark' {
		if (this.theme !== 'system') return this.theme;
		const dark = globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches;
		return dark ? 'dark' : 'light';
	}

	/** Cycles system → light → dark → system. */
	toggleTheme(): void {
		const order: ThemeChoice[] = ['system', 'light', 'dark'];
		this.theme = order[(order.indexOf(this.theme) + 1) % order.length] ?? 'system';
		this.save();
	}

	setWireOpen(open: boolean): void {
		this.wireOpen = open;
		this.save();
	}

	apply(): void {
		if (typeof document === 'undefined') return;
		const root = document.documentElement;
		if (this.theme === 'system') delete root.dataset.theme;
		else root.dataset.theme = this.theme;
	}

	save(): void {
		writeJson('local', KEY, { theme: this.theme, wireOpen: this.wireOpen } satisfies Stored);
		this.apply();
	}
}
