export { default as CorsDoctor } from './CorsDoctor.svelte';
export { default as ProblemList } from './ProblemList.svelte';
export { default as ExchangeView } from './ExchangeView.svelte';
export { default as FixSnippets } from './FixSnippets.svelte';
export { default as DoctorPanel } from './DoctorPanel.svelte';
