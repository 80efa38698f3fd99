/**
 * `loyalkit/contract`: the endpoint contract as data — valibot schemas of every
 * request and response, their TypeScript types, header names and the table of
 * operations (routes, auth, answers) — for backends
 * (the reference server in server/ imports it) and tools such as the OpenAPI generator.
 */
export * from '../core/contract.ts'
export * from '../core/schemas.ts'
export * from '../core/operations.ts'
