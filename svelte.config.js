import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		adapter: adapter({ out: 'build' }),
		// SvelteKit nonces its inline bootstrap script; src/lib/server/headers.ts (hooks) merges
		// that into the full policy (connect-src, frame-ancestors per route, …).
		csp: {
			mode: 'auto',
			directives: { 'script-src': ['self'], 'style-src': ['self', 'unsafe-inline'] }
		}
	}
};

export default config;
