/** The posts group's request and response schemas: posts, revisions, idea statuses and feeds. */
import * as z from 'zod';
import { IDEA_STATUSES, MAX_PRODUCTS_PER_POST, MAX_TAGS_PER_POST, POST_KINDS, POST_STATUSES } from '../posts/model';
import { CommunityId, MemberId, ModerationNote, page, pageLimit, PostKind, ProductId, Reaction, text, Ulid } from './common-schemas';

export const IdeaStatus = z.enum(IDEA_STATUSES).meta({ id: 'IdeaStatus' });

export const Tag = z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'tags must be 1-32 lowercase letters, digits or dashes');

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
  .discriminatedUnion(
    'kind',
    [
      z.strictObject({ kind: z.literal('discussion'), ...postFields }),
      z.strictObject({ kind: z.literal('question'), ...postFields }),
      z.strictObject({
        kind: z.literal('review'),
        ...postFields,
        productIds: z
          .array(ProductId)
          .length(1, 'a review rates exactly one product: productIds must have 1 item')
          // zod-to-openapi drops an exact length: say it.
          .meta({ minItems: 1, maxItems: 1, description: 'a review rates exactly one product' }),
        rating,
      }),
      z.strictObject({ kind: z.literal('idea'), ...postFields }),
    ],
    { error: `kind must be one of ${POST_KINDS.join(', ')}` },
  )
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
  .meta({ id: 'PostPatch', minProperties: 1, description: 'changes at least one field' });

export const IdeaStatusChange = z
  .strictObject({
    ideaStatus: IdeaStatus,
    note: text('note', 1, 2000).optional().describe("the official status note shown on the idea's timeline (partners must give one)"),
  })
  .meta({ id: 'IdeaStatusChange' });

export const PostStatus = z
  .enum(POST_STATUSES)
  .describe('only published posts are visible to everyone; the others only to their author and moderators')
  .meta({ id: 'PostStatus' });

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
    mergedInto: Ulid.optional().describe('a merged idea: the idea it was merged into (read-only while merged)'),
    voteCount: z.int().min(0).optional().describe('ideas: how many members vote for it'),
    viewerHasVoted: z.boolean().optional().describe('ideas, to a signed-in caller: whether the caller votes for it'),
    viewerReactions: z.array(Reaction).optional().describe("to a signed-in caller reading one post: the caller's reactions"),
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

export const PostPage = page(Post, 'PostPage');
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

export const FeedQuery = z.strictObject({ limit: pageLimit, cursor: z.string().max(2048).optional(), kind: PostKind.optional() });
export const ProductParams = z.strictObject({ productId: ProductId });
export const MemberParams = z.strictObject({ memberId: MemberId });

export type NewPost = z.infer<typeof NewPost>;
export type PostPatch = z.infer<typeof PostPatch>;
export type Post = z.infer<typeof Post>;
export type PostRevision = z.infer<typeof PostRevision>;
export type IdeaStatus = z.infer<typeof IdeaStatus>;
export type PostStatus = z.infer<typeof PostStatus>;
export type ReactionCounts = z.infer<typeof ReactionCounts>;
