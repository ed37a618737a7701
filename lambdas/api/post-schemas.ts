/** The posts group's request and response schemas: posts, revisions, idea statuses and feeds. */
import * as z from 'zod/mini';
import { IDEA_STATUSES, MAX_PRODUCTS_PER_POST, MAX_TAGS_PER_POST, POST_KINDS, POST_STATUSES } from '../posts/model';
import { CommunityId, cursor, MemberId, ModerationNote, page, pageLimit, PostKind, ProductId, Reaction, text, Ulid } from './common-schemas';

export const IdeaStatus = z.enum(IDEA_STATUSES).register(z.globalRegistry, { id: 'IdeaStatus' });

export const Tag = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'tags must be 1-32 lowercase letters, digits or dashes'));

const productIds = z.array(ProductId).check(z.maxLength(MAX_PRODUCTS_PER_POST, `productIds must have at most ${MAX_PRODUCTS_PER_POST} items`));
const tags = z.array(Tag).check(z.maxLength(MAX_TAGS_PER_POST, `tags must have at most ${MAX_TAGS_PER_POST} items`));
const rating = z.int('rating must be a whole number from 1 to 5').check(z.minimum(1, 'rating must be from 1 to 5'), z.maximum(5, 'rating must be from 1 to 5'));
const postFields = {
  title: text('title', 1, 200),
  body: text('body', 1, 20000),
  productIds: z._default(productIds, []),
  tags: z._default(tags, []),
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
          .check(z.length(1, 'a review rates exactly one product: productIds must have 1 item'))
          .register(z.globalRegistry, { description: 'a review rates exactly one product' }),
        rating,
      }),
      z.strictObject({ kind: z.literal('idea'), ...postFields }),
    ],
    { error: `kind must be one of ${POST_KINDS.join(', ')}` },
  )
  .register(z.globalRegistry, { id: 'NewPost' });

export const PostPatch = z
  .strictObject({
    title: z.optional(postFields.title),
    body: z.optional(postFields.body),
    productIds: z.optional(productIds),
    tags: z.optional(tags),
    rating: z.optional(rating),
  })
  .check(
    z.refine((p) => Object.values(p).some((v) => v !== undefined), {
      message: 'a patch must change at least one of title, body, productIds, tags, rating',
      // Only when the fields themselves are fine: an unknown field is the clearer message.
      when: (payload) => payload.issues.length === 0,
    }),
  )
  .register(z.globalRegistry, { id: 'PostPatch', minProperties: 1, description: 'changes at least one field' });

export const IdeaStatusChange = z.strictObject({ ideaStatus: IdeaStatus }).register(z.globalRegistry, { id: 'IdeaStatusChange' });

export const PostStatus = z.enum(POST_STATUSES).register(z.globalRegistry, {
  id: 'PostStatus',
  description: 'only published posts are visible to everyone; the others only to their author and moderators',
});

export const ReactionCounts = z.record(Reaction, z.int().check(z.minimum(0))).register(z.globalRegistry, { id: 'ReactionCounts' });

/** A rating of a review: a whole number of stars. */
const stars = z.int().check(z.minimum(1), z.maximum(5));
const version = z.int().check(z.minimum(1));

export const Post = z
  .object({
    postId: Ulid,
    communityId: CommunityId,
    kind: PostKind,
    title: z.string(),
    body: z.string(),
    productIds: z.array(ProductId),
    tags: z.array(z.string()),
    rating: z.optional(stars),
    ideaStatus: z.optional(IdeaStatus),
    authorId: MemberId,
    authorName: z.string(),
    status: PostStatus,
    moderation: z.optional(ModerationNote),
    version,
    commentCount: z.int().check(z.minimum(0)),
    reactionCounts: ReactionCounts,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    deletedAt: z.optional(z.iso.datetime()),
  })
  .register(z.globalRegistry, { id: 'Post' });

export const PostRevision = z
  .object({
    postId: Ulid,
    version: z.int().check(z.minimum(1)).register(z.globalRegistry, { description: 'the version this content had' }),
    title: z.string(),
    body: z.string(),
    productIds: z.array(ProductId),
    tags: z.array(z.string()),
    rating: z.optional(stars),
    revisedAt: z.iso.datetime().register(z.globalRegistry, { description: 'when the edit that replaced this content was made' }),
  })
  .register(z.globalRegistry, { id: 'PostRevision' });

export const PostPage = page(Post, 'PostPage');
export const PostRevisionPage = page(PostRevision, 'PostRevisionPage');
export const ProductPostPage = z
  .object({
    productId: ProductId,
    reviewCount: z.int().check(z.minimum(0)),
    averageRating: z.nullable(z.number().check(z.minimum(1), z.maximum(5))),
    items: z.array(Post),
    nextCursor: z.nullable(z.string()),
  })
  .register(z.globalRegistry, { id: 'ProductPostPage' });

export const FeedQuery = z.strictObject({ limit: pageLimit, cursor, kind: z.optional(PostKind) });
export const ProductParams = z.strictObject({ productId: ProductId });
export const MemberParams = z.strictObject({ memberId: MemberId });

export type NewPost = z.infer<typeof NewPost>;
export type PostPatch = z.infer<typeof PostPatch>;
export type Post = z.infer<typeof Post>;
export type PostRevision = z.infer<typeof PostRevision>;
export type IdeaStatus = z.infer<typeof IdeaStatus>;
export type PostStatus = z.infer<typeof PostStatus>;
export type ReactionCounts = z.infer<typeof ReactionCounts>;
