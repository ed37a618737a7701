/**
 * Accepted answers: a question's author or staff marks one published comment as the answer. The
 * question shows it, moves to the answered partition of its community's questions, and its desk
 * item (if open) leaves the desk with the acceptance as its first reaction, in the same transaction.
 */
import type { Post } from '../api/schemas';
import { answeredWith } from '../desk/desk';
import { isStaff, type Caller } from '../domain/caller';
import { ConflictError, ForbiddenError, UnprocessableError } from '../domain/errors';
import type { ChorusDeps } from '../domain/ports';
import { getPost, settle, type PostsDeps } from './posts';
import { asSeenBy, isAuthor } from './visibility';

export type AnswerDeps = PostsDeps & Pick<ChorusDeps, 'comments' | 'desk'>;

async function questionFor(deps: AnswerDeps, caller: Caller, postId: string): Promise<Post> {
  const post = await getPost(deps, caller, postId);
  if (post.kind !== 'question')
    throw new UnprocessableError(`post ${postId} is a ${post.kind}; only questions have an accepted answer`, [
      { field: 'path.postId', message: 'not a question' },
    ]);
  if (!isAuthor(post, caller) && !isStaff(caller))
    throw new ForbiddenError("only the question's author or staff (retail-staff, community-managers) accept an answer");
  if (post.status !== 'published') throw new ConflictError(`post ${postId} is ${post.status}; only a published question takes an answer`);
  return post;
}

export async function acceptAnswer(deps: AnswerDeps, caller: Caller, postId: string, commentId: string): Promise<Post> {
  const current = await questionFor(deps, caller, postId);
  const comment = await deps.comments.getComment(postId, commentId);
  if (!comment || comment.deleted || comment.status !== 'published')
    throw new UnprocessableError(`comment ${commentId} is not a published comment of post ${postId}`, [
      { field: 'body.commentId', message: 'no published comment with this id on this question' },
    ]);
  if (current.acceptedAnswer?.commentId === commentId) return asSeenBy(current, caller);
  const now = deps.clock();
  const at = now.toISOString();
  const next: Post = {
    ...current,
    acceptedAnswer: { commentId, answerAuthorId: comment.authorId, acceptedBy: caller.memberId, acceptedAt: at },
    version: current.version + 1,
    updatedAt: at,
  };
  const desk = await answeredWith(deps, caller, postId, commentId, now);
  return asSeenBy(settle(current, await deps.posts.setAcceptedAnswer(current, next, caller.memberId, desk)), caller);
}

/** Takes the acceptance back: the question is unanswered again (its desk item, if any, keeps its first reaction). */
export async function unacceptAnswer(deps: AnswerDeps, caller: Caller, postId: string): Promise<Post> {
  const current = await questionFor(deps, caller, postId);
  if (current.acceptedAnswer === undefined) return asSeenBy(current, caller);
  const at = deps.clock().toISOString();
  const { acceptedAnswer: _taken, ...rest } = current;
  const next: Post = { ...rest, version: current.version + 1, updatedAt: at };
  return asSeenBy(settle(current, await deps.posts.setAcceptedAnswer(current, next, caller.memberId)), caller);
}
