export { default as ServerOverview } from './ServerOverview.svelte';
