/**
 * The embed's browser entry: mounts EmbedPage in place of the server-rendered shell. The page
 * has `csr = false`, so SvelteKit's client (router, hydration) never loads;
 * src/build/embed-bundle.ts builds this entry as its own bundle, with only the Svelte runtime
 * the widget uses.
 */
import { mount } from 'svelte';
import EmbedPage from '$lib/components/embed/EmbedPage.svelte';

const shell = document.querySelector('main.embed-root');
const target = shell?.parentElement ?? document.body;
shell?.remove();
mount(EmbedPage, { target, props: { url: new URL(location.href) } });
