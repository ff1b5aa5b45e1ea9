/**
 * A small Markdown subset parsed into a plain tree that Svelte renders node by node — never
 * into an HTML string. Raw HTML in the source stays literal text, so nothing a server writes can
 * become markup. Supported: headings, paragraphs, fenced code, block quotes, lists, rules,
 * and inline code, emphasis, strong and links (http/https/mailto only, see `safeHref`).
 */
export type Inline =
	| { type: 'text'; text: string }
	| { type: 'code'; text: string }
	| { type: 'em' | 'strong'; children: Inline[] }
	| { type: 'link'; href: string | undefined; children: Inline[] }
	| { type: 'br' };

export type Block =
	| { type: 'heading'; level: number; children: Inline[] }
	| { type: 'paragraph'; children: Inline[] }
	| { type: 'code'; lang: string; text: string }
	| { type: 'quote'; children: Block[] }
	| { type: 'list'; ordered: boolean; items: Block[][] }
	| { type: 'rule' };

/** Only these schemes become clickable; anything else (javascript:, data:, vbscript:…) is text. */
export function safeHref(href: string): string | undefined {
	try {
		const url = new URL(href.trim());
		return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? url.href : undefined;
	} catch {
		return undefined;
	}
}

// Emphasis may contain strong of the same marker (`*a **b** c*`): its body is plain characters
// or whole `**…**` runs, and its closing marker is not the start of another pair.
const INLINE =
	/`([^`]+)`|\*\*(.+?)\*\*|__(.+?)__|\*((?:\*\*[^*]+?\*\*|[^*])+?)\*(?!\*)|_((?:__[^_]+?__|[^_])+?)_(?!_)|\[([^\]]*)\]\(([^)\s]+)\)|(https?:\/\/[^\s<>()]+)|( {2,}\n|\\\n)/s;

export function parseInline(text: string, depth = 0): Inline[] {
	const out: Inline[] = [];
	let rest = text;
	while (rest) {
		const m = depth > 4 ? null : INLINE.exec(rest);
		if (!m) {
			out.push({ type: 'text', text: rest });
			break;
		}
		if (m.index > 0) out.push({ type: 'text', text: rest.slice(0, m.index) });
		out.push(inlineFor(m, depth));
		rest = rest.slice(m.index + m[0].length);
	}
	return out;
}

function inlineFor(m: RegExpExecArray, depth: number): Inline {
	if (m[1] !== undefined) return { type: 'code', text: m[1] };
	if (m[2] !== undefined || m[3] !== undefined)
		return { type: 'strong', children: parseInline(m[2] ?? m[3] ?? '', depth + 1) };
	if (m[4] !== undefined || m[5] !== undefined)
		return { type: 'em', children: parseInline(m[4] ?? m[5] ?? '', depth + 1) };
	if (m[7] !== undefined)
		return { type: 'link', href: safeHref(m[7]), children: parseInline(m[6] ?? '', depth + 1) };
	if (m[8] !== undefined)
		return { type: 'link', href: safeHref(m[8]), children: [{ type: 'text', text: m[8] }] };
	return { type: 'br' };
}

const LIST_ITEM = /^(\s*)([-*+]|\d{1,9}[.)])\s+(.*)$/;

/** Parses Markdown into blocks. Input is capped by the caller (large text is not rendered). */
export function parseMarkdown(source: string, depth = 0): Block[] {
	const lines = source.replace(/\r\n?/g, '\n').split('\n');
	const blocks: Block[] = [];
	let i = 0;
	while (i < lines.length) {
		const line = lines[i] ?? '';
		if (!line.trim()) {
			i++;
			continue;
		}
		const [block, next] = parseBlock(lines, i, depth);
		blocks.push(block);
		i = next;
	}
	return blocks;
}

function parseBlock(lines: string[], i: number, depth: number): [Block, number] {
	const line = lines[i] ?? '';
	const fence = /^\s*(```|~~~)\s*([\w+-]*)/.exec(line);
	if (fence) return parseFence(lines, i, fence[1] ?? '```', fence[2] ?? '');
	const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
	if (heading)
		return [
			{ type: 'heading', level: heading[1]!.length, children: parseInline(heading[2] ?? '') },
			i + 1
		];
	if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) return [{ type: 'rule' }, i + 1];
	if (/^\s*>/.test(line) && depth < 8) {
		const quoted: string[] = [];
		while (i < lines.length && /^\s*>/.test(lines[i] ?? ''))
			quoted.push((lines[i++] ?? '').replace(/^\s*> ?/, ''));
		return [{ type: 'quote', children: parseMarkdown(quoted.join('\n'), depth + 1) }, i];
	}
	if (LIST_ITEM.test(line) && depth < 8) return parseList(lines, i, depth);
	const para: string[] = [];
	while (i < lines.length && (lines[i] ?? '').trim() && !startsBlock(lines[i] ?? ''))
		para.push(lines[i++] ?? '');
	if (!para.length) para.push(lines[i++] ?? '');
	return [{ type: 'paragraph', children: parseInline(para.join('\n')) }, i];
}

function startsBlock(line: string): boolean {
	return /^\s*(```|~~~|#{1,6}\s|>)/.test(line) || LIST_ITEM.test(line);
}

function parseFence(lines: string[], i: number, marker: string, lang: string): [Block, number] {
	const body: string[] = [];
	let j = i + 1;
	while (j < lines.length && !(lines[j] ?? '').trim().startsWith(marker))
		body.push(lines[j++] ?? '');
	return [{ type: 'code', lang, text: body.join('\n') }, j + 1];
}

function parseList(lines: string[], i: number, depth: number): [Block, number] {
	const first = LIST_ITEM.exec(lines[i] ?? '');
	const ordered = /\d/.test(first?.[2] ?? '');
	const indent = first?.[1]?.length ?? 0;
	const items: string[][] = [];
	while (i < lines.length) {
		const line = lines[i] ?? '';
		const m = LIST_ITEM.exec(line);
		if (m && (m[1]?.length ?? 0) <= indent) items.push([m[3] ?? '']);
		else if (line.trim() && /^\s/.test(line) && items.length)
			items[items.length - 1]!.push(
				line.slice(Math.min(indent + 2, line.length - line.trimStart().length))
			);
		else break;
		i++;
	}
	return [
		{ type: 'list', ordered, items: items.map((it) => parseMarkdown(it.join('\n'), depth + 1)) },
		i
	];
}
