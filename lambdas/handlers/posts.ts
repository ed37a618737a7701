import type { Post } from '../api/post-schemas';
import { postsRoutes } from '../api/routes/posts';
import { postsRuntime } from '../composition/posts';
import { etagOf, expectedVersion } from '../http/conditional';
import { httpHandler } from '../http/http-handler';
import { changeIdeaStatus, withViewerState } from '../ideas/ideas';
import { created, noContent, ok } from '../http/responses';
import { acceptAnswer, unacceptAnswer } from '../posts/answers';
import { putBrandReply, withdrawBrandReply } from '../posts/brand-reply';
import { communityFeed, createPost, deletePost, editPost, memberFeed, postRevisions, productFeed, viewPost } from '../posts/posts';

const withEtag = (post: Post) => ok(post, { etag: etagOf(post) });

export const handler = httpHandler(postsRoutes, postsRuntime, {
  createPost: async ({ caller, params, body, requestKey }, deps) => {
    const post = await createPost(deps, caller, params.communityId, body, requestKey);
    return created(post, `/v1/posts/${post.postId}`, { etag: etagOf(post) });
  },
  listCommunityPosts: async ({ params, query }, deps) =>
    ok(await communityFeed(deps, params.communityId, query.kind, query, query.answered === undefined ? undefined : query.answered === 'true')),
  acceptAnswer: async ({ caller, params, body }, deps) => withEtag(await acceptAnswer(deps, caller, params.postId, body.commentId)),
  unacceptAnswer: async ({ caller, params }, deps) => withEtag(await unacceptAnswer(deps, caller, params.postId)),
  putBrandReply: async ({ caller, params, body }, deps) => {
    const { post, created: isNew } = await putBrandReply(deps, caller, params.postId, body);
    return isNew ? created(post, `/v1/posts/${post.postId}/brand-reply`, { etag: etagOf(post) }) : withEtag(post);
  },
  withdrawBrandReply: async ({ caller, params }, deps) => {
    await withdrawBrandReply(deps, caller, params.postId);
    return noContent();
  },
  getPost: async ({ caller, params }, deps) => {
    const post = await viewPost(deps, caller, params.postId);
    // The ETag is the post's version: what the reader's state adds is not part of it.
    return ok(await withViewerState(deps, caller, post), { etag: etagOf(post) });
  },
  updatePost: async ({ caller, params, body, headers }, deps) =>
    withEtag(await editPost(deps, caller, params.postId, body, expectedVersion(headers['if-match']))),
  deletePost: async ({ caller, params }, deps) => {
    await deletePost(deps, caller, params.postId);
    return noContent();
  },
  listPostRevisions: async ({ caller, params, query }, deps) => ok(await postRevisions(deps, caller, params.postId, query)),
  setIdeaStatus: async ({ caller, params, body }, deps) => withEtag(await changeIdeaStatus(deps, caller, params.postId, body.ideaStatus, body.note)),
  listProductPosts: async ({ params, query }, deps) => ok(await productFeed(deps, params.productId, query.kind, query)),
  listMemberPosts: async ({ params, query }, deps) => ok(await memberFeed(deps, params.memberId, query)),
});
