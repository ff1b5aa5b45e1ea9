// @ts-check
/**
 * Command-line flags for the system Chromium, shared by Playwright (playwright.config.ts) and
 * the benchmarks (tests/bench): no sandbox (root in a container), no GPU, none of Chromium's own
 * network traffic (this machine reaches only 127.0.0.1 and the package registries).
 *
 * Chromium 156's headless mode opens a real window for every browser context and preloads the
 * omnibox's WebUI popups into it: ~200 chrome:// requests and a renderer of their own per new
 * page, on the same 2 cores as the page under test. A person's browser has its omnibox loaded
 * long before they open the playground, so this is harness noise, not the page's cost: with it,
 * bench:ui measured page load → tools listed at a median 780 ms in a trace, without it 367 ms.
 */
export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-quic',
	'--no-first-run',
	'--disable-features=WebUIOmniboxPopup,WebUIOmniboxAimPopup,WebUIOmniboxFullPopup'
];

/** The system Chromium; CHROMIUM_PATH overrides it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
