// The auth debugger page runs entirely in the browser (tokens stay in the page).
export const ssr = false;
