export { default as AuthDebugger } from './AuthDebugger.svelte';
export { default as AuthExchange } from './AuthExchange.svelte';
export { default as AuthPanel } from './AuthPanel.svelte';
