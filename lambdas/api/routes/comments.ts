/** Comments and replies on a post. Served by lambdas/handlers/comments.ts. */
import { MAX_COMMENT_DEPTH } from '../../comments/model';
import { Comment, CommentPage, CommentParams, NewComment } from '../comment-schemas';
import { PageQuery, PostParams } from '../common-schemas';
import type { GroupRoutes } from '../route-spec';

export const commentsRoutes = [
  {
    method: 'POST',
    path: '/v1/posts/{postId}/comments',
    group: 'comments',
    operationId: 'createComment',
    summary: 'Comment on a post, or reply to a comment',
    params: PostParams,
    body: NewComment,
    idempotent: true,
    success: { status: 201, schema: Comment },
    errors: [404, 409, 413, 415, 422, 429],
    rules: [
      `parentCommentId must name a comment of this post, and replies nest at most ${MAX_COMMENT_DEPTH} levels deep (422)`,
      "a comment the community's blocked terms reject is not posted (422)",
      'a merged idea takes no comments: 409 with `mergedInto`, the idea it was merged into (its comments stay readable)',
    ],
  },
  {
    method: 'GET',
    path: '/v1/posts/{postId}/comments',
    group: 'comments',
    operationId: 'listComments',
    summary: 'Comments of a post, oldest first',
    params: PostParams,
    query: PageQuery,
    success: { status: 200, schema: CommentPage },
    errors: [404],
  },
  {
    method: 'DELETE',
    path: '/v1/posts/{postId}/comments/{commentId}',
    group: 'comments',
    operationId: 'deleteComment',
    summary: 'Delete your comment (replies stay)',
    params: CommentParams,
    success: { status: 204, schema: null },
    errors: [403, 404],
  },
] as const satisfies GroupRoutes<'comments'>;
