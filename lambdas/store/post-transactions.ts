/**
 * The writes that move a post, as transactions: the post itself with everything kept in step with
 * it (its revision, its product links, the review summaries of its products, what screening adds),
 * so a reader never sees a post without its links or a summary that misses a review.
 */
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Post } from '../api/schemas';
import type { ScreeningWrites } from '../domain/ports';
import { reviewSummaryDeltas } from '../posts/review-summary';
import { communityExists } from './entities/community';
import { putRevision } from './entities/post-revision';
import { linkChanges } from './entities/product-link';
import { adjustSummary } from './entities/product-summary';
import { putNewPost, replacePost } from './entities/post';
import { putNewTally } from './entities/idea-tally';
import type { TransactItem } from './expressions';
import { screeningItems } from './screening-writes';

/** Links and summaries that follow a post from `before` to `after`. */
const derived = (table: string, before: Post | undefined, after: Post | undefined): TransactItem[] => [
  ...linkChanges(table, before, after),
  ...reviewSummaryDeltas(before, after).map((delta) => adjustSummary(table, delta)),
];

/** Creates a post (position 0: the id must be free) in a community that exists (position 1). */
export const createPostTransaction = (table: string, post: Post, screening?: ScreeningWrites): TransactWriteCommandInput => ({
  TransactItems: [
    putNewPost(table, post),
    communityExists(table, post.communityId),
    ...derived(table, undefined, post),
    ...screeningItems(table, screening, { memberId: post.authorId, communityId: post.communityId, at: post.createdAt }),
    // An idea's votes are counted apart from it (lambdas/store/entities/idea-tally.ts), from the start.
    ...(post.kind === 'idea'
      ? [putNewTally(table, { postId: post.postId, communityId: post.communityId, ideaStatus: post.ideaStatus ?? 'open', voteCount: 0 })]
      : []),
  ],
});

/**
 * Moves a post from `before` to `after` if nobody changed it meanwhile (position 0, its version),
 * keeping the replaced content as a revision when `keepRevision` (edits do; deletes and moves of an
 * idea change no content). Counters are not touched: they change concurrently through ADD.
 * `changedBy` is who made the change (null: the system), recorded for the lake's actor.
 */
export function changePostItems(table: string, before: Post, after: Post, keepRevision: boolean, changedBy: string | null): TransactItem[] {
  return [
    replacePost(table, before, after, changedBy),
    ...(keepRevision ? [putRevision(table, before, after.updatedAt)] : []),
    ...derived(table, before, after),
  ];
}

export const changePostTransaction = (
  table: string,
  before: Post,
  after: Post,
  keepRevision: boolean,
  changedBy: string | null,
  screening?: ScreeningWrites,
): TransactWriteCommandInput => ({
  TransactItems: [
    ...changePostItems(table, before, after, keepRevision, changedBy),
    ...screeningItems(table, screening, { memberId: after.authorId, communityId: after.communityId, at: after.updatedAt }),
  ],
});
