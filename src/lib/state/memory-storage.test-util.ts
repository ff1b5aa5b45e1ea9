/**
 * A Web Storage kept in memory, for specs of the code that persists to localStorage/sessionStorage
 * (Node has neither). `dump()` returns every key=value written, so a test can search all of it.
 */
export function memoryStorage(): Storage & { dump(): string } {
	const data = new Map<string, string>();
	return {
		get length() {
			return data.size;
		},
		clear: () => data.clear(),
		getItem: (k) => data.get(k) ?? null,
		key: (i) => [...data.keys()][i] ?? null,
		removeItem: (k) => void data.delete(k),
		setItem: (k, v) => void data.set(k, String(v)),
		dump: () => [...data.entries()].map(([k, v]) => `${k}=${v}`).join('\n')
	};
}
