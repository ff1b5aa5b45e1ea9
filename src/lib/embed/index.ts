/** The embed's framework-free parts: parameters, the postMessage protocol, safety, snippets. */
export * from './params';
export * from './protocol';
export * from './safety';
export * from './snippet';
