import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { completePreloads } from './src/build/complete-preloads.js';
import { embedBundle } from './src/build/embed-bundle.js';
import { routeChunks } from './src/build/route-chunks.js';

export default defineConfig({
	plugins: [sveltekit(), routeChunks(), completePreloads(), embedBundle()],
	test: {
		include: [
			'src/**/*.spec.ts',
			'tests/integration/**/*.spec.ts',
			'tests/conformance/**/*.spec.ts',
			'tests/lint/**/*.spec.ts',
			'tests/build/**/*.spec.ts'
		],
		environment: 'node',
		testTimeout: 20_000,
		hookTimeout: 30_000
	}
});
