export { default as PromptsPanel } from './PromptsPanel.svelte';
