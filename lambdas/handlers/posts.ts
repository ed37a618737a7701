import type { Post } from '../api/post-schemas';
import { postsRoutes } from '../api/routes/posts';
import { postsRuntime } from '../composition/posts';
import { etagOf, expectedVersion } from '../http/conditional';
import { httpHandler } from '../http/http-handler';
import { created, noContent, ok } from '../http/responses';
import { acceptAnswer, unacceptAnswer } from '../posts/answers';
import { communityFeed, createPost, deletePost, editPost, memberFeed, postRevisions, productFeed, setIdeaStatus, viewPost } from '../posts/posts';

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
  getPost: async ({ caller, params }, deps) => withEtag(await viewPost(deps, caller, params.postId)),
  updatePost: async ({ caller, params, body, headers }, deps) =>
    withEtag(await editPost(deps, caller, params.postId, body, expectedVersion(headers['if-match']))),
  deletePost: async ({ caller, params }, deps) => {
    await deletePost(deps, caller, params.postId);
    return noContent();
  },
  listPostRevisions: async ({ caller, params, query }, deps) => ok(await postRevisions(deps, caller, params.postId, query)),
  setIdeaStatus: async ({ caller, params, body }, deps) => withEtag(await setIdeaStatus(deps, caller, params.postId, body.ideaStatus)),
  listProductPosts: async ({ params, query }, deps) => ok(await productFeed(deps, params.productId, query.kind, query)),
  listMemberPosts: async ({ params, query }, deps) => ok(await memberFeed(deps, params.memberId, query)),
});
