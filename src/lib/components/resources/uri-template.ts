/**
 * RFC 6570 URI Templates (levels 1–4) for resource templates: list the variables, and expand
 * them with values the user typed. Values are strings (one per variable); a value for an
 * exploded variable (`{/path*}`) may hold several items separated by commas.
 */
interface VarSpec {
	name: string;
	explode: boolean;
	prefix?: number;
}
interface Expression {
	operator: string;
	vars: VarSpec[];
}

const OPERATORS: Record<
	string,
	{ first: string; sep: string; named: boolean; ifEmpty: string; reserved: boolean }
> = {
	'': { first: '', sep: ',', named: false, ifEmpty: '', reserved: false },
	'+': { first: '', sep: ',', named: false, ifEmpty: '', reserved: true },
	'#': { first: '#', sep: ',', named: false, ifEmpty: '', reserved: true },
	'.': { first: '.', sep: '.', named: false, ifEmpty: '', reserved: false },
	'/': { first: '/', sep: '/', named: false, ifEmpty: '', reserved: false },
	';': { first: ';', sep: ';', named: true, ifEmpty: '', reserved: false },
	'?': { first: '?', sep: '&', named: true, ifEmpty: '=', reserved: false },
	'&': { first: '&', sep: '&', named: true, ifEmpty: '=', reserved: false }
};

function parseExpression(body: string): Expression {
	const operator = /^[+#./;?&]/.test(body) ? body[0]! : '';
	const vars = body
		.slice(operator.length)
		.split(',')
		.filter(Boolean)
		.map((spec) => {
			const explode = spec.endsWith('*');
			const [name, prefix] = (explode ? spec.slice(0, -1) : spec).split(':');
			return { name: name ?? '', explode, prefix: prefix ? Number(prefix) : undefined };
		});
	return { operator, vars };
}

/** Variable names in order of first appearance. */
export function templateVariables(template: string): string[] {
	const names: string[] = [];
	for (const m of template.matchAll(/\{([^}]*)\}/g)) {
		for (const v of parseExpression(m[1] ?? '').vars)
			if (v.name && !names.includes(v.name)) names.push(v.name);
	}
	return names;
}

function encode(value: string, reserved: boolean): string {
	return reserved
		? encodeURI(value).replace(/%25([0-9A-Fa-f]{2})/g, '%$1')
		: encodeURIComponent(value).replace(
				/[!'()*]/g,
				(c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
			);
}

function expandVar(v: VarSpec, raw: string, op: (typeof OPERATORS)[string]): string | undefined {
	if (raw === '') return op.named ? `${v.name}${op.ifEmpty}` : undefined;
	const items = v.explode ? raw.split(',') : [v.prefix ? raw.slice(0, v.prefix) : raw];
	const encoded = items.map((item) => encode(item, op.reserved));
	if (v.explode) return encoded.map((e) => (op.named ? `${v.name}=${e}` : e)).join(op.sep);
	return op.named ? `${v.name}=${encoded.join(',')}` : encoded.join(',');
}

/** Expands `template`; variables without a value are left out, as RFC 6570 says for undefined. */
export function expandTemplate(template: string, values: Record<string, string>): string {
	return template.replace(/\{([^}]*)\}/g, (_, body: string) => {
		const { operator, vars } = parseExpression(body);
		const op = OPERATORS[operator] ?? OPERATORS['']!;
		const parts = vars.flatMap((v) => {
			const value = values[v.name];
			if (value === undefined) return [];
			const part = expandVar(v, value, op);
			return part === undefined ? [] : [part];
		});
		return parts.length ? op.first + parts.join(op.sep) : '';
	});
}
