import type { Post } from '../api/schemas';
import { isModerator, type Caller } from '../domain/caller';

/** A tombstone stays visible to its author and to moderators; everyone else sees nothing. */
export const canSee = (post: Post, caller: Caller | undefined): boolean =>
  post.status === 'published' || (caller !== undefined && (caller.memberId === post.authorId || isModerator(caller)));

export const isAuthor = (post: { authorId: string }, caller: Caller): boolean => post.authorId === caller.memberId;

/** The strong entity tag of a post's version. */
export const etagOf = (post: Pick<Post, 'version'>): string => `"${post.version}"`;

/**
 * Reads an If-Match header: `*`, or a list of strong tags. Weak tags never match (RFC 9110 §13.1.1).
 * Answers the versions it accepts, or 'any'.
 */
export function parseIfMatch(header: string): number[] | 'any' {
  if (header.trim() === '*') return 'any';
  return header
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => /^"\d+"$/.test(tag))
    .map((tag) => Number(tag.slice(1, -1)));
}
