/**
 * Optimistic concurrency in the domain's terms: a change says which versions of an object it was made
 * on, and applies only if the object is still at one of them. (HTTP carries this as If-Match and
 * ETags: lambdas/http/conditional.ts.)
 */

/**
 * The versions a change was made on, as its requester stated them: any version, one of a list, or
 * none at all (a change that must not overwrite a concurrent one has to state one).
 */
export type ExpectedVersion = 'any' | 'unstated' | readonly number[];

/** Whether a change made on `expected` may apply to an object now at `current`. */
export const versionMatches = (expected: ExpectedVersion, current: number): boolean =>
  expected === 'any' || (expected !== 'unstated' && expected.includes(current));
