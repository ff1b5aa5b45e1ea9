export { draftOf, validateAgainst, validateToolResult } from './output.js';
export type { SchemaDraft, ValidationOutcome } from './output.js';
export { elicitationDefaults } from './elicitation.js';
