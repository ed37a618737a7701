/**
 * Every route x every role. The table below is checked against the route table, so a new route
 * without an authorization row fails this suite.
 */
import { routes } from '../../lambdas/api/routes';
import { api, tokenFor, uniqueId } from './support/api';

type Role = 'anonymous' | 'author' | 'member' | 'moderator' | 'manager' | 'finance';
const ROLES: Role[] = ['anonymous', 'author', 'member', 'moderator', 'manager', 'finance'];
type Client = ReturnType<typeof api>;

let clients: Record<Role, Client>;
let communityId: string;

const fresh = async () => {
  const post = (await clients.author.post(`/v1/communities/${communityId}/posts`, { kind: 'idea', title: 'An idea', body: 'Make it lighter' })).body;
  const comment = (await clients.author.post(`/v1/posts/${post.postId}/comments`, { body: 'a comment' })).body;
  return { postId: post.postId as string, commentId: comment.commentId as string };
};

/** For each operation: how to call it, and the status each role gets. */
const matrix: Record<string, { call: (c: Client) => Promise<{ status: number }>; expect: Partial<Record<Role, number>> & { default: number } }> = {
  getHealth: { call: (c) => c.get('/v1/health'), expect: { default: 200 } },
  getOpenApi: { call: (c) => c.get('/v1/openapi.json'), expect: { default: 200 } },
  getMe: { call: (c) => c.get('/v1/me'), expect: { default: 200 } },
  listCommunities: { call: (c) => c.get('/v1/communities'), expect: { default: 200 } },
  createCommunity: { call: (c) => c.post('/v1/communities', { communityId: uniqueId('authz'), name: 'x' }), expect: { default: 403, manager: 201 } },
  getCommunity: { call: (c) => c.get(`/v1/communities/${communityId}`), expect: { default: 200 } },
  createPost: { call: (c) => c.post(`/v1/communities/${communityId}/posts`, { kind: 'discussion', title: 't', body: 'b' }), expect: { default: 201 } },
  listCommunityPosts: { call: (c) => c.get(`/v1/communities/${communityId}/posts`), expect: { default: 200 } },
  getPost: { call: async (c) => c.get(`/v1/posts/${(await fresh()).postId}`), expect: { default: 200 } },
  updatePost: { call: async (c) => c.patch(`/v1/posts/${(await fresh()).postId}`, { title: 'changed' }, { 'if-match': '"1"' }), expect: { default: 403, author: 200 } },
  deletePost: { call: async (c) => c.delete(`/v1/posts/${(await fresh()).postId}`), expect: { default: 403, author: 204, moderator: 204 } },
  listPostRevisions: { call: async (c) => c.get(`/v1/posts/${(await fresh()).postId}/revisions`), expect: { default: 403, author: 200, moderator: 200 } },
  setIdeaStatus: { call: async (c) => c.put(`/v1/posts/${(await fresh()).postId}/idea-status`, { ideaStatus: 'planned' }), expect: { default: 403, manager: 200 } },
  listProductPosts: { call: (c) => c.get('/v1/products/SKU-AUTHZ/posts'), expect: { default: 200 } },
  listMemberPosts: { call: (c) => c.get('/v1/members/someone/posts'), expect: { default: 200 } },
  createComment: { call: async (c) => c.post(`/v1/posts/${(await fresh()).postId}/comments`, { body: 'hi' }), expect: { default: 201 } },
  listComments: { call: async (c) => c.get(`/v1/posts/${(await fresh()).postId}/comments`), expect: { default: 200 } },
  deleteComment: {
    call: async (c) => {
      const { postId, commentId } = await fresh();
      return c.delete(`/v1/posts/${postId}/comments/${commentId}`);
    },
    expect: { default: 403, author: 204, moderator: 204 },
  },
  addReaction: { call: async (c) => c.put(`/v1/posts/${(await fresh()).postId}/reactions/like`), expect: { default: 200 } },
  removeReaction: { call: async (c) => c.delete(`/v1/posts/${(await fresh()).postId}/reactions/like`), expect: { default: 200 } },
};

beforeAll(async () => {
  const [author, member, moderator, manager, finance] = await Promise.all([
    tokenFor('authz-author', ['members']),
    tokenFor('authz-member', ['members']),
    tokenFor('authz-moderator', ['moderators']),
    tokenFor('authz-manager', ['community-managers']),
    tokenFor('authz-finance', ['finance']),
  ]);
  clients = { anonymous: api(), author: api(author), member: api(member), moderator: api(moderator), manager: api(manager), finance: api(finance) };
  communityId = uniqueId('authz');
  const created = await clients.manager.post('/v1/communities', { communityId, name: 'Authorization', rateLimits: { postsPerMinute: 600, commentsPerMinute: 600 } });
  expect(created.status).toBe(201);
});

it('has a row for every route in the route table', () => {
  expect(Object.keys(matrix).sort()).toEqual(routes.map((r) => r.operationId).sort());
});

const cases = routes.flatMap((route) => ROLES.map((role) => ({ route, role })));

it.each(cases)('$route.method $route.path as $role', async ({ route, role }) => {
  const row = matrix[route.operationId]!;
  const isPublic = 'public' in route && route.public;
  const expected = role === 'anonymous' && !isPublic ? 401 : (row.expect[role] ?? row.expect.default);
  const res = await row.call(clients[role]);
  expect(res.status).toBe(expected);
});
