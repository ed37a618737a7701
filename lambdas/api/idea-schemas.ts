/**
 * The ideas group's request and response schemas: votes and the board, and an idea as lists show it
 * (the idea-workflow group's changelog and partners' list too; its own are in idea-workflow-schemas.ts).
 */
import * as z from 'zod/mini';
import { IDEA_SORTS } from '../ideas/model';
import { cursor, page, pageLimit, Ulid } from './common-schemas';
import { described, IdeaStatus, Post } from './post-view-schemas';

/** A count: a whole number, 0 or more. */
export const count = () => z.int().check(z.minimum(0));

export const VoteState = z
  .object({ postId: Ulid, voted: described(z.boolean(), 'whether the caller votes for the idea now'), voteCount: count() })
  .register(z.globalRegistry, { id: 'VoteState' });

export const Idea = z.extend(Post, { voteCount: count() }).register(z.globalRegistry, { id: 'Idea' });
export const IdeaPage = page(Idea, 'IdeaPage');

export const BoardQuery = z.strictObject({
  sort: z._default(z.enum(IDEA_SORTS, { error: `sort must be one of ${IDEA_SORTS.join(', ')}` }), 'top'),
  status: described(z.optional(IdeaStatus), 'top and new: the ideas of this status (default open); not with trending'),
  limit: pageLimit,
  cursor,
});
