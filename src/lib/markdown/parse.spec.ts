import { describe, expect, it } from 'vitest';
import { render } from 'svelte/server';
import Markdown from './Markdown.svelte';
import { parseInline, parseMarkdown, safeHref, type Block, type Inline } from './parse';

/** The rendered HTML of untrusted Markdown, as the page would get it. */
function html(source: string): string {
	// Without Svelte's hydration markers, so assertions read like the DOM.
	return render(Markdown, { props: { source } }).body.replace(/<!--[^]*?-->/g, '');
}

/** Every anchor's attributes in rendered HTML. */
function anchors(markup: string): string[] {
	return [...markup.matchAll(/<a\b([^>]*)>/g)].map((m) => m[1] ?? '');
}

describe('safeHref', () => {
	it('keeps http, https and mailto', () => {
		expect(safeHref('https://example.com/a?b=1')).toBe('https://example.com/a?b=1');
		expect(safeHref('http://example.com')).toBe('http://example.com/');
		expect(safeHref('mailto:me@example.com')).toBe('mailto:me@example.com');
	});

	it.each([
		'javascript:alert(1)',
		' JavaScript:alert(1)',
		'java\tscript:alert(1)',
		'data:text/html,<script>alert(1)</script>',
		'vbscript:msgbox(1)',
		'file:///etc/passwd',
		'/relative/path',
		'not a url'
	])('refuses %j', (href) => {
		expect(safeHref(href)).toBeUndefined();
	});
});

describe('parseInline', () => {
	it('nests emphasis inside strong and the other way round', () => {
		expect(parseInline('**bold *and italic* text**')).toEqual<Inline[]>([
			{
				type: 'strong',
				children: [
					{ type: 'text', text: 'bold ' },
					{ type: 'em', children: [{ type: 'text', text: 'and italic' }] },
					{ type: 'text', text: ' text' }
				]
			}
		]);
		expect(parseInline('*a **b** c*')).toEqual(parseInline('_a __b__ c_'));
		expect(parseInline('_a __b__ c_')).toEqual<Inline[]>([
			{
				type: 'em',
				children: [
					{ type: 'text', text: 'a ' },
					{ type: 'strong', children: [{ type: 'text', text: 'b' }] },
					{ type: 'text', text: ' c' }
				]
			}
		]);
	});

	it('keeps code spans literal (no emphasis, no links inside)', () => {
		expect(parseInline('`**not bold** [x](https://a.b)`')).toEqual<Inline[]>([
			{ type: 'code', text: '**not bold** [x](https://a.b)' }
		]);
	});

	it('stops nesting at a bounded depth (a hostile input cannot recurse without end)', () => {
		const deep = '*'.repeat(40) + 'x' + '*'.repeat(40);
		expect(() => parseInline(deep)).not.toThrow();
		let depth = 0;
		let nodes = parseInline('*_*_*_*_*_x_*_*_*_*_*');
		while (nodes[0] && 'children' in nodes[0]) {
			nodes = nodes[0].children;
			depth++;
		}
		expect(depth).toBeLessThanOrEqual(6);
	});

	it('turns links with unsafe schemes into plain (href-less) links', () => {
		const [link] = parseInline('[click](javascript:alert(1))');
		expect(link).toMatchObject({ type: 'link', href: undefined });
		expect(parseInline('see https://example.com/x.')[1]).toMatchObject({
			type: 'link',
			href: 'https://example.com/x.'
		});
	});
});

describe('parseMarkdown', () => {
	it('reads headings, fenced code with its language, quotes, lists and rules', () => {
		const source = [
			'# Title',
			'',
			'```js',
			'const a = "<b>";',
			'# not a heading',
			'```',
			'> quoted *text*',
			'',
			'- one',
			'- two',
			'  continued',
			'',
			'1. first',
			'2. second',
			'',
			'---'
		].join('\n');
		const blocks = parseMarkdown(source);
		expect(blocks.map((b) => b.type)).toEqual(['heading', 'code', 'quote', 'list', 'list', 'rule']);
		expect(blocks[1]).toEqual<Block>({
			type: 'code',
			lang: 'js',
			text: 'const a = "<b>";\n# not a heading'
		});
		const [, , , bullets, numbered] = blocks;
		expect(bullets).toMatchObject({ ordered: false, items: [[{ type: 'paragraph' }], [{}]] });
		expect(JSON.stringify(bullets)).toContain('continued');
		expect(numbered).toMatchObject({ ordered: true });
	});

	it('normalises CRLF and keeps an unterminated fence as code to the end', () => {
		const blocks = parseMarkdown('text\r\n```\r\nline 1\r\nline 2');
		expect(blocks[1]).toEqual<Block>({ type: 'code', lang: '', text: 'line 1\nline 2' });
	});
});

describe('Markdown rendering of hostile input', () => {
	it('renders raw HTML as text, never as markup', () => {
		const out = html('Hello <script>alert(1)</script> <img src=x onerror=alert(1)> <b>bold</b>');
		expect(out).not.toMatch(/<script|<img|<b>/i);
		expect(out).toContain('&lt;script>alert(1)&lt;/script>');
		expect(out).toContain('&lt;img src=x onerror=alert(1)>');
	});

	it('renders no javascript: or data: link, and says why', () => {
		const out = html(
			'[a](javascript:alert(1)) [b](data:text/html;base64,PHNjcmlwdD4=) [c](JAVASCRIPT:x)'
		);
		expect(anchors(out)).toEqual([]);
		expect(out).not.toMatch(/href=/);
		expect(out).toContain('unsafe-link');
	});

	it('opens safe links in a new tab with rel="noopener noreferrer"', () => {
		const out = html('[docs](https://example.com/docs) and https://example.org');
		const found = anchors(out);
		expect(found).toHaveLength(2);
		for (const attrs of found) {
			expect(attrs).toMatch(/target="_blank"/);
			expect(attrs).toMatch(/rel="[^"]*noopener[^"]*"/);
			expect(attrs).toMatch(/rel="[^"]*noreferrer[^"]*"/);
		}
		expect(found[0]).toContain('href="https://example.com/docs"');
	});

	it('escapes quotes in a link target so it cannot break out of the attribute', () => {
		const out = html('[x](https://example.com/"onmouseover="alert(1))');
		for (const attrs of anchors(out)) expect(attrs).not.toMatch(/\sonmouseover=/i);
	});

	it('renders code blocks as escaped text inside <pre><code>', () => {
		const out = html('```html\n<script>alert(1)</script>\n```');
		expect(out).toMatch(/<pre><code>&lt;script>alert\(1\)&lt;\/script><\/code><\/pre>/);
	});

	it('renders nested emphasis as nested elements', () => {
		expect(html('**a *b* c**')).toMatch(/<strong>a <em>b<\/em> c<\/strong>/);
	});
});
