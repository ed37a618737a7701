import type { Post } from '../api/schemas';
import { isModerator, type Caller } from '../domain/caller';

/** A tombstone stays visible to its author and to moderators; everyone else sees nothing. */
export const canSee = (post: Post, caller: Caller | undefined): boolean =>
  post.status === 'published' || (caller !== undefined && (caller.memberId === post.authorId || isModerator(caller)));

export const isAuthor = (post: { authorId: string }, caller: Caller): boolean => post.authorId === caller.memberId;
