// @ts-check
/**
 * Where the embed's browser entry (boot.ts) is served: the built bundle's entry, at a fixed
 * path the server-rendered page can name (its chunks are hashed under _app/immutable/embed/),
 * or the source module under `vite dev`. Plain JS so the build plugin (src/build/embed-bundle.ts)
 * can import it as is.
 */
export const EMBED_BOOT_FILE = '_app/embed.js';
export const EMBED_BOOT_DEV = '/src/lib/embed/boot.ts';
