/**
 * The post vocabulary the rules are written in. The domain owns these lists; the wire schemas
 * (lambdas/api/post-schemas.ts) build their enums and limits from them, never the other way round.
 */
export const POST_KINDS = ['discussion', 'question', 'review', 'idea'] as const;
/** `merged`: folded into another idea (lambdas/ideas/merge.ts); only a merge sets it, only undoing one leaves it. */
export const IDEA_STATUSES = ['open', 'under-review', 'planned', 'shipped', 'declined', 'merged'] as const;
/** Only published posts are visible to everyone; the others only to their author and moderators. */
export const POST_STATUSES = ['published', 'held', 'rejected', 'changes-requested', 'deleted'] as const;
export const MAX_PRODUCTS_PER_POST = 10;
export const MAX_TAGS_PER_POST = 10;
