export { default as ToolsPanel } from './ToolsPanel.svelte';
export { default as ToolDetail } from './ToolDetail.svelte';
export { default as ToolResultView } from './ToolResultView.svelte';
