import { describe, expect, it } from 'vitest';
import { expandTemplate, templateVariables } from './uri-template';

// Variables and expected expansions from RFC 6570 §1.2 / §3.2 (list values given comma-separated,
// the way the form takes them).
const values = {
	var: 'value',
	hello: 'Hello World!',
	path: '/foo/bar',
	empty: '',
	x: '1024',
	y: '768',
	list: 'red,green,blue'
};

describe('templateVariables', () => {
	it('lists each variable once, in order of first appearance, without operators or modifiers', () => {
		expect(templateVariables('file:///{+path}/{name}{.ext}{?q,page}{&q}{#frag:3}{/segs*}')).toEqual(
			['path', 'name', 'ext', 'q', 'page', 'frag', 'segs']
		);
	});

	it('finds nothing in a plain URI', () => {
		expect(templateVariables('https://example.com/static')).toEqual([]);
	});
});

describe('expandTemplate (RFC 6570 examples)', () => {
	it.each([
		// Level 1: simple string expansion, reserved characters encoded
		['{var}', 'value'],
		['{hello}', 'Hello%20World%21'],
		// Level 2: reserved and fragment expansion keep reserved characters
		['{+var}', 'value'],
		['{+hello}', 'Hello%20World!'],
		['{+path}/here', '/foo/bar/here'],
		['here?ref={+path}', 'here?ref=/foo/bar'],
		['X{#var}', 'X#value'],
		['X{#hello}', 'X#Hello%20World!'],
		// Level 3: multiple variables and the other operators
		['map?{x,y}', 'map?1024,768'],
		['{x,hello,y}', '1024,Hello%20World%21,768'],
		['{+x,hello,y}', '1024,Hello%20World!,768'],
		['{+path,x}/here', '/foo/bar,1024/here'],
		['{#x,hello,y}', '#1024,Hello%20World!,768'],
		['X{.var}', 'X.value'],
		['X{.x,y}', 'X.1024.768'],
		['{/var}', '/value'],
		['{/var,x}/here', '/value/1024/here'],
		['{;x,y}', ';x=1024;y=768'],
		['{;x,y,empty}', ';x=1024;y=768;empty'],
		['{?x,y}', '?x=1024&y=768'],
		['{?x,y,empty}', '?x=1024&y=768&empty='],
		['?fixed=yes{&x}', '?fixed=yes&x=1024'],
		['{&x,y,empty}', '&x=1024&y=768&empty='],
		// Level 4: prefix and explode modifiers
		['{var:3}', 'val'],
		['{var:30}', 'value'],
		['{+path:6}/here', '/foo/b/here'],
		['{/list*}', '/red/green/blue'],
		['{?list*}', '?list=red&list=green&list=blue'],
		['{;list*}', ';list=red;list=green;list=blue']
	])('%s → %s', (template, expected) => {
		expect(expandTemplate(template, values)).toBe(expected);
	});

	it('leaves out undefined variables, and the operator prefix when all are undefined', () => {
		expect(expandTemplate('{?missing}', values)).toBe('');
		expect(expandTemplate('{?x,missing}', values)).toBe('?x=1024');
		expect(expandTemplate('files{/missing}', values)).toBe('files');
	});

	it('percent-encodes what a user types so it cannot add path segments or query parameters', () => {
		expect(expandTemplate('file:///notes/{name}', { name: '../../etc/passwd' })).toBe(
			'file:///notes/..%2F..%2Fetc%2Fpasswd'
		);
		expect(expandTemplate('db://{table}{?id}', { table: 'users', id: '1&admin=true' })).toBe(
			'db://users?id=1%26admin%3Dtrue'
		);
	});

	it('keeps existing percent-escapes in reserved expansion without double-encoding them', () => {
		expect(expandTemplate('{+p}', { p: '/a%20b/c' })).toBe('/a%20b/c');
		expect(expandTemplate('{p}', { p: 'a%20b' })).toBe('a%2520b');
	});
});
