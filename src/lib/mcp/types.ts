/**
 * MCP data types, hand-written from `schema/2026-07-28/schema.ts` and `schema/2025-11-25/schema.ts`
 * (modelcontextprotocol/modelcontextprotocol). One set serves both eras: fields that exist in
 * only one era are optional. Everything here describes what a server *may* send; the client
 * checks shapes at the boundary and the UI treats all strings as untrusted.
 */
import type { RequestId } from './jsonrpc.js';

export type JsonValue = string | number | boolean | null | JsonObject | JsonValue[];
export type JsonObject = { [key: string]: JsonValue };
export type MetaObject = Record<string, unknown>;

export type ProgressToken = string | number;
export type Cursor = string;
export type Role = 'user' | 'assistant';
export type LoggingLevel =
	'debug' | 'info' | 'notice' | 'warning' | 'error' | 'critical' | 'alert' | 'emergency';

/** Modern era: every result carries it (absent = `complete`). Unknown values are invalid. */
export type ResultType = 'complete' | 'input_required';

export interface Result {
	_meta?: MetaObject;
	resultType?: ResultType;
	[key: string]: unknown;
}

/** Modern era caching hints on list/read/discover results. */
export interface CacheHints {
	ttlMs?: number;
	cacheScope?: 'public' | 'private';
}

export interface Icon {
	src: string;
	mimeType?: string;
	sizes?: string[];
	theme?: 'light' | 'dark';
}

export interface Implementation {
	name: string;
	title?: string;
	version: string;
	description?: string;
	websiteUrl?: string;
	icons?: Icon[];
}

export interface ClientCapabilities {
	experimental?: Record<string, JsonObject>;
	roots?: { listChanged?: boolean };
	sampling?: { context?: JsonObject; tools?: JsonObject };
	elicitation?: { form?: JsonObject; url?: JsonObject };
	/** Legacy 2025-11-25 experimental tasks. */
	tasks?: JsonObject;
	extensions?: Record<string, JsonObject>;
}

export interface ServerCapabilities {
	experimental?: Record<string, JsonObject>;
	logging?: JsonObject;
	completions?: JsonObject;
	prompts?: { listChanged?: boolean };
	resources?: { subscribe?: boolean; listChanged?: boolean };
	tools?: { listChanged?: boolean };
	tasks?: JsonObject;
	extensions?: Record<string, JsonObject>;
}

export interface Annotations {
	audience?: Role[];
	priority?: number;
	lastModified?: string;
}

export interface TextContent {
	type: 'text';
	text: string;
	annotations?: Annotations;
	_meta?: MetaObject;
}
export interface ImageContent {
	type: 'image';
	data: string;
	mimeType: string;
	annotations?: Annotations;
	_meta?: MetaObject;
}
export interface AudioContent {
	type: 'audio';
	data: string;
	mimeType: string;
	annotations?: Annotations;
	_meta?: MetaObject;
}

export interface Resource {
	uri: string;
	name: string;
	title?: string;
	description?: string;
	mimeType?: string;
	annotations?: Annotations;
	size?: number;
	icons?: Icon[];
	_meta?: MetaObject;
}
export interface ResourceLink extends Resource {
	type: 'resource_link';
}
export interface ResourceTemplate {
	uriTemplate: string;
	name: string;
	title?: string;
	description?: string;
	mimeType?: string;
	annotations?: Annotations;
	icons?: Icon[];
	_meta?: MetaObject;
}
export interface TextResourceContents {
	uri: string;
	mimeType?: string;
	text: string;
	_meta?: MetaObject;
}
export interface BlobResourceContents {
	uri: string;
	mimeType?: string;
	/** Base64. */
	blob: string;
	_meta?: MetaObject;
}
export type ResourceContents = TextResourceContents | BlobResourceContents;
export interface EmbeddedResource {
	type: 'resource';
	resource: ResourceContents;
	annotations?: Annotations;
	_meta?: MetaObject;
}

export type ContentBlock =
	TextContent | ImageContent | AudioContent | ResourceLink | EmbeddedResource;

export interface ToolUseContent {
	type: 'tool_use';
	id: string;
	name: string;
	input: Record<string, unknown>;
	_meta?: MetaObject;
}
export interface ToolResultContent {
	type: 'tool_result';
	toolUseId: string;
	content: ContentBlock[];
	structuredContent?: unknown;
	isError?: boolean;
	_meta?: MetaObject;
}
export type SamplingContent =
	TextContent | ImageContent | AudioContent | ToolUseContent | ToolResultContent;

export interface ToolAnnotations {
	title?: string;
	readOnlyHint?: boolean;
	destructiveHint?: boolean;
	idempotentHint?: boolean;
	openWorldHint?: boolean;
}

export interface Tool {
	name: string;
	title?: string;
	description?: string;
	/** JSON Schema (2020-12 unless `$schema` says otherwise); `type: "object"` at the root. */
	inputSchema: { $schema?: string; type: 'object'; [key: string]: unknown };
	outputSchema?: { $schema?: string; [key: string]: unknown };
	annotations?: ToolAnnotations;
	/** Legacy 2025-11-25 tasks. */
	execution?: { taskSupport?: 'forbidden' | 'optional' | 'required' };
	icons?: Icon[];
	_meta?: MetaObject;
}

export interface ListToolsResult extends Result, CacheHints {
	tools: Tool[];
	nextCursor?: Cursor;
}

export interface CallToolResult extends Result {
	content: ContentBlock[];
	structuredContent?: unknown;
	isError?: boolean;
}

export interface ListResourcesResult extends Result, CacheHints {
	resources: Resource[];
	nextCursor?: Cursor;
}
export interface ListResourceTemplatesResult extends Result, CacheHints {
	resourceTemplates: ResourceTemplate[];
	nextCursor?: Cursor;
}
export interface ReadResourceResult extends Result, CacheHints {
	contents: ResourceContents[];
}

export interface PromptArgument {
	name: string;
	title?: string;
	description?: string;
	required?: boolean;
}
export interface Prompt {
	name: string;
	title?: string;
	description?: string;
	arguments?: PromptArgument[];
	icons?: Icon[];
	_meta?: MetaObject;
}
export interface PromptMessage {
	role: Role;
	content: ContentBlock;
}
export interface ListPromptsResult extends Result, CacheHints {
	prompts: Prompt[];
	nextCursor?: Cursor;
}
export interface GetPromptResult extends Result {
	description?: string;
	messages: PromptMessage[];
}

export interface PromptReference {
	type: 'ref/prompt';
	name: string;
	title?: string;
}
export interface ResourceTemplateReference {
	type: 'ref/resource';
	uri: string;
}
export interface CompleteResult extends Result {
	completion: { values: string[]; total?: number; hasMore?: boolean };
}

/** Modern era `server/discover` result. */
export interface DiscoverResult extends Result, CacheHints {
	supportedVersions: string[];
	capabilities: ServerCapabilities;
	instructions?: string;
	serverInfo?: Implementation;
}

/** Legacy era `initialize` result. */
export interface InitializeResult extends Result {
	protocolVersion: string;
	capabilities: ServerCapabilities;
	serverInfo: Implementation;
	instructions?: string;
}

/* ---- Server-initiated work: sampling, elicitation, roots ---- */

export interface ModelPreferences {
	hints?: { name?: string }[];
	costPriority?: number;
	speedPriority?: number;
	intelligencePriority?: number;
}
export interface SamplingMessage {
	role: Role;
	content: SamplingContent | SamplingContent[];
	_meta?: MetaObject;
}
export interface CreateMessageParams {
	messages: SamplingMessage[];
	modelPreferences?: ModelPreferences;
	systemPrompt?: string;
	includeContext?: 'none' | 'thisServer' | 'allServers';
	temperature?: number;
	maxTokens: number;
	stopSequences?: string[];
	metadata?: JsonObject;
	tools?: Tool[];
	toolChoice?: { mode?: 'auto' | 'required' | 'none' };
	_meta?: MetaObject;
}
export interface CreateMessageResult extends SamplingMessage {
	model: string;
	stopReason?: string;
}

export interface StringSchema {
	type: 'string';
	title?: string;
	description?: string;
	minLength?: number;
	maxLength?: number;
	format?: 'email' | 'uri' | 'date' | 'date-time';
	default?: string;
	enum?: string[];
	/** Legacy titled enum (non-standard). */
	enumNames?: string[];
	oneOf?: { const: string; title: string }[];
}
export interface NumberSchema {
	type: 'number' | 'integer';
	title?: string;
	description?: string;
	minimum?: number;
	maximum?: number;
	default?: number;
}
export interface BooleanSchema {
	type: 'boolean';
	title?: string;
	description?: string;
	default?: boolean;
}
export interface MultiSelectEnumSchema {
	type: 'array';
	title?: string;
	description?: string;
	minItems?: number;
	maxItems?: number;
	items: { type: 'string'; enum: string[] } | { anyOf: { const: string; title: string }[] };
	default?: string[];
}
export type PrimitiveSchemaDefinition =
	StringSchema | NumberSchema | BooleanSchema | MultiSelectEnumSchema;

export interface ElicitRequestFormParams {
	mode?: 'form';
	message: string;
	requestedSchema: {
		$schema?: string;
		type: 'object';
		properties: Record<string, PrimitiveSchemaDefinition>;
		required?: string[];
	};
	_meta?: MetaObject;
}
export interface ElicitRequestUrlParams {
	mode: 'url';
	message: string;
	url: string;
	/** Legacy era: correlates `notifications/elicitation/complete`. */
	elicitationId?: string;
	_meta?: MetaObject;
}
export type ElicitRequestParams = ElicitRequestFormParams | ElicitRequestUrlParams;
export type ElicitContentValue = string | number | boolean | string[];
export interface ElicitResult {
	action: 'accept' | 'decline' | 'cancel';
	content?: Record<string, ElicitContentValue>;
}

export interface Root {
	uri: string;
	name?: string;
	_meta?: MetaObject;
}

/* ---- Modern era multi round-trip (MRTR) ---- */

export type InputRequest =
	| { method: 'sampling/createMessage'; params: CreateMessageParams }
	| { method: 'elicitation/create'; params: ElicitRequestParams }
	| { method: 'roots/list'; params?: { _meta?: MetaObject } };
export type InputResponse = CreateMessageResult | ElicitResult | { roots: Root[] };

export interface InputRequiredResult extends Result {
	resultType: 'input_required';
	inputRequests?: Record<string, InputRequest>;
	requestState?: string;
}

/* ---- Notifications ---- */

export interface ProgressParams {
	progressToken: ProgressToken;
	progress: number;
	total?: number;
	message?: string;
}
export interface Progress {
	progress: number;
	total?: number;
	message?: string;
}
export interface LoggingMessageParams {
	level: LoggingLevel;
	logger?: string;
	data: unknown;
}

/** Modern `subscriptions/listen` filter. */
export interface SubscriptionFilter {
	toolsListChanged?: boolean;
	promptsListChanged?: boolean;
	resourcesListChanged?: boolean;
	resourceSubscriptions?: string[];
}

export interface Subscription {
	/** The listen request id, also found in `_meta["io.modelcontextprotocol/subscriptionId"]`. */
	readonly id: RequestId;
	/** What the server agreed to send (from `notifications/subscriptions/acknowledged`). */
	readonly acknowledged: SubscriptionFilter;
	/** Ends the subscription (closes the stream). */
	close(): Promise<void>;
}
