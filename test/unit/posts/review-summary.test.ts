import type { Post } from '../../../lambdas/api/schemas';
import { emptyReactionCounts } from '../../../lambdas/posts/posts';
import { reviewSummaryDeltas } from '../../../lambdas/posts/review-summary';

const review = (over: Partial<Post> = {}): Post => ({
  postId: '01JD0000000000000000000000',
  communityId: 'outdoor-gear',
  kind: 'review',
  title: 't',
  body: 'b',
  productIds: ['SKU-1'],
  tags: [],
  rating: 4,
  authorId: 'alice',
  authorName: 'alice',
  status: 'published',
  version: 1,
  commentCount: 0,
  reactionCounts: emptyReactionCounts(),
  officialResponseCount: 0,
  hasOfficialResponse: false,
  createdAt: '2026-11-23T10:00:00.000Z',
  updatedAt: '2026-11-23T10:00:00.000Z',
  ...over,
});

describe('the review summary rule', () => {
  it('counts a published review once, with its rating, towards its product', () => {
    expect(reviewSummaryDeltas(undefined, review())).toEqual([{ productId: 'SKU-1', count: 1, ratingSum: 4 }]);
  });

  it('counts nothing for other kinds of post, or for a review that is not published', () => {
    expect(reviewSummaryDeltas(undefined, review({ kind: 'discussion', rating: undefined }))).toEqual([]);
    expect(reviewSummaryDeltas(undefined, review({ status: 'held' }))).toEqual([]);
  });

  it('moves only the rating difference when a review is re-rated', () => {
    expect(reviewSummaryDeltas(review(), review({ rating: 2, version: 2 }))).toEqual([{ productId: 'SKU-1', count: 0, ratingSum: -2 }]);
  });

  it('moves the review from one product to the other when its product changes', () => {
    expect(reviewSummaryDeltas(review(), review({ productIds: ['SKU-2'], version: 2 }))).toEqual([
      { productId: 'SKU-1', count: -1, ratingSum: -4 },
      { productId: 'SKU-2', count: 1, ratingSum: 4 },
    ]);
  });

  it('takes a review out when it stops being published, and changes nothing when only its text changes', () => {
    expect(reviewSummaryDeltas(review(), review({ status: 'deleted', version: 2 }))).toEqual([{ productId: 'SKU-1', count: -1, ratingSum: -4 }]);
    expect(reviewSummaryDeltas(review(), review({ title: 'new', version: 2 }))).toEqual([]);
  });
});
