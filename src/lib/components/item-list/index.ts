export { default as ItemList } from './ItemList.svelte';
