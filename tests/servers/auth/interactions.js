// @ts-check
/**
 * The authorization server's interactive pages: a login form (user `alice`, password
 * `wonderland`) and a consent form listing the scopes asked for each resource, with Allow and
 * Deny. Real HTML forms posting back to oidc-provider's interaction API, as a user would see them.
 * Everything a client registered (its name) is HTML-escaped.
 */

export const TEST_USER = { username: 'alice', password: 'wonderland' };

/** @param {unknown} value */
function escapeHtml(value) {
	return String(value).replace(
		/[&<>"']/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c
	);
}

/**
 * @param {string} title
 * @param {string} body
 */
function page(title, body) {
	return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

/**
 * @param {string} uid
 * @param {string} [error]
 */
function loginPage(uid, error) {
	return page(
		'Sign in',
		`${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<label>Username <input name="username" autocomplete="username" required></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button>
</form>`
	);
}

/**
 * @param {string} uid
 * @param {string} clientName
 * @param {Record<string, string[]>} resourceScopes
 */
function consentPage(uid, clientName, resourceScopes) {
	const items = Object.entries(resourceScopes)
		.map(
			([resource, scopes]) =>
				`<li><code>${escapeHtml(resource)}</code>: ${scopes.map((s) => `<code data-scope="${escapeHtml(s)}">${escapeHtml(s)}</code>`).join(' ')}</li>`
		)
		.join('');
	return page(
		'Authorize access',
		`<p><strong>${escapeHtml(clientName)}</strong> asks for access:</p><ul>${items || '<li>(no new scopes)</li>'}</ul>
<form method="post" action="/interaction/${escapeHtml(uid)}/confirm"><button type="submit">Allow</button></form>
<form method="post" action="/interaction/${escapeHtml(uid)}/abort"><button type="submit">Deny</button></form>`
	);
}

/** @param {import('node:http').IncomingMessage} req */
async function formBody(req) {
	let text = '';
	for await (const chunk of req) text += chunk;
	return new URLSearchParams(text);
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {string} html
 */
function sendHtml(res, html) {
	res.writeHead(200, {
		'content-type': 'text/html; charset=utf-8',
		'cache-control': 'no-store',
		'content-security-policy': "default-src 'none'; form-action 'self' http://127.0.0.1:*"
	});
	res.end(html);
}

/**
 * @param {any} provider
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
async function confirm(provider, req, res) {
	const details = await provider.interactionDetails(req, res);
	const { prompt, params, session } = details;
	const accountId = session?.accountId;
	if (!accountId) throw new Error('consent without a signed-in user');
	const grant = details.grantId
		? await provider.Grant.find(details.grantId)
		: new provider.Grant({ accountId, clientId: String(params.client_id) });
	if (!grant) throw new Error('the grant of this interaction is gone');
	const missing = /** @type {Record<string, any>} */ (prompt.details);
	if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
	if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
	for (const [indicator, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
		grant.addResourceScope(indicator, /** @type {string[]} */ (scopes).join(' '));
	}
	const grantId = await grant.save();
	const consent = details.grantId ? {} : { grantId };
	await provider.interactionFinished(req, res, { consent }, { mergeWithLastSubmission: true });
}

/**
 * Serves `/interaction/:uid` (GET: login or consent page) and its form posts.
 * @param {any} provider
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
export async function handleInteraction(provider, req, res) {
	const [, , uid = '', action] = new URL(req.url ?? '/', 'http://x').pathname.split('/');
	if (req.method === 'GET' && !action) {
		const { prompt, params } = await provider.interactionDetails(req, res);
		if (prompt.name === 'login') return sendHtml(res, loginPage(uid));
		const client = await provider.Client.find(String(params.client_id));
		const missing = /** @type {Record<string, any>} */ (prompt.details);
		return sendHtml(
			res,
			consentPage(uid, client?.clientName ?? String(params.client_id), {
				...(missing.missingResourceScopes ?? {})
			})
		);
	}
	if (req.method !== 'POST') return void res.writeHead(405).end();
	if (action === 'login') {
		const form = await formBody(req);
		const ok =
			form.get('username') === TEST_USER.username && form.get('password') === TEST_USER.password;
		if (!ok) return sendHtml(res, loginPage(uid, 'Wrong username or password.'));
		return provider.interactionFinished(
			req,
			res,
			{ login: { accountId: TEST_USER.username } },
			{ mergeWithLastSubmission: false }
		);
	}
	if (action === 'confirm') return confirm(provider, req, res);
	if (action === 'abort') {
		return provider.interactionFinished(
			req,
			res,
			{ error: 'access_denied', error_description: 'The user denied access.' },
			{ mergeWithLastSubmission: false }
		);
	}
	res.writeHead(404).end();
}
