/** The CORS doctor's framework-free core. */
export type * from './types.js';
export { analyzeCors, type CorsAnalysisInput } from './analyze.js';
export { connectionNeeds, accessControlRequestHeaders, H, type NeedsInput } from './needs.js';
export { fixSnippets, type FixSnippet, type Stack } from './fixes.js';
export { networkProblems, addressSpace, type AddressSpace } from './network.js';
export { diagnoseFromBrowser, type BrowserDiagnosis } from './browser.js';
export {
	observeFromBrowser,
	type BrowserObservations,
	type BrowserStep,
	type BrowserOutcome,
	type ObserveOptions
} from './observe.js';
export { headerValue, headerValues, listEntries } from './header-lists.js';
export { runDoctor, type DoctorOptions, type DoctorReport } from './doctor.js';
export { createProxyFetch, type ProxyFetchOptions } from './proxy-fetch.js';
