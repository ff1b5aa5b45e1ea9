export { default as ClientPanel } from './ClientPanel.svelte';
export { default as RequestDialog } from './RequestDialog.svelte';
export { default as RootsEditor } from './RootsEditor.svelte';
