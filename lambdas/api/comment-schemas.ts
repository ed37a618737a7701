/** The comments group's request and response schemas. */
import * as z from 'zod/mini';
import { COMMENT_STATUSES, MAX_COMMENT_DEPTH } from '../comments/model';
import { MemberId, ModerationNote, page, text, Ulid } from './common-schemas';

export const NewComment = z
  .strictObject({
    body: text('body', 1, 5000),
    parentCommentId: z.optional(Ulid),
  })
  .register(z.globalRegistry, { id: 'NewComment' });

export const Comment = z
  .object({
    commentId: Ulid,
    postId: Ulid,
    parentCommentId: z.nullable(Ulid),
    depth: z.int().check(z.minimum(0), z.maximum(MAX_COMMENT_DEPTH)),
    status: z.enum(COMMENT_STATUSES).register(z.globalRegistry, { description: 'held and rejected comments are shown only to their author and moderators' }),
    moderation: z.optional(ModerationNote),
    body: z.string().register(z.globalRegistry, { description: 'empty once the comment is deleted' }),
    authorId: MemberId,
    authorName: z.string(),
    deleted: z.boolean(),
    createdAt: z.iso.datetime(),
  })
  .register(z.globalRegistry, { id: 'Comment' });

export const CommentPage = page(Comment, 'CommentPage');
export const CommentParams = z.strictObject({ postId: Ulid, commentId: Ulid });

export type NewComment = z.infer<typeof NewComment>;
export type Comment = z.infer<typeof Comment>;
