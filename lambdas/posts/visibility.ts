import type { ModerationNote, Post } from '../api/schemas';
import { isModerator, type Caller } from '../domain/caller';

/** A tombstone stays visible to its author and to moderators; everyone else sees nothing. */
export const canSee = (post: Post, caller: Caller | undefined): boolean =>
  post.status === 'published' || (caller !== undefined && (caller.memberId === post.authorId || isModerator(caller)));

export const isAuthor = (post: { authorId: string }, caller: Caller): boolean => post.authorId === caller.memberId;

/**
 * Content as `caller` may read it. A moderation note's rule names what fired (`blocked-term:<term>`,
 * the report count): told to an author, it says which word to disguise next. Moderators read the
 * rule; everyone else, the author included, reads only the reason code.
 */
export function asSeenBy<T extends { readonly moderation?: ModerationNote | undefined }>(content: T, caller: Caller | undefined): T {
  const note = content.moderation;
  if (!note || note.rule === null || (caller !== undefined && isModerator(caller))) return content;
  return { ...content, moderation: { reasonCode: note.reasonCode, rule: null } };
}
