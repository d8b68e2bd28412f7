/**
 * Loupe's API contract: the one place where request and response shapes are
 * declared. The server declares its routes with these schemas and the
 * extension's API client parses responses with them; nothing re-declares them.
 */
export * from './problem';
export * from './text';
export * from './health';
export * from './users';
export * from './captured-product';
export * from './boards';
export * from './provenance';
export * from './products';
export * from './product-search';
export * from './captured-catalog';
export * from './pin-search';
export * from './shops';
