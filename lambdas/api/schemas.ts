/**
 * Every wire schema of the member-facing groups in one import, for what sees the whole API: types in
 * the domain and the store (`import type` only), tests, the benchmark, the user pool. Runtime code of
 * one group imports its own <group>-schemas.ts instead, so its bundle carries no other group's schemas.
 *
 * Schemas are defined once, in those modules; they drive request validation (handlers), the
 * TypeScript types (z.infer) and the OpenAPI 3.1 document (lambdas/api/openapi.ts).
 */
export * from './comment-schemas';
export * from './common-schemas';
export * from './community-schemas';
export * from './platform-schemas';
export * from './post-schemas';
export * from './reaction-schemas';
// The groups are the caller's vocabulary (domain/caller.ts); the user pool and the token CLI build from them.
export { GROUPS, type Group } from '../domain/caller';
