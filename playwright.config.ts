import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './tests/chromium-args.js';

/**
 * End-to-end tests drive the *built* app (adapter-node output in build/) in the system's
 * Chromium. Playwright never downloads a browser here: set CHROMIUM_PATH to override
 * /usr/bin/chromium.
 */
const port = Number(process.env.E2E_PORT ?? 4319);

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.test.ts',
	fullyParallel: false,
	workers: 1,
	retries: 0,
	timeout: 60_000,
	reporter: process.env.CI ? [['list']] : [['list']],
	use: {
		baseURL: `http://127.0.0.1:${port}`,
		trace: 'retain-on-failure',
		launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS }
	},
	webServer: {
		command: `npm run build && node src/cli/start.js --port ${port} --no-open --print-token-file test-results/.token`,
		url: `http://127.0.0.1:${port}/`,
		reuseExistingServer: false,
		timeout: 180_000,
		stdout: 'pipe'
	}
});
