/**
 * The widget's fetch: never sends cookies or HTTP auth the browser holds for the target server
 * (`credentials: 'omit'`) and never a Referer (the embedding page's URL is none of the server's
 * business). The widget has no stored secrets either, so the only credentials a server can see
 * are ones typed into this page view.
 */
export const embedFetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> =>
	fetch(input, { ...init, credentials: 'omit', referrerPolicy: 'no-referrer' });
