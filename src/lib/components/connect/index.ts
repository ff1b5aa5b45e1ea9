export { default as ConnectPanel } from './ConnectPanel.svelte';
export { default as KeyValueEditor } from './KeyValueEditor.svelte';
