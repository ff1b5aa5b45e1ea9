import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		adapter: adapter({ out: 'build' }),
		// Each page's small stylesheets (SvelteKit also lists the lazy panels' CSS, to avoid a flash
		// of unstyled content) go inline: ~17 fewer requests competing with the JS modules for the
		// browser's 6 connections per host on the way to the first MCP request. 'unsafe-inline' is
		// already allowed for styles, so the CSP needs no hashes for them.
		inlineStyleThreshold: 5000,
		// SvelteKit nonces its inline bootstrap script; src/lib/server/headers.ts (hooks) merges
		// that into the full policy (connect-src, frame-ancestors per route, …).
		csp: {
			mode: 'auto',
			directives: { 'script-src': ['self'], 'style-src': ['self', 'unsafe-inline'] }
		}
	}
};

export default config;
