import type { Comment, NewComment } from '../api/schemas';
import { roleOf } from '../desk/desk-item';
import { respondingWith } from '../desk/desk';
import { isModerator, isStaff, type Caller } from '../domain/caller';
import { newId } from '../domain/clock';
import { ConflictError, ForbiddenError, NotFoundError, UnprocessableError } from '../domain/errors';
import { createOnce, type RequestKey } from '../domain/once';
import type { ChorusDeps, Page, PageRequest } from '../domain/ports';
import { enforceRateLimit } from '../domain/rate-limit';
import { screenContent } from '../moderation/screen-content';
import { DEFAULT_POLICY } from '../moderation/screening';
import { getPost, refuseOnMergedIdea } from '../posts/posts';
import { asSeenBy } from '../posts/visibility';
import { MAX_COMMENT_DEPTH } from './model';

/** What the comment use cases need: the post commented on, comments, rate windows, and the moderation store for screening. */
export type CommentsDeps = Pick<ChorusDeps, 'communities' | 'posts' | 'comments' | 'rateLimiter' | 'moderation' | 'desk' | 'requests' | 'clock'>;

/** How often a staff comment reads the desk item again when it moved under it (a lease, a competing reaction). */
const MAX_DESK_ATTEMPTS = 5;

/** Comments on a post; with a request key, once per key (a repeat answers with the first comment). */
export const createComment = (deps: CommentsDeps, caller: Caller, postId: string, input: NewComment, requestKey?: RequestKey): Promise<Comment> =>
  createOnce(deps, caller.memberId, requestKey, async (markerOf) => {
    const post = await getPost(deps, caller, postId);
    if (post.status !== 'published') throw new ConflictError(`post ${postId} is deleted and takes no comments`);
    refuseOnMergedIdea(post, 'a merged idea takes no comments');
    let depth = 0;
    if (input.parentCommentId) {
      const parent = await deps.comments.getComment(postId, input.parentCommentId);
      if (!parent) {
        throw new UnprocessableError(`parentCommentId ${input.parentCommentId} is not a comment of post ${postId}`, [
          { field: 'body.parentCommentId', message: 'no such comment on this post' },
        ]);
      }
      if (parent.deleted) throw new ConflictError(`comment ${parent.commentId} is deleted and takes no replies`);
      depth = parent.depth + 1;
      if (depth > MAX_COMMENT_DEPTH) {
        throw new UnprocessableError(`replies nest at most ${MAX_COMMENT_DEPTH} levels deep; reply to a comment higher in the thread`, [
          { field: 'body.parentCommentId', message: `replies nest at most ${MAX_COMMENT_DEPTH} levels deep` },
        ]);
      }
    }
    const community = await deps.communities.getCommunity(post.communityId);
    if (community) await enforceRateLimit(deps, caller, 'comment', post.communityId, community.rateLimits.commentsPerMinute);
    const now = deps.clock();
    const commentId = newId(deps.clock);
    const screening = await screenContent(
      deps,
      { kind: 'comment', communityId: post.communityId, postId, commentId, postKind: post.kind, authorId: caller.memberId, text: input.body },
      { isNew: true, ...(community ? { policy: community.moderationPolicy ?? DEFAULT_POLICY } : {}) },
    );
    if (screening.status === 'rejected') {
      throw new UnprocessableError(`this comment breaks the community's rules (${screening.moderation?.reasonCode}) and was not posted`, [
        { field: 'body.body', message: `refused by the community's rules: ${screening.moderation?.reasonCode}` },
      ]);
    }
    const comment: Comment = {
      commentId,
      postId,
      parentCommentId: input.parentCommentId ?? null,
      depth,
      status: screening.status,
      ...(screening.moderation ? { moderation: screening.moderation } : {}),
      body: input.body,
      authorId: caller.memberId,
      authorName: caller.username,
      // A staff member's comment is the brand speaking: marked official, with their team.
      ...(isStaff(caller) ? { official: true as const, responderTeam: caller.team ?? null, responderRole: roleOf(caller) } : {}),
      deleted: false,
      createdAt: now.toISOString(),
    };
    const answer = asSeenBy(comment, caller);
    for (let attempt = 1; ; attempt++) {
      // A published official comment is the first staff reaction to the post's desk item, in the same transaction.
      const desk = comment.status === 'published' ? await respondingWith(deps, caller, postId, commentId, now) : undefined;
      const writes = desk ? { ...screening.writes, desk } : screening.writes;
      const outcome = await deps.comments.createComment(comment, post, writes, markerOf(commentId, answer));
      if (outcome === 'created') return answer;
      if (outcome === 'missing') throw new ConflictError(`post ${postId} or the comment replied to was deleted meanwhile`);
      // The desk item moved since it was read (another staff reaction won, or a lease changed): read it
      // again; if it left the desk the comment goes in alone, posted and official all the same.
      if (attempt >= MAX_DESK_ATTEMPTS) throw new ConflictError(`the desk item of post ${postId} keeps changing; post the comment again`);
    }
  });

/** Held and rejected comments show only to their author and moderators (a page may come back shorter). */
export async function listComments(deps: Pick<CommentsDeps, 'posts' | 'comments'>, caller: Caller, postId: string, page: PageRequest): Promise<Page<Comment>> {
  await getPost(deps, caller, postId);
  const comments = await deps.comments.listComments(postId, page);
  const visible = (c: Comment) => c.status === 'published' || c.authorId === caller.memberId || isModerator(caller);
  return { items: comments.items.filter(visible).map((c) => asSeenBy(c, caller)), nextCursor: comments.nextCursor };
}

export async function deleteComment(deps: Pick<CommentsDeps, 'comments' | 'clock'>, caller: Caller, postId: string, commentId: string): Promise<void> {
  const comment = await deps.comments.getComment(postId, commentId);
  if (!comment) throw new NotFoundError(`comment ${commentId} does not exist on post ${postId}`);
  if (comment.authorId !== caller.memberId && !isModerator(caller)) throw new ForbiddenError('only the author or a moderator can delete a comment');
  if (comment.deleted) return;
  await deps.comments.deleteComment(comment, deps.clock().toISOString(), caller.memberId);
}
