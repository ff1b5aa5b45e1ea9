export { default as ContentBlockView } from './ContentBlockView.svelte';
export { default as LargeText } from './LargeText.svelte';
export { default as ResourceContentsView } from './ResourceContentsView.svelte';
export { default as SafeIcon } from './SafeIcon.svelte';
export { default as TextView } from './TextView.svelte';
export * from './safe-media';
