export { default as Tabs, type TabItem } from './Tabs.svelte';
