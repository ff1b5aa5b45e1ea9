export { default as StdioConsole } from './StdioConsole.svelte';
export { default as StdioProcess } from './StdioProcess.svelte';
