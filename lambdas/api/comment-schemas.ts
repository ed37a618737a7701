/** The comments group's request and response schemas. */
import * as z from 'zod';
import { COMMENT_STATUSES, MAX_COMMENT_DEPTH } from '../comments/model';
import { RESPONDER_ROLES } from '../desk/model';
import { MemberId, ModerationNote, page, text, Ulid } from './common-schemas';

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
    official: z.literal(true).optional().describe("present on a staff member's comment: the brand's official response"),
    responderTeam: z
      .string()
      .nullable()
      .optional()
      .describe('official comments: the responder\'s team ("customer-care", "product"), null when their profile names none'),
    responderRole: z.enum(RESPONDER_ROLES).optional().describe('official comments: retail-staff or community-manager'),
    deleted: z.boolean(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Comment' });

export const CommentPage = page(Comment, 'CommentPage');
export const CommentParams = z.strictObject({ postId: Ulid, commentId: Ulid });

export type NewComment = z.infer<typeof NewComment>;
export type Comment = z.infer<typeof Comment>;
