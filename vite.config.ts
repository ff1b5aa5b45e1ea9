import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	test: {
		include: [
			'src/**/*.spec.ts',
			'tests/integration/**/*.spec.ts',
			'tests/conformance/**/*.spec.ts',
			'tests/lint/**/*.spec.ts'
		],
		environment: 'node',
		testTimeout: 20_000,
		hookTimeout: 30_000
	}
});
