export { default as ResourcesPanel } from './ResourcesPanel.svelte';
export { default as ResourceViewer } from './ResourceViewer.svelte';
export { default as TemplateForm } from './TemplateForm.svelte';
export { expandTemplate, templateVariables } from './uri-template';
