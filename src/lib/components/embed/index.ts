export { default as EmbedWidget } from './EmbedWidget.svelte';
export { default as EmbedWire } from './EmbedWire.svelte';
export { default as EmbedFrame } from './EmbedFrame.svelte';
export { default as EmbedThis } from './EmbedThis.svelte';
