export { default as Markdown } from './Markdown.svelte';
export { parseMarkdown, parseInline, safeHref, type Block, type Inline } from './parse';
