/**
 * HTTP request metadata headers of the modern era (2026-07-28, SEP-2243): `Mcp-Method`,
 * `Mcp-Name` and `Mcp-Param-{Name}` mirrored from the JSON-RPC body, with the spec's Base64
 * sentinel encoding for values that are not plain header-safe ASCII.
 * Spec: docs/specification/2026-07-28/basic/transports/streamable-http.mdx, "Request Metadata".
 */
import { encodeHeaderValue } from './header-values.js';

// The encoding and the `Mcp-Method`/`Mcp-Name` headers every modern request carries live in
// header-values.ts; this module (the `x-mcp-header` rules) is loaded only for tools that use them.
export { decodeHeaderValue, encodeHeaderValue, standardMcpHeaders } from './header-values.js';

type Schema = Record<string, unknown>;

function isObject(value: unknown): value is Schema {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One `x-mcp-header` annotation found on a statically reachable property. */
interface HeaderAnnotation {
	/** The chain of `properties` keys from the schema root to the annotated property. */
	path: string[];
	name: unknown;
	schema: Schema;
}

const MAX_DEPTH = 64;

/** Annotations reachable from the root through `properties` keys only (the only valid place). */
function staticAnnotations(schema: Schema, path: string[], out: HeaderAnnotation[]): void {
	if (path.length > MAX_DEPTH || !isObject(schema.properties)) return;
	for (const [key, child] of Object.entries(schema.properties)) {
		if (!isObject(child)) continue;
		const childPath = [...path, key];
		if ('x-mcp-header' in child) {
			out.push({ path: childPath, name: child['x-mcp-header'], schema: child });
		}
		staticAnnotations(child, childPath, out);
	}
}

/** Keywords whose values are data, not schemas: an `x-mcp-header` key inside them means nothing. */
const DATA_KEYWORDS = new Set(['const', 'default', 'enum', 'examples', 'x-mcp-header']);
/** Keywords whose value maps names to schemas (the map's own keys are not keywords). */
const MAP_KEYWORDS = new Set([
	'properties',
	'$defs',
	'definitions',
	'patternProperties',
	'dependentSchemas'
]);

/**
 * Finds an `x-mcp-header` anywhere that is NOT a chain of `properties` keys from the root:
 * under `items`, `oneOf`/`anyOf`/`allOf`/`not`, `if`/`then`/`else`, `$defs`, `$ref` targets…
 * ("An `x-mcp-header` annotation anywhere else makes the annotation — and thus the tool
 * definition — invalid."). Returns a readable location, or undefined.
 */
function misplacedAnnotation(
	value: unknown,
	where: string,
	isStatic: boolean,
	depth = 0
): string | undefined {
	if (depth > MAX_DEPTH) return undefined;
	if (Array.isArray(value)) {
		for (const [i, item] of value.entries()) {
			const found = misplacedAnnotation(item, `${where}/${i}`, false, depth + 1);
			if (found) return found;
		}
		return undefined;
	}
	if (!isObject(value)) return undefined;
	if (!isStatic && 'x-mcp-header' in value) return where || '/';
	for (const [key, child] of Object.entries(value)) {
		if (DATA_KEYWORDS.has(key)) continue;
		const found = MAP_KEYWORDS.has(key)
			? misplacedInMap(child, `${where}/${key}`, isStatic && key === 'properties', depth)
			: misplacedAnnotation(child, `${where}/${key}`, false, depth + 1);
		if (found) return found;
	}
	return undefined;
}

function misplacedInMap(
	map: unknown,
	where: string,
	isStatic: boolean,
	depth: number
): string | undefined {
	if (!isObject(map)) return undefined;
	for (const [key, child] of Object.entries(map)) {
		const found = misplacedAnnotation(child, `${where}/${key}`, isStatic, depth + 1);
		if (found) return found;
	}
	return undefined;
}

/** RFC 9110 field-name token: 1*tchar. Excludes spaces, colons, control and non-ASCII characters. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const PRIMITIVE_TYPES = new Set(['string', 'integer', 'boolean']);

/**
 * The one primitive type of an annotated property, allowing a nullable form such as
 * `["string", "null"]` (the spec defines a `null` value as "omit the header").
 */
function primitiveType(schema: Schema): string | undefined {
	const types = Array.isArray(schema.type) ? schema.type : [schema.type];
	const nonNull = types.filter((t) => t !== 'null');
	const only = nonNull.length === 1 ? nonNull[0] : undefined;
	return typeof only === 'string' && PRIMITIVE_TYPES.has(only) ? only : undefined;
}

function annotationProblem(a: HeaderAnnotation, seen: Map<string, string>): string | undefined {
	const property = a.path.join('.');
	if (typeof a.name !== 'string') return `x-mcp-header on "${property}" is not a string`;
	if (a.name === '') return `x-mcp-header on "${property}" is empty`;
	if (!TOKEN.test(a.name)) {
		return `x-mcp-header "${a.name}" on "${property}" is not a valid HTTP header name (letters, digits and !#$%&'*+-.^_\`|~ only; no spaces, colons, control or non-ASCII characters)`;
	}
	const previous = seen.get(a.name.toLowerCase());
	if (previous !== undefined) {
		return `x-mcp-header "${a.name}" on "${property}" duplicates the one on "${previous}" (names are compared case-insensitively)`;
	}
	seen.set(a.name.toLowerCase(), property);
	if (!primitiveType(a.schema)) {
		return `x-mcp-header "${a.name}" is on "${property}" of type ${JSON.stringify(a.schema.type ?? 'unspecified')}; only string, integer and boolean parameters may be mirrored into headers`;
	}
	return undefined;
}

function collectAnnotations(inputSchema: unknown): HeaderAnnotation[] {
	const out: HeaderAnnotation[] = [];
	if (isObject(inputSchema)) staticAnnotations(inputSchema, [], out);
	return out;
}

/**
 * Why a tool's `x-mcp-header` annotations are invalid, or undefined when they are valid (or
 * absent). "Clients using the Streamable HTTP transport MUST reject tool definitions where any
 * `x-mcp-header` value violates these constraints" — the caller drops such tools from
 * `tools/list` and logs this reason with the tool name.
 */
export function toolHeaderAnnotationProblem(tool: { inputSchema?: unknown }): string | undefined {
	const schema = tool.inputSchema;
	if (!isObject(schema)) return undefined;
	if ('x-mcp-header' in schema)
		return 'x-mcp-header on the inputSchema root; it must be on a property';
	const misplaced = misplacedAnnotation(schema, '', true);
	if (misplaced) {
		return `x-mcp-header at ${misplaced} is not reachable from the root through "properties" only (not allowed under items, oneOf/anyOf/allOf/not, if/then/else, $defs or $ref)`;
	}
	const seen = new Map<string, string>();
	for (const annotation of collectAnnotations(schema)) {
		const problem = annotationProblem(annotation, seen);
		if (problem) return problem;
	}
	return undefined;
}

function valueAt(args: Record<string, unknown>, path: string[]): unknown {
	let current: unknown = args;
	for (const key of path) {
		if (!isObject(current) || !Object.hasOwn(current, key)) return undefined;
		current = current[key];
	}
	return current;
}

/** string as-is, integer in decimal, boolean `true`/`false`; undefined for anything else. */
function headerText(value: unknown): string | undefined {
	if (typeof value === 'string') return value;
	if (typeof value === 'boolean') return value ? 'true' : 'false';
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return undefined;
}

/**
 * `Mcp-Param-{Name}` headers for a `tools/call` with `args`, per the tool's `inputSchema`.
 * "If no value is present at that path in the call arguments, the header is omitted" — also for
 * `null`. Call it only for tools that passed `toolHeaderAnnotationProblem`.
 */
export function mcpParamHeaders(
	inputSchema: unknown,
	args: Record<string, unknown> | undefined
): Record<string, string> {
	const headers: Record<string, string> = {};
	if (!args) return headers;
	for (const { path, name } of collectAnnotations(inputSchema)) {
		if (typeof name !== 'string' || name === '') continue;
		const text = headerText(valueAt(args, path));
		if (text !== undefined) headers[`Mcp-Param-${name}`] = encodeHeaderValue(text);
	}
	return headers;
}

/**
 * Every `Mcp-Param-{Name}` header a tool's calls may carry, whatever the arguments — what a
 * server's `Access-Control-Allow-Headers` must cover for a browser to call it (the CORS doctor).
 */
export function mcpParamHeaderNames(inputSchema: unknown): string[] {
	return collectAnnotations(inputSchema)
		.map((a) => a.name)
		.filter((name): name is string => typeof name === 'string' && name !== '')
		.map((name) => `Mcp-Param-${name}`);
}
