/**
 * Every route x every role. The table below is checked against the route table, so a new route
 * without an authorization row fails this suite.
 */
import { randomUUID } from 'node:crypto';
import { routes } from '../../lambdas/api/routes';
import { api, tokenFor, uniqueId } from './support/api';

type Role = 'anonymous' | 'author' | 'member' | 'moderator' | 'manager' | 'finance' | 'staff' | 'partner';
/** `partner`: in the partners group only, team supply-chain; refused (403) on every route not open to partners. */
const ROLES: Role[] = ['anonymous', 'author', 'member', 'moderator', 'manager', 'finance', 'staff', 'partner'];
type Client = ReturnType<typeof api>;

let clients: Record<Role, Client>;
const POLICY = { blockedTerms: ['scam'], watchedTerms: ['refund'], reportThreshold: 100 };
/** Questions only: the ideas the other rows post stay off the desk. */
const RESPONSE_POLICY = { question: { withinHours: 4 }, review: null, idea: null };
let communityId: string;

const fresh = async () => {
  const post = (await clients.author.post(`/v1/communities/${communityId}/posts`, { kind: 'idea', title: 'An idea', body: 'Make it lighter' })).body;
  const comment = (await clients.author.post(`/v1/posts/${post.postId}/comments`, { body: 'a comment' })).body;
  return { postId: post.postId as string, commentId: comment.commentId as string };
};

/** A post screening holds (the community watches "refund"), so it has a queue item. */
const heldItem = async () => {
  const post = (await clients.author.post(`/v1/communities/${communityId}/posts`, { kind: 'discussion', title: 'Held', body: 'refund please' })).body;
  return `post-${post.postId as string}`;
};
const leasedItem = async (c: Client) => {
  const itemId = await heldItem();
  const leased = await clients.moderator.put(`/v1/moderation/items/${itemId}/lease`);
  // Only a moderator can hold a lease; for everyone else the item stays free and the call is refused first.
  return { itemId, version: (leased.body?.version as number | undefined) ?? 1, client: c };
};

/** A question the community's response policy puts on the desk: its desk item. */
const deskItem = async () => {
  const post = (await clients.author.post(`/v1/communities/${communityId}/posts`, { kind: 'question', title: 'A question', body: 'Does it fit?' })).body;
  return `desk-${post.postId as string}`;
};
/** A fresh 1-star review (the brand replies to reviews). */
const lowReview = async () =>
  (
    await clients.author.post(`/v1/communities/${communityId}/posts`, {
      kind: 'review',
      title: 'Poor',
      body: 'It broke.',
      productIds: ['SKU-AUTHZ'],
      rating: 1,
    })
  ).body.postId as string;

/** A fresh idea assigned to supply-chain (the partner's team). */
const assignedIdea = async () => {
  const { postId } = await fresh();
  expect((await clients.manager.put(`/v1/posts/${postId}/assignment`, { team: 'supply-chain' })).status).toBe(200);
  return postId;
};
/** A fresh idea merged into another by the manager. */
const mergedIdea = async () => {
  const [x, y] = await Promise.all([fresh(), fresh()]);
  expect((await clients.manager.post(`/v1/posts/${x.postId}/merge`, { targetPostId: y.postId })).status).toBe(200);
  return x.postId;
};

/** A sanction a moderator of its own issued on a member of its own (never one of the roles: they must stay free). */
const sanctionOfOwnMember = async (appealed = false) => {
  const issuer = api(await tokenFor('authz-issuer', ['moderators']));
  const sanctioned = api(await tokenFor(uniqueId('authz-sanctioned'), ['members']));
  const memberId = (await sanctioned.get('/v1/me')).body.memberId as string;
  const sanction = (await issuer.post(`/v1/members/${memberId}/sanctions`, { kind: 'warn', reasonCode: 'spam' })).body;
  if (appealed) await sanctioned.post(`/v1/me/sanctions/${sanction.sanctionId}/appeal`, { text: 'please' });
  return { memberId, sanctionId: sanction.sanctionId as string };
};

/** A warning (it restricts nothing) for the caller, so they have a sanction of their own to appeal. */
const warnCaller = async (c: Client) => {
  const me = await c.get('/v1/me');
  if (me.status !== 200) return '01JD0000000000000000000000';
  const issuer = api(await tokenFor('authz-issuer', ['moderators']));
  return (await issuer.post(`/v1/members/${me.body.memberId}/sanctions`, { kind: 'warn', reasonCode: 'off-topic' })).body.sanctionId as string;
};

/**
 * A new account in the caller's groups: for routes that act on the caller's whole account (export,
 * erasure), so the shared role accounts the other rows use are never exported or erased. Anonymous
 * stays anonymous.
 */
const ownAccountLike = async (c: Client): Promise<Client> => {
  const me = await c.get('/v1/me');
  return me.status === 200 ? api(await tokenFor(uniqueId('authz-account'), me.body.groups as string[])) : c;
};

/** For each operation: how to call it, and the status each role gets. */
const matrix: Record<string, { call: (c: Client) => Promise<{ status: number }>; expect: Partial<Record<Role, number>> & { default: number } }> = {
  getHealth: { call: (c) => c.get('/v1/health'), expect: { default: 200 } },
  getOpenApi: { call: (c) => c.get('/v1/openapi.json'), expect: { default: 200 } },
  getMe: { call: (c) => c.get('/v1/me'), expect: { default: 200 } },
  listOwnSanctions: { call: (c) => c.get('/v1/me/sanctions'), expect: { default: 200 } },
  appealSanction: { call: async (c) => c.post(`/v1/me/sanctions/${await warnCaller(c)}/appeal`, { text: 'I disagree' }), expect: { default: 201 } },
  sanctionMember: {
    call: (c) => c.post(`/v1/members/${uniqueId('authz-target')}/sanctions`, { kind: 'warn', reasonCode: 'spam' }),
    expect: { default: 403, moderator: 201 },
  },
  liftSanction: {
    call: async (c) => {
      const { memberId, sanctionId } = await sanctionOfOwnMember();
      return c.delete(`/v1/members/${memberId}/sanctions/${sanctionId}`);
    },
    expect: { default: 403, moderator: 200 },
  },
  decideSanctionAppeal: {
    call: async (c) => {
      const { memberId, sanctionId } = await sanctionOfOwnMember(true);
      return c.post(`/v1/members/${memberId}/sanctions/${sanctionId}/appeal-decision`, { outcome: 'uphold' });
    },
    expect: { default: 403, moderator: 200 },
  },
  startExport: { call: async (c) => (await ownAccountLike(c)).post('/v1/me/export'), expect: { default: 202 } },
  getExport: {
    call: async (c) => {
      const account = await ownAccountLike(c);
      await account.post('/v1/me/export');
      return account.get('/v1/me/export');
    },
    expect: { default: 200 },
  },
  eraseMe: { call: async (c) => (await ownAccountLike(c)).delete('/v1/me'), expect: { default: 202 } },
  eraseMember: {
    call: (c) => c.post(`/v1/members/${uniqueId('authz-erased')}/erasure`, { content: 'de-identify', reference: 'AUTHZ' }),
    expect: { default: 403, manager: 202 },
  },
  getErasure: {
    call: async (c) => {
      const manager = api(await tokenFor('authz-eraser', ['community-managers']));
      const erasure = await manager.post(`/v1/members/${uniqueId('authz-erased')}/erasure`, { content: 'de-identify' });
      return c.get(`/v1/erasures/${erasure.body.erasureId}`);
    },
    expect: { default: 403, manager: 200 },
  },
  listSanctionAppeals: { call: (c) => c.get('/v1/sanction-appeals'), expect: { default: 403, moderator: 200 } },
  getMemberRecord: { call: (c) => c.get('/v1/members/authz-author/record'), expect: { default: 403, moderator: 200 } },
  addMemberNote: { call: (c) => c.post('/v1/members/authz-author/notes', { text: 'a note' }), expect: { default: 403, moderator: 201 } },
  listCommunities: { call: (c) => c.get('/v1/communities'), expect: { default: 200 } },
  createCommunity: { call: (c) => c.post('/v1/communities', { communityId: uniqueId('authz'), name: 'x' }), expect: { default: 403, manager: 201 } },
  getCommunity: { call: (c) => c.get(`/v1/communities/${communityId}`), expect: { default: 200 } },
  createPost: { call: (c) => c.post(`/v1/communities/${communityId}/posts`, { kind: 'discussion', title: 't', body: 'b' }), expect: { default: 201 } },
  listCommunityPosts: { call: (c) => c.get(`/v1/communities/${communityId}/posts`), expect: { default: 200 } },
  getPost: { call: async (c) => c.get(`/v1/posts/${(await fresh()).postId}`), expect: { default: 200 } },
  updatePost: {
    call: async (c) => c.patch(`/v1/posts/${(await fresh()).postId}`, { title: 'changed' }, { 'if-match': '"1"' }),
    expect: { default: 403, author: 200 },
  },
  deletePost: { call: async (c) => c.delete(`/v1/posts/${(await fresh()).postId}`), expect: { default: 403, author: 204, moderator: 204 } },
  listPostRevisions: { call: async (c) => c.get(`/v1/posts/${(await fresh()).postId}/revisions`), expect: { default: 403, author: 200, moderator: 200 } },
  setIdeaStatus: {
    call: async (c) => c.put(`/v1/posts/${(await fresh()).postId}/idea-status`, { ideaStatus: 'planned', note: 'Planned for spring' }),
    // An idea not assigned to the partner's team does not exist for them.
    expect: { default: 403, manager: 200, partner: 404 },
  },
  acceptAnswer: {
    call: async (c) => {
      const question = (await clients.author.post(`/v1/communities/${communityId}/posts`, { kind: 'question', title: 'Q', body: 'Which one?' })).body;
      const answer = (await clients.member.post(`/v1/posts/${question.postId}/comments`, { body: 'This one' })).body;
      return c.put(`/v1/posts/${question.postId}/accepted-answer`, { commentId: answer.commentId });
    },
    expect: { default: 403, author: 200, manager: 200, staff: 200 },
  },
  unacceptAnswer: {
    call: async (c) => c.delete(`/v1/posts/${(await deskItem()).slice('desk-'.length)}/accepted-answer`),
    expect: { default: 403, author: 200, manager: 200, staff: 200 },
  },
  putBrandReply: {
    call: async (c) => c.put(`/v1/posts/${await lowReview()}/brand-reply`, { body: 'Thank you for telling us.' }),
    expect: { default: 403, staff: 201, manager: 201 },
  },
  withdrawBrandReply: {
    call: async (c) => {
      const postId = await lowReview();
      expect((await clients.staff.put(`/v1/posts/${postId}/brand-reply`, { body: 'To be withdrawn' })).status).toBe(201);
      return c.delete(`/v1/posts/${postId}/brand-reply`);
    },
    expect: { default: 403, staff: 204, manager: 204 },
  },
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
  getModerationPolicy: { call: (c) => c.get(`/v1/communities/${communityId}/moderation-policy`), expect: { default: 403, moderator: 200, manager: 200 } },
  putModerationPolicy: { call: (c) => c.put(`/v1/communities/${communityId}/moderation-policy`, POLICY), expect: { default: 403, manager: 200 } },
  reportPost: { call: async (c) => c.post(`/v1/posts/${(await fresh()).postId}/reports`, { reasonCode: 'spam' }), expect: { default: 201, author: 422 } },
  reportComment: {
    call: async (c) => {
      const { postId, commentId } = await fresh();
      return c.post(`/v1/posts/${postId}/comments/${commentId}/reports`, { reasonCode: 'off-topic' });
    },
    expect: { default: 201, author: 422 },
  },
  appealPost: {
    call: async (c) => {
      const rejected = (await clients.author.post(`/v1/communities/${communityId}/posts`, { kind: 'discussion', title: 'Rejected', body: 'a scam' })).body;
      return c.post(`/v1/posts/${rejected.postId}/appeal`, { text: 'please look again' });
    },
    expect: { default: 404, author: 201, moderator: 403 },
  },
  listModerationItems: { call: (c) => c.get('/v1/moderation/items'), expect: { default: 403, moderator: 200 } },
  // The senior queue: claiming from the shared queue here would race the moderation suite.
  claimNextItem: { call: (c) => c.post('/v1/moderation/items/claim-next?queue=senior'), expect: { default: 403 } },
  getModerationItem: { call: async (c) => c.get(`/v1/moderation/items/${await heldItem()}`), expect: { default: 403, moderator: 200 } },
  leaseItem: { call: async (c) => c.put(`/v1/moderation/items/${await heldItem()}/lease`), expect: { default: 403, moderator: 200 } },
  releaseLease: { call: async (c) => c.delete(`/v1/moderation/items/${(await leasedItem(c)).itemId}/lease`), expect: { default: 403, moderator: 200 } },
  decideItem: {
    call: async (c) => {
      const { itemId, version } = await leasedItem(c);
      return c.post(`/v1/moderation/items/${itemId}/decision`, { action: 'approve', version });
    },
    expect: { default: 403, moderator: 200 },
  },
  decideItems: {
    call: async (c) => {
      const { itemId, version } = await leasedItem(c);
      return c.post('/v1/moderation/decisions', { decisions: [{ itemId, action: 'approve', version }] });
    },
    expect: { default: 403, moderator: 200 },
  },
  getModerationStats: { call: (c) => c.get('/v1/moderation/stats?windowDays=1'), expect: { default: 403, moderator: 200 } },
  getModerationAudit: { call: (c) => c.get('/v1/moderation/audit?moderatorId=authz-moderator'), expect: { default: 403, moderator: 200 } },
  addReaction: { call: async (c) => c.put(`/v1/posts/${(await fresh()).postId}/reactions/like`), expect: { default: 200 } },
  removeReaction: { call: async (c) => c.delete(`/v1/posts/${(await fresh()).postId}/reactions/like`), expect: { default: 200 } },
  voteForIdea: { call: async (c) => c.put(`/v1/posts/${(await fresh()).postId}/vote`), expect: { default: 200 } },
  unvoteIdea: { call: async (c) => c.delete(`/v1/posts/${(await fresh()).postId}/vote`), expect: { default: 200 } },
  listIdeas: { call: (c) => c.get(`/v1/communities/${communityId}/ideas?sort=top`), expect: { default: 200 } },
  mergeIdea: {
    call: async (c) => {
      const [x, y] = await Promise.all([fresh(), fresh()]);
      return c.post(`/v1/posts/${x.postId}/merge`, { targetPostId: y.postId });
    },
    expect: { default: 403, manager: 200 },
  },
  unmergeIdea: { call: async (c) => c.delete(`/v1/posts/${await mergedIdea()}/merge`), expect: { default: 403, manager: 200 } },
  getMerge: { call: async (c) => c.get(`/v1/posts/${await mergedIdea()}/merge`), expect: { default: 403, manager: 200 } },
  assignIdea: {
    call: async (c) => c.put(`/v1/posts/${(await fresh()).postId}/assignment`, { team: 'stores', trackerRef: 'https://tracker.example/ST-1' }),
    expect: { default: 403, manager: 200 },
  },
  getAssignment: { call: async (c) => c.get(`/v1/posts/${await assignedIdea()}/assignment`), expect: { default: 200, partner: 200 } },
  getIdeaTimeline: { call: async (c) => c.get(`/v1/posts/${await assignedIdea()}/timeline`), expect: { default: 200, partner: 200 } },
  getChangelog: { call: (c) => c.get(`/v1/communities/${communityId}/changelog`), expect: { default: 200 } },
  listPartnerIdeas: { call: (c) => c.get('/v1/partners/ideas?status=open'), expect: { default: 403, partner: 200 } },
  getIdeaSettings: { call: (c) => c.get(`/v1/communities/${communityId}/idea-settings`), expect: { default: 200 } },
  putIdeaSettings: {
    call: (c) =>
      c.put(`/v1/communities/${communityId}/idea-settings`, { teams: ['supply-chain', 'sales-channel', 'product', 'ecommerce', 'stores'], voteBudget: null }),
    expect: { default: 403, manager: 200 },
  },
  getCosts: { call: (c) => c.get('/v1/finance/costs'), expect: { default: 403, finance: 200 } },
  getResponsePolicy: { call: (c) => c.get(`/v1/communities/${communityId}/response-policy`), expect: { default: 403, staff: 200, manager: 200 } },
  putResponsePolicy: { call: (c) => c.put(`/v1/communities/${communityId}/response-policy`, RESPONSE_POLICY), expect: { default: 403, manager: 200 } },
  listDeskItems: { call: (c) => c.get(`/v1/desk/items?communityId=${communityId}`), expect: { default: 403, staff: 200, manager: 200 } },
  // A community without desk items: claiming from the shared desk here would race the desk suite.
  claimNextDeskItem: { call: (c) => c.post('/v1/desk/items/claim-next?communityId=authz-no-desk'), expect: { default: 403, staff: 204, manager: 204 } },
  leaseDeskItem: { call: async (c) => c.put(`/v1/desk/items/${await deskItem()}/lease`), expect: { default: 403, staff: 200, manager: 200 } },
  releaseDeskLease: {
    call: async (c) => {
      const itemId = await deskItem();
      await clients.staff.put(`/v1/desk/items/${itemId}/lease`);
      return c.delete(`/v1/desk/items/${itemId}/lease`);
    },
    expect: { default: 403, staff: 200 },
  },
  closeDeskItem: {
    call: async (c) => c.post(`/v1/desk/items/${await deskItem()}/close`, { reasonCode: 'no-response-needed' }),
    expect: { default: 403, staff: 200, manager: 200 },
  },
  getDeskStats: { call: (c) => c.get(`/v1/desk/stats?communityId=${communityId}`), expect: { default: 403, staff: 200, manager: 200 } },
  getDeskSlo: { call: (c) => c.get(`/v1/desk/slo?communityId=${communityId}`), expect: { default: 403, staff: 200, manager: 200 } },
  getLedger: { call: (c) => c.get(`/v1/finance/ledger?communityId=${communityId}`), expect: { default: 403, manager: 200, finance: 200 } },
  recordEvents: {
    call: (c) =>
      c.post('/v1/events', {
        events: [{ eventId: randomUUID(), type: 'search.performed', occurredAt: new Date().toISOString(), queryLength: 5, resultCount: 3 }],
      }),
    expect: { default: 200 },
  },
  // Follows and the inbox are always the caller's own: every signed-in role has its own.
  follow: { call: async (c) => c.put(`/v1/me/follows/post/${(await fresh()).postId}`), expect: { default: 200 } },
  unfollow: { call: async (c) => c.delete(`/v1/me/follows/post/${(await fresh()).postId}`), expect: { default: 200 } },
  listFollows: { call: (c) => c.get('/v1/me/follows'), expect: { default: 200 } },
  listNotifications: { call: (c) => c.get('/v1/me/notifications?unread=true'), expect: { default: 200 } },
  getUnreadCount: { call: (c) => c.get('/v1/me/notifications/unread-count'), expect: { default: 200 } },
  markNotificationsRead: { call: (c) => c.post('/v1/me/notifications/read', { upTo: new Date().toISOString() }), expect: { default: 200 } },
  getNotificationPreferences: { call: (c) => c.get('/v1/me/notification-preferences'), expect: { default: 200 } },
  putNotificationPreferences: {
    call: (c) => c.put('/v1/me/notification-preferences', { types: { 'content.held': { inApp: true, live: false } } }),
    expect: { default: 200 },
  },
};

beforeAll(async () => {
  const [author, member, moderator, manager, finance, staff, partner] = await Promise.all([
    tokenFor('authz-author', ['members']),
    tokenFor('authz-member', ['members']),
    tokenFor('authz-moderator', ['moderators']),
    tokenFor('authz-manager', ['community-managers']),
    tokenFor('authz-finance', ['finance']),
    tokenFor('authz-staff', ['retail-staff']),
    tokenFor('authz-partner', ['partners'], 'supply-chain'),
  ]);
  clients = {
    anonymous: api(),
    author: api(author),
    member: api(member),
    moderator: api(moderator),
    manager: api(manager),
    finance: api(finance),
    staff: api(staff),
    partner: api(partner),
  };
  communityId = uniqueId('authz');
  const created = await clients.manager.post('/v1/communities', {
    communityId,
    name: 'Authorization',
    rateLimits: { postsPerMinute: 600, commentsPerMinute: 600 },
  });
  expect(created.status).toBe(201);
  expect((await clients.manager.put(`/v1/communities/${communityId}/moderation-policy`, POLICY)).status).toBe(200);
  expect((await clients.manager.put(`/v1/communities/${communityId}/response-policy`, RESPONSE_POLICY)).status).toBe(200);
});

it('has a row for every route in the route table', () => {
  expect(Object.keys(matrix).sort()).toEqual(routes.map((r) => r.operationId).sort());
});

const cases = routes.flatMap((route) => ROLES.map((role) => ({ route, role })));

it.each(cases)('$route.method $route.path as $role', async ({ route, role }) => {
  const row = matrix[route.operationId]!;
  const isPublic = 'public' in route && route.public;
  const openToPartners = 'partners' in route && route.partners;
  const expected =
    role === 'anonymous' && !isPublic
      ? 401
      : role === 'partner' && !isPublic && !openToPartners
        ? (row.expect.partner ?? 403)
        : (row.expect[role] ?? row.expect.default);
  const res = await row.call(clients[role]);
  expect(res.status).toBe(expected);
});
