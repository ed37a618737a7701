/**
 * The review-summary rule: a published review with a rating counts once, with its rating, towards
 * each product it names. A product's summary is kept by the writes (a count and a sum, moved with
 * ADD), so every change of a post turns into the difference it makes to each product's summary.
 */
import type { Post } from '../api/schemas';

/** What one post change adds to (or, negative, takes from) one product's review summary. */
export interface ReviewSummaryDelta {
  readonly productId: string;
  readonly count: number;
  readonly ratingSum: number;
}

const contribution = (post: Post | undefined): Map<string, { count: number; ratingSum: number }> => {
  const counted = new Map<string, { count: number; ratingSum: number }>();
  if (post?.kind === 'review' && post.status === 'published' && post.rating !== undefined) {
    for (const productId of post.productIds) counted.set(productId, { count: 1, ratingSum: post.rating });
  }
  return counted;
};

/** The summary changes that moving a post from `before` to `after` makes; products it leaves unchanged are left out. */
export function reviewSummaryDeltas(before: Post | undefined, after: Post | undefined): ReviewSummaryDelta[] {
  const deltas = new Map<string, { count: number; ratingSum: number }>();
  const add = (post: Post | undefined, sign: 1 | -1) => {
    for (const [productId, c] of contribution(post)) {
      const d = deltas.get(productId) ?? { count: 0, ratingSum: 0 };
      deltas.set(productId, { count: d.count + sign * c.count, ratingSum: d.ratingSum + sign * c.ratingSum });
    }
  };
  add(before, -1);
  add(after, 1);
  return [...deltas].filter(([, d]) => d.count !== 0 || d.ratingSum !== 0).map(([productId, d]) => ({ productId, ...d }));
}
