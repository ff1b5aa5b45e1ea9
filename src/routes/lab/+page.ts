// The lab runs entirely in the browser (token from the fragment, direct connections).
export const ssr = false;
