import { commentsRoutes } from '../api/routes/comments';
import { createComment, deleteComment, listComments } from '../comments/comments';
import { commentsRuntime } from '../composition/comments';
import { httpHandler } from '../http/http-handler';
import { created, noContent, ok } from '../http/responses';

export const handler = httpHandler(commentsRoutes, commentsRuntime, {
  createComment: async ({ caller, params, body, requestKey }, deps) => {
    const comment = await createComment(deps, caller, params.postId, body, requestKey);
    return created(comment, `/v1/posts/${comment.postId}/comments/${comment.commentId}`);
  },
  listComments: async ({ caller, params, query }, deps) => ok(await listComments(deps, caller, params.postId, query)),
  deleteComment: async ({ caller, params }, deps) => {
    await deleteComment(deps, caller, params.postId, params.commentId);
    return noContent();
  },
});
