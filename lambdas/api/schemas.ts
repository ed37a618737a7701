/**
 * Request and response schemas, defined once. They drive request validation (handlers), the
 * TypeScript types (z.infer) and the OpenAPI 3.1 document (lambdas/api/openapi.ts).
 */
import * as z from 'zod';

export const POST_KINDS = ['discussion', 'question', 'review', 'idea'] as const;
export const IDEA_STATUSES = ['open', 'under-review', 'planned', 'shipped', 'declined'] as const;
export const REACTIONS = ['like', 'love', 'helpful', 'insightful', 'funny'] as const;
export const GROUPS = ['members', 'moderators', 'senior-moderators', 'community-managers', 'finance'] as const;
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_COMMENT_DEPTH = 3;
export const MAX_PRODUCTS_PER_POST = 10;
export const MAX_TAGS_PER_POST = 10;

const text = (field: string, min: number, max: number) =>
  z
    .string({ error: `${field} must be a string` })
    .refine((s) => s.isWellFormed(), { message: `${field} must be well-formed Unicode (no lone surrogates)` })
    .refine((s) => [...s.trim()].length >= min, { message: `${field} must have at least ${min} non-blank character(s)` })
    .refine((s) => [...s].length <= max, { message: `${field} must be at most ${max} characters` });

export const PostKind = z.enum(POST_KINDS).meta({ id: 'PostKind' });
export const IdeaStatus = z.enum(IDEA_STATUSES).meta({ id: 'IdeaStatus' });
export const Reaction = z.enum(REACTIONS).meta({ id: 'Reaction' });

export const CommunityId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/, 'communityId must be 3-40 lowercase letters, digits or dashes')
  .meta({ id: 'CommunityId', example: 'outdoor-gear' });
export const ProductId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'productId must be a SKU of 1-64 letters, digits, dots, dashes or underscores')
  .meta({ id: 'ProductId', example: 'SKU-10442' });
export const Tag = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'tags must be 1-32 lowercase letters, digits or dashes');
/** Ids the API mints are ULIDs: time-sortable, 26 Crockford base-32 characters. */
export const Ulid = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a 26-character ULID');
export const MemberId = z.string().min(1).max(128).meta({ id: 'MemberId' });

export const RateLimits = z
  .strictObject({
    postsPerMinute: z.int().min(1).max(600),
    commentsPerMinute: z.int().min(1).max(600),
  })
  .meta({ id: 'RateLimits' });

export const NewCommunity = z
  .strictObject({
    communityId: CommunityId,
    name: text('name', 1, 80),
    description: text('description', 0, 2000).default(''),
    rateLimits: RateLimits.optional(),
  })
  .meta({ id: 'NewCommunity' });

export const Community = z
  .object({
    communityId: CommunityId,
    name: z.string(),
    description: z.string(),
    rateLimits: RateLimits,
    createdAt: z.iso.datetime(),
    createdBy: MemberId,
  })
  .meta({ id: 'Community' });

const productIds = z.array(ProductId).max(MAX_PRODUCTS_PER_POST, `productIds must have at most ${MAX_PRODUCTS_PER_POST} items`);
const tags = z.array(Tag).max(MAX_TAGS_PER_POST, `tags must have at most ${MAX_TAGS_PER_POST} items`);
const rating = z.int('rating must be a whole number from 1 to 5').min(1, 'rating must be from 1 to 5').max(5, 'rating must be from 1 to 5');
const postFields = {
  title: text('title', 1, 200),
  body: text('body', 1, 20000),
  productIds: productIds.default([]),
  tags: tags.default([]),
};

export const NewPost = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('discussion'), ...postFields }),
    z.strictObject({ kind: z.literal('question'), ...postFields }),
    z.strictObject({
      kind: z.literal('review'),
      ...postFields,
      productIds: z.array(ProductId).length(1, 'a review rates exactly one product: productIds must have 1 item'),
      rating,
    }),
    z.strictObject({ kind: z.literal('idea'), ...postFields }),
  ], { error: `kind must be one of ${POST_KINDS.join(', ')}` })
  .meta({ id: 'NewPost' });

export const PostPatch = z
  .strictObject({
    title: postFields.title.optional(),
    body: postFields.body.optional(),
    productIds: productIds.optional(),
    tags: tags.optional(),
    rating: rating.optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), {
    message: 'a patch must change at least one of title, body, productIds, tags, rating',
    // Only when the fields themselves are fine: an unknown field is the clearer message.
    when: (payload) => payload.issues.length === 0,
  })
  .meta({ id: 'PostPatch' });

export const IdeaStatusChange = z.strictObject({ ideaStatus: IdeaStatus }).meta({ id: 'IdeaStatusChange' });

export const POST_STATUSES = ['published', 'held', 'rejected', 'changes-requested', 'deleted'] as const;
export const PostStatus = z
  .enum(POST_STATUSES)
  .describe('only published posts are visible to everyone; the others only to their author and moderators')
  .meta({ id: 'PostStatus' });
export const COMMENT_STATUSES = ['published', 'held', 'rejected'] as const;
export const ModerationNote = z
  .object({
    reasonCode: z.string().nullable().describe('why the content is not published (see ReasonCode)'),
    rule: z.string().nullable().describe('the screening rule that fired, if any'),
  })
  .meta({ id: 'ModerationNote' });

export const ReactionCounts = z.record(Reaction, z.int().min(0)).meta({ id: 'ReactionCounts' });

export const Post = z
  .object({
    postId: Ulid,
    communityId: CommunityId,
    kind: PostKind,
    title: z.string(),
    body: z.string(),
    productIds: z.array(ProductId),
    tags: z.array(z.string()),
    rating: z.int().min(1).max(5).optional(),
    ideaStatus: IdeaStatus.optional(),
    authorId: MemberId,
    authorName: z.string(),
    status: PostStatus,
    moderation: ModerationNote.optional(),
    version: z.int().min(1),
    commentCount: z.int().min(0),
    reactionCounts: ReactionCounts,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    deletedAt: z.iso.datetime().optional(),
  })
  .meta({ id: 'Post' });

export const PostRevision = z
  .object({
    postId: Ulid,
    version: z.int().min(1).describe('the version this content had'),
    title: z.string(),
    body: z.string(),
    productIds: z.array(ProductId),
    tags: z.array(z.string()),
    rating: z.int().min(1).max(5).optional(),
    revisedAt: z.iso.datetime().describe('when the edit that replaced this content was made'),
  })
  .meta({ id: 'PostRevision' });

export const NewComment = z
  .strictObject({
    body: text('body', 1, 5000),
    parentCommentId: Ulid.optional(),
  })
  .meta({ id: 'NewComment' });

export const Comment = z
  .object({
    commentId: Ulid,
    postId: Ulid,
    parentCommentId: Ulid.nullable(),
    depth: z.int().min(0).max(MAX_COMMENT_DEPTH),
    status: z.enum(COMMENT_STATUSES).describe('held and rejected comments are shown only to their author and moderators'),
    moderation: ModerationNote.optional(),
    body: z.string().describe('empty once the comment is deleted'),
    authorId: MemberId,
    authorName: z.string(),
    deleted: z.boolean(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Comment' });

export const ReactionState = z
  .object({ postId: Ulid, reaction: Reaction, reacted: z.boolean(), count: z.int().min(0) })
  .meta({ id: 'ReactionState' });

export const Me = z
  .object({ memberId: MemberId, username: z.string(), groups: z.array(z.enum(GROUPS)) })
  .meta({ id: 'Me' });

export const Health = z.object({ status: z.literal('ok'), version: z.string() }).meta({ id: 'Health' });

const page = <T extends z.ZodType>(item: T, id: string) =>
  z
    .object({
      items: z.array(item),
      nextCursor: z.string().nullable().describe('opaque; pass as ?cursor= for the next page, null on the last page'),
    })
    .meta({ id });

export const CommunityPage = page(Community, 'CommunityPage');
export const PostPage = page(Post, 'PostPage');
export const CommentPage = page(Comment, 'CommentPage');
export const PostRevisionPage = page(PostRevision, 'PostRevisionPage');
export const ProductPostPage = z
  .object({
    productId: ProductId,
    reviewCount: z.int().min(0),
    averageRating: z.number().min(1).max(5).nullable(),
    items: z.array(Post),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'ProductPostPage' });

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

// Query strings and path parameters
const limit = z.coerce
  .number({ error: `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}` })
  .int(`limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`)
  .min(1, `limit must be between 1 and ${MAX_PAGE_SIZE}`)
  .max(MAX_PAGE_SIZE, `limit must be between 1 and ${MAX_PAGE_SIZE}`)
  .default(DEFAULT_PAGE_SIZE);
export const PageQuery = z.strictObject({ limit, cursor: z.string().max(2048).optional() });
export const FeedQuery = z.strictObject({ limit, cursor: z.string().max(2048).optional(), kind: PostKind.optional() });

export const CommunityParams = z.strictObject({ communityId: CommunityId });
export const PostParams = z.strictObject({ postId: Ulid });
export const CommentParams = z.strictObject({ postId: Ulid, commentId: Ulid });
export const ReactionParams = z.strictObject({ postId: Ulid, reaction: Reaction });
export const ProductParams = z.strictObject({ productId: ProductId });
export const MemberParams = z.strictObject({ memberId: MemberId });

export type NewCommunity = z.infer<typeof NewCommunity>;
export type Community = z.infer<typeof Community>;
export type NewPost = z.infer<typeof NewPost>;
export type PostPatch = z.infer<typeof PostPatch>;
export type Post = z.infer<typeof Post>;
export type PostRevision = z.infer<typeof PostRevision>;
export type NewComment = z.infer<typeof NewComment>;
export type Comment = z.infer<typeof Comment>;
export type PostKind = z.infer<typeof PostKind>;
export type IdeaStatus = z.infer<typeof IdeaStatus>;
export type Reaction = z.infer<typeof Reaction>;
export type PostStatus = z.infer<typeof PostStatus>;
export type ModerationNote = z.infer<typeof ModerationNote>;
export type ReactionCounts = z.infer<typeof ReactionCounts>;
export type Group = (typeof GROUPS)[number];
export type Problem = z.infer<typeof Problem>;
