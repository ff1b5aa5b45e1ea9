export { default as WireView } from './WireView.svelte';
export { default as WireDetail } from './WireDetail.svelte';
