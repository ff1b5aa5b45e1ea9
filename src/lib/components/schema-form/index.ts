export { default as SchemaForm } from './SchemaForm.svelte';
export { default as SchemaField } from './SchemaField.svelte';
export { buildNode, resolveRef, type FieldNode, type Schema } from './model';
export { toValue } from './serialize';
