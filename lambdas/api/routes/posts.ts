/** Posts: write, edit (conditional on the ETag), delete, idea statuses, and the community, product and member feeds. Served by lambdas/handlers/posts.ts. */
import { CommunityParams, PageQuery, PostParams } from '../common-schemas';
import { FeedQuery, IdeaStatusChange, MemberParams, NewPost, Post, PostPage, PostPatch, PostRevisionPage, ProductParams, ProductPostPage } from '../post-schemas';
import type { GroupRoutes } from '../route-spec';

export const postsRoutes = [
  { method: 'POST', path: '/v1/communities/{communityId}/posts', group: 'posts', operationId: 'createPost', summary: 'Post a discussion, question, review or idea', params: CommunityParams, body: NewPost, idempotent: true, success: { status: 201, schema: Post }, errors: [404, 409, 413, 415, 422, 429] },
  { method: 'GET', path: '/v1/communities/{communityId}/posts', group: 'posts', operationId: 'listCommunityPosts', summary: 'Community feed, newest first, optionally one kind', params: CommunityParams, query: FeedQuery, success: { status: 200, schema: PostPage }, errors: [404] },
  { method: 'GET', path: '/v1/posts/{postId}', group: 'posts', operationId: 'getPost', summary: 'One post (deleted posts: author and moderators only)', params: PostParams, success: { status: 200, schema: Post }, errors: [404] },
  { method: 'PATCH', path: '/v1/posts/{postId}', group: 'posts', operationId: 'updatePost', summary: 'Edit your post (If-Match: its ETag)', params: PostParams, body: PostPatch, conditional: true, success: { status: 200, schema: Post }, errors: [403, 404, 412, 413, 415, 422, 428] },
  { method: 'DELETE', path: '/v1/posts/{postId}', group: 'posts', operationId: 'deletePost', summary: 'Delete your post (a tombstone feeds skip)', params: PostParams, success: { status: 204, schema: null }, errors: [403, 404] },
  { method: 'GET', path: '/v1/posts/{postId}/revisions', group: 'posts', operationId: 'listPostRevisions', summary: "Earlier versions of a post, newest first (its author and moderators)", params: PostParams, query: PageQuery, success: { status: 200, schema: PostRevisionPage }, errors: [403, 404] },
  { method: 'PUT', path: '/v1/posts/{postId}/idea-status', group: 'posts', operationId: 'setIdeaStatus', summary: 'Move an idea through its statuses (community managers)', params: PostParams, body: IdeaStatusChange, success: { status: 200, schema: Post }, errors: [403, 404, 413, 415, 422] },
  { method: 'GET', path: '/v1/products/{productId}/posts', group: 'posts', operationId: 'listProductPosts', summary: 'Posts about a product, newest first, with review count and average rating', params: ProductParams, query: FeedQuery, success: { status: 200, schema: ProductPostPage }, errors: [] },
  { method: 'GET', path: '/v1/members/{memberId}/posts', group: 'posts', operationId: 'listMemberPosts', summary: "A member's published posts, newest first", params: MemberParams, query: PageQuery, success: { status: 200, schema: PostPage }, errors: [] },
] as const satisfies GroupRoutes<'posts'>;
