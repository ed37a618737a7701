/**
 * Conditional requests (RFC 9110 §13): an object's version travels as a strong ETag, and If-Match
 * says which versions a change was made on. The domain only sees versions.
 */
import type { ExpectedVersion } from '../domain/versions';

/** The strong entity tag of a version. */
export const etagOf = (versioned: { readonly version: number }): string => `"${versioned.version}"`;

/**
 * Reads an If-Match header: `*` is any version, a list of strong tags those versions; weak tags never
 * match (RFC 9110 §13.1.1). No header at all is an unstated version, which the domain refuses for edits.
 */
export function expectedVersion(ifMatch: string | undefined): ExpectedVersion {
  if (ifMatch === undefined) return 'unstated';
  if (ifMatch.trim() === '*') return 'any';
  return ifMatch
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => /^"\d+"$/.test(tag))
    .map((tag) => Number(tag.slice(1, -1)));
}
