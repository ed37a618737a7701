/**
 * A post as every group shows it (the posts group's pages, the ideas' boards, the changelog): the
 * response shape without the posts group's requests (post-schemas.ts), so a group that lists posts
 * carries no create or patch schemas.
 */
import * as z from 'zod/mini';
import { RESPONDER_ROLES } from '../desk/model';
import { IDEA_STATUSES, POST_STATUSES } from '../posts/model';
import { CommunityId, described, MemberId, ModerationNote, PostKind, ProductId, Reaction, Ulid } from './common-schemas';

export { described } from './common-schemas';

export const IdeaStatus = z.enum(IDEA_STATUSES).register(z.globalRegistry, { id: 'IdeaStatus' });

export const PostStatus = z.enum(POST_STATUSES).register(z.globalRegistry, {
  id: 'PostStatus',
  description: 'only published posts are visible to everyone; the others only to their author and moderators',
});

export const ReactionCounts = z.record(Reaction, z.int().check(z.minimum(0))).register(z.globalRegistry, { id: 'ReactionCounts' });

/** A rating of a review: a whole number of stars. */
export const stars = z.int().check(z.minimum(1), z.maximum(5));
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

export type Post = z.infer<typeof Post>;
export type BrandReply = z.infer<typeof BrandReply>;
export type IdeaStatus = z.infer<typeof IdeaStatus>;
export type PostStatus = z.infer<typeof PostStatus>;
export type ReactionCounts = z.infer<typeof ReactionCounts>;
