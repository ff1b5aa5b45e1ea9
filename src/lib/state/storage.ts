/**
 * Guarded Web Storage access: storage can be missing (SSR), full, or disabled (privacy modes,
 * sandboxed iframes), and none of that should break the page.
 */
export function readJson<T>(storage: 'local' | 'session', key: string, fallback: T): T {
	try {
		const area = storage === 'local' ? globalThis.localStorage : globalThis.sessionStorage;
		const text = area?.getItem(key);
		return text ? (JSON.parse(text) as T) : fallback;
	} catch {
		return fallback;
	}
}

export function writeJson(storage: 'local' | 'session', key: string, value: unknown): boolean {
	try {
		const area = storage === 'local' ? globalThis.localStorage : globalThis.sessionStorage;
		if (!area) return false;
		if (value === undefined) area.removeItem(key);
		else area.setItem(key, JSON.stringify(value));
		return true;
	} catch {
		return false;
	}
}
