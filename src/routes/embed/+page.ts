// No SvelteKit client on this page: the widget boots from its own bundle (see +page.svelte).
export const csr = false;
