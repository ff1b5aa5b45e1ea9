/**
 * Copy-paste snippets for "Embed this": the `<iframe>` alone, and a complete HTML page that also
 * sizes the frame from `resize` messages and logs results. Attribute values are escaped: tool
 * names and arguments come from the server or the user and end up in someone's HTML.
 */
import { embedSearch, type EmbedParams } from './params';

const escapeAttr = (s: string) =>
	s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The embed URL for `params` on the playground at `base` (its origin, or any URL on it). */
export function embedUrl(base: string | URL, params: EmbedParams): string {
	const url = new URL('/embed', base);
	url.search = embedSearch(params).toString();
	return url.toString();
}

function frameTitle(params: EmbedParams): string {
	if (params.title) return params.title;
	return params.item ? `MCP ${params.item.kind}: ${params.item.name}` : 'MCP server';
}

/** Just the iframe. `referrerpolicy` keeps the docs page's URL out of the widget's requests. */
export function iframeSnippet(base: string | URL, params: EmbedParams): string {
	return [
		`<iframe src="${escapeAttr(embedUrl(base, params))}"`,
		`  title="${escapeAttr(frameTitle(params))}"`,
		`  style="width: 100%; height: 320px; border: 0"`,
		`  referrerpolicy="no-referrer" loading="lazy"></iframe>`
	].join('\n');
}

/**
 * A full page: the iframe plus a listener that checks the sender (source and origin) before
 * trusting a message — the same rule the widget applies to its parent.
 */
export function htmlExample(base: string | URL, params: EmbedParams): string {
	const widgetOrigin = new URL(base).origin;
	const json = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');
	return `<!doctype html>
<meta charset="utf-8" />
<title>${escapeAttr(frameTitle(params))}</title>
<!-- parentOrigin in the src must be this page's origin, or the widget ignores this page. -->
${iframeSnippet(base, params)}
<script>
	const frame = document.querySelector('iframe');
	const widgetOrigin = ${json(widgetOrigin)};
	addEventListener('message', (event) => {
		if (event.source !== frame.contentWindow || event.origin !== widgetOrigin) return;
		const message = event.data;
		if (message?.version !== 1) return;
		if (message.type === 'mcp-playground:resize') frame.style.height = message.height + 'px';
		if (message.type === 'mcp-playground:result') console.log('result', message.result);
		if (message.type === 'mcp-playground:error') console.warn(message.code, message.message);
	});
	// Pre-fill or run from the page (runs without a click only for readOnlyHint tools):
	// frame.contentWindow.postMessage({ type: 'mcp-playground:setArguments', version: 1, args: {} }, widgetOrigin);
</script>
`;
}
