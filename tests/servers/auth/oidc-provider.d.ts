/**
 * oidc-provider 8 ships no types (and @types/oidc-provider would pull in @types/koa and more for
 * one test server): it is used untyped. The server code is covered by the tests that drive it.
 */
declare module 'oidc-provider';
