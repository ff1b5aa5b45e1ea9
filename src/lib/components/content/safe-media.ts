/**
 * Rules for turning server-supplied data into things the page loads. Everything a server sends
 * is untrusted: only raster images or SVG shown through <img> (where SVG cannot run script),
 * only base64 payloads, and icons only from `https:` on the server's own origin or `data:`.
 */
const IMAGE_TYPES = /^image\/(png|jpeg|gif|webp|avif|bmp|svg\+xml|x-icon|vnd\.microsoft\.icon)$/i;
const AUDIO_TYPES = /^audio\/[\w.+-]+$/i;
const BASE64 = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

export function isImageType(mime: string | undefined): boolean {
	return !!mime && IMAGE_TYPES.test(mime.trim());
}

export function isAudioType(mime: string | undefined): boolean {
	return !!mime && AUDIO_TYPES.test(mime.trim());
}

/** A data: URL for base64 image/audio content, or undefined when the content is not safe to show. */
export function mediaDataUrl(
	data: string,
	mime: string,
	kind: 'image' | 'audio'
): string | undefined {
	const ok = kind === 'image' ? isImageType(mime) : isAudioType(mime);
	if (!ok || typeof data !== 'string' || !BASE64.test(data.slice(0, 4096))) return undefined;
	return `data:${mime.trim().toLowerCase()};base64,${data.replace(/\s+/g, '')}`;
}

/**
 * An icon `src` the page may load: `data:` image URLs, or `https:` URLs on the same origin as
 * the server (CLIENT-SPEC: "only https: or data:, same origin as the server, no credentials").
 */
export function safeIconSrc(src: unknown, serverUrl: string | undefined): string | undefined {
	if (typeof src !== 'string') return undefined;
	const data = /^data:([^;,]+)(;base64)?,/i.exec(src);
	if (data) return isImageType(data[1]) ? src : undefined;
	try {
		const url = new URL(src, serverUrl || undefined);
		if (url.protocol !== 'https:' || url.username || url.password) return undefined;
		if (!serverUrl || new URL(serverUrl).origin !== url.origin) return undefined;
		return url.href;
	} catch {
		return undefined;
	}
}

/** Decodes base64 into a Blob for download (done on demand: payloads can be megabytes). */
export function base64ToBlob(data: string, mime: string | undefined): Blob {
	const binary = atob(data.replace(/\s+/g, ''));
	const bytes = new Uint8Array(binary.length);
	for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
	return new Blob([bytes], { type: safeMime(mime) });
}

/** Downloads never render: the type only names the file format, never text/html. */
export function safeMime(mime: string | undefined): string {
	return mime && /^[\w.+-]+\/[\w.+-]+$/.test(mime) && !/html|xml|javascript/i.test(mime)
		? mime
		: 'application/octet-stream';
}

/** A file name from a URI: the last path segment, stripped of anything unusual. */
export function fileNameFor(uri: string | undefined, fallback = 'download'): string {
	const last = (uri ?? '').split(/[/\\]/).filter(Boolean).pop() ?? '';
	const clean = last.replace(/[^\w.-]+/g, '_').slice(0, 80);
	return clean || fallback;
}

/** Starts a download of `blob` without navigating. */
export function downloadBlob(blob: Blob, name: string): void {
	const url = URL.createObjectURL(blob);
	const a = document.createElement('a');
	a.href = url;
	a.download = name;
	a.rel = 'noopener';
	document.body.append(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
