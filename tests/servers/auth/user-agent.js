// @ts-check
/**
 * A scripted "browser" for Node tests: follows the authorization server's redirects with a
 * cookie jar, signs in through the real login form and presses Allow (or Deny) on the consent
 * form, and stops at the client's redirect URI. Used as `OAuthClientOptions.authorize`.
 */
import { TEST_USER } from './interactions.js';

/**
 * @param {{ redirectUri: string, consent?: 'allow' | 'deny', user?: typeof TEST_USER }} opts
 */
export function scriptedUserAgent(opts) {
	/** @type {Map<string, string>} */
	const cookies = new Map();
	/** @type {string[]} pages the user saw (for assertions: "consent was shown twice") */
	const pagesSeen = [];

	/** @param {Response} response */
	const keepCookies = (response) => {
		for (const line of response.headers.getSetCookie()) {
			const [pair = ''] = line.split(';');
			const at = pair.indexOf('=');
			cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1));
		}
	};

	/**
	 * @param {string} url
	 * @param {RequestInit} [init]
	 */
	const request = async (url, init = {}) => {
		const headers = new Headers(init.headers);
		if (cookies.size) headers.set('cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '));
		const response = await fetch(url, { ...init, headers, redirect: 'manual' });
		keepCookies(response);
		return response;
	};

	/** @param {string} url @param {URLSearchParams} form */
	const post = (url, form) =>
		request(url, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: form
		});

	/**
	 * Answers whatever page the server shows, returns the next response.
	 * @param {string} url
	 * @param {string} html
	 */
	const answer = async (url, html) => {
		if (html.includes('/login"')) {
			pagesSeen.push('login');
			const user = opts.user ?? TEST_USER;
			return post(`${url}/login`, new URLSearchParams(user));
		}
		if (html.includes('/confirm"')) {
			pagesSeen.push('consent');
			return post(`${url}/${opts.consent === 'deny' ? 'abort' : 'confirm'}`, new URLSearchParams());
		}
		throw new Error(`Unexpected page at ${url}: ${html.slice(0, 300)}`);
	};

	/** @param {string} authorizationUrl @returns {Promise<string>} the callback URL */
	const authorize = async (authorizationUrl) => {
		let response = await request(authorizationUrl);
		let url = authorizationUrl;
		for (let hops = 0; hops < 20; hops++) {
			const location = response.headers.get('location');
			if (location) {
				url = new URL(location, url).href;
				if (url.startsWith(opts.redirectUri)) return url;
				response = await request(url);
			} else if (response.status === 200) {
				response = await answer(url, await response.text());
			} else {
				throw new Error(
					`Authorization server answered ${response.status} at ${url}: ${await response.text()}`
				);
			}
		}
		throw new Error('Too many redirects during authorization');
	};

	return { authorize, pagesSeen };
}
