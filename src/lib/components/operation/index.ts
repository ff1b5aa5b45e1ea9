export { default as RunStatus } from './RunStatus.svelte';
