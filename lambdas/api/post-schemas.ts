/** The posts group's request and response schemas: posts, revisions, idea statuses and feeds. */
import * as z from 'zod/mini';
import { RESPONDER_ROLES } from '../desk/model';
import { IDEA_STATUSES, MAX_PRODUCTS_PER_POST, MAX_TAGS_PER_POST, POST_KINDS, POST_STATUSES } from '../posts/model';
import { CommunityId, cursor, MemberId, ModerationNote, page, pageLimit, PostKind, ProductId, Reaction, text, Ulid } from './common-schemas';

/** Adds a description to a schema (a wrapper of its own: a shared schema keeps none), as the document states it. */
export const described = <T extends z.ZodMiniType>(schema: T, description: string): T => {
  z.globalRegistry.add(schema, { description });
  return schema;
};

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

export const IdeaStatusChange = z
  .strictObject({
    ideaStatus: IdeaStatus,
    note: described(z.optional(text('note', 1, 2000)), "the official status note shown on the idea's timeline (partners must give one)"),
  })
  .register(z.globalRegistry, { id: 'IdeaStatusChange' });

export const PostStatus = z.enum(POST_STATUSES).register(z.globalRegistry, {
  id: 'PostStatus',
  description: 'only published posts are visible to everyone; the others only to their author and moderators',
});

export const ReactionCounts = z.record(Reaction, z.int().check(z.minimum(0))).register(z.globalRegistry, { id: 'ReactionCounts' });

/** A rating of a review: a whole number of stars. */
const stars = z.int().check(z.minimum(1), z.maximum(5));
const version = z.int().check(z.minimum(1));

/** The brand's one official reply to a review (PUT /v1/posts/{postId}/brand-reply), shown on the review. */
export const BrandReply = z
  .object({
    body: z.string(),
    responderTeam: described(
      z.nullable(z.string()),
      'the team of the staff member who last wrote it ("customer-care", "product"), null when their profile names none',
    ),
    responderRole: z.enum(RESPONDER_ROLES).register(z.globalRegistry, { description: 'retail-staff or community-manager' }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    editedBy: described(MemberId, 'the staff member who wrote this version'),
    version: described(z.int().check(z.minimum(1)), 'send it back to edit this version (PUT with `version`)'),
  })
  .register(z.globalRegistry, { id: 'BrandReply' });

export const BrandReplyInput = z
  .strictObject({
    body: text('body', 1, 5000),
    version: described(
      z.optional(z.int('version must be a whole number').check(z.minimum(1, 'version must be 1 or more'))),
      "omit to post the first reply (409 if the review has one); the reply's current version to edit it (409 if it moved)",
    ),
  })
  .register(z.globalRegistry, { id: 'BrandReplyInput' });

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
    acceptedAnswer: z.optional(
      z
        .object({ commentId: Ulid, answerAuthorId: MemberId, acceptedBy: MemberId, acceptedAt: z.iso.datetime() })
        .register(z.globalRegistry, { description: "questions: the comment the question's author or staff accepted as the answer" }),
    ),
    brandReply: described(z.optional(BrandReply), "reviews: the brand's official reply, if staff posted one"),
    officialResponseCount: described(
      z.int().check(z.minimum(0)),
      "official responses on the post: staff members' published comments and the brand reply (an accepted answer shows as acceptedAnswer)",
    ),
    hasOfficialResponse: described(z.boolean(), 'officialResponseCount > 0: the brand has responded (kept on the post, so a feed needs no extra read)'),
    mergedInto: described(z.optional(Ulid), 'a merged idea: the idea it was merged into (read-only while merged)'),
    voteCount: described(z.optional(z.int().check(z.minimum(0))), 'ideas: how many members vote for it'),
    viewerHasVoted: described(z.optional(z.boolean()), 'ideas, to a signed-in caller: whether the caller votes for it'),
    viewerReactions: described(z.optional(z.array(Reaction)), "to a signed-in caller reading one post: the caller's reactions"),
  })
  .register(z.globalRegistry, { id: 'Post' });

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
export type Post = z.infer<typeof Post>;
export type BrandReply = z.infer<typeof BrandReply>;
export type BrandReplyInput = z.infer<typeof BrandReplyInput>;
export type PostRevision = z.infer<typeof PostRevision>;
export type IdeaStatus = z.infer<typeof IdeaStatus>;
export type PostStatus = z.infer<typeof PostStatus>;
export type ReactionCounts = z.infer<typeof ReactionCounts>;
