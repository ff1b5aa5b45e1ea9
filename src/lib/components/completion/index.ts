export { default as CompletingInput } from './CompletingInput.svelte';
