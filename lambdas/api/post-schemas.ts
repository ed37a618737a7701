/** The posts group's request and response schemas: posts, revisions, idea statuses and feeds. */
import * as z from 'zod/mini';
import { MAX_PRODUCTS_PER_POST, MAX_TAGS_PER_POST, POST_KINDS } from '../posts/model';
import { cursor, MemberId, page, pageLimit, PostKind, ProductId, text, Ulid } from './common-schemas';
import { described, IdeaStatus, Post, stars } from './post-view-schemas';

// A post as every group shows it lives in post-view-schemas.ts (groups that list posts import it alone).
export { BrandReply, described, IdeaStatus, Post, PostStatus, ReactionCounts } from './post-view-schemas';

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

export const IdeaStatusChange = z
  .strictObject({
    ideaStatus: IdeaStatus,
    note: described(z.optional(text('note', 1, 2000)), "the official status note shown on the idea's timeline (partners must give one)"),
  })
  .register(z.globalRegistry, { id: 'IdeaStatusChange' });

export const BrandReplyInput = z
  .strictObject({
    body: text('body', 1, 5000),
    version: described(
      z.optional(z.int('version must be a whole number').check(z.minimum(1, 'version must be 1 or more'))),
      "omit to post the first reply (409 if the review has one); the reply's current version to edit it (409 if it moved)",
    ),
  })
  .register(z.globalRegistry, { id: 'BrandReplyInput' });

export const AcceptedAnswer = z.strictObject({ commentId: Ulid }).register(z.globalRegistry, { id: 'AcceptedAnswer' });

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

export const FeedQuery = z.strictObject({
  limit: pageLimit,
  cursor,
  kind: z.optional(PostKind),
  answered: z.optional(
    z
      .enum(['true', 'false'], { error: 'answered must be true or false' })
      .register(z.globalRegistry, { description: 'questions only: with (true) or without (false) an accepted answer; implies kind=question' }),
  ),
});
export const ProductParams = z.strictObject({ productId: ProductId });
export const MemberParams = z.strictObject({ memberId: MemberId });

export type NewPost = z.infer<typeof NewPost>;
export type PostPatch = z.infer<typeof PostPatch>;
export type BrandReplyInput = z.infer<typeof BrandReplyInput>;
export type PostRevision = z.infer<typeof PostRevision>;
