/**
 * The members' flow end to end, over HTTP against the local runtime (DynamoDB Local underneath):
 * a community manager opens a community, members post, read feeds, edit, comment, react and delete.
 */
import { api, tokenFor, uniqueId } from './support/api';

type Client = ReturnType<typeof api>;
let cara: Client;
let alice: Client;
let bob: Client;
let mo: Client;
let communityId: string;

const newPost = (over: Record<string, unknown> = {}) => ({ kind: 'discussion', title: 'Which tent for two?', body: 'Looking for something light.', ...over });

beforeAll(async () => {
  [cara, alice, bob, mo] = await Promise.all([
    tokenFor('cara', ['community-managers']).then(api),
    tokenFor('alice', ['members']).then(api),
    tokenFor('bob', ['members']).then(api),
    tokenFor('mo', ['moderators']).then(api),
  ]);
  communityId = uniqueId('flow');
  const res = await cara.post('/v1/communities', { communityId, name: 'Flow tests', rateLimits: { postsPerMinute: 100, commentsPerMinute: 100 } });
  expect(res.status).toBe(201);
});

describe('communities', () => {
  it('are created by community managers and listed and read by members', async () => {
    const one = await alice.get(`/v1/communities/${communityId}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ communityId, name: 'Flow tests', description: '', rateLimits: { postsPerMinute: 100 } });
    const listed: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await alice.get(`/v1/communities?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      listed.push(...page.body.items.map((c: { communityId: string }) => c.communityId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(listed).toContain(communityId);
  });

  it('cannot be created twice with the same id', async () => {
    const again = await cara.post('/v1/communities', { communityId, name: 'Again' });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toBe('application/problem+json');
  });
});

describe('posting and reading feeds', () => {
  let feedCommunity: string;
  const created: any[] = [];

  beforeAll(async () => {
    feedCommunity = uniqueId('feed');
    await cara.post('/v1/communities', { communityId: feedCommunity, name: 'Feed', rateLimits: { postsPerMinute: 100, commentsPerMinute: 100 } });
    const bodies = [
      newPost({ title: 'first' }),
      newPost({ kind: 'question', title: 'second' }),
      newPost({ kind: 'review', title: 'third', productIds: ['SKU-FEED-1'], rating: 4 }),
      newPost({ kind: 'idea', title: 'fourth', tags: ['lighter', 'lighter'] }),
      newPost({ kind: 'review', title: 'fifth', productIds: ['SKU-FEED-1'], rating: 1 }),
    ];
    for (const body of bodies) {
      const res = await alice.post(`/v1/communities/${feedCommunity}/posts`, body);
      expect(res.status).toBe(201);
      created.push(res.body);
    }
  });

  it('answers a created post with its location and ETag', async () => {
    const res = await bob.post(`/v1/communities/${feedCommunity}/posts`, newPost({ title: 'by bob' }));
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/v1/posts/${res.body.postId}`);
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.body).toMatchObject({ authorName: 'bob', status: 'published', version: 1, commentCount: 0, reactionCounts: { like: 0 } });
    expect(Object.keys(res.body).filter((key) => /^(pk|sk|feedPk|feedSk|kindFeedPk|authorPk|type)$/.test(key))).toEqual([]);
    await bob.delete(`/v1/posts/${res.body.postId}`);
  });

  it('serves the community feed newest first, in pages that never repeat or skip', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: any = await bob.get(`/v1/communities/${feedCommunity}/posts?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((p: { title: string }) => p.title));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(['fifth', 'fourth', 'third', 'second', 'first']);
  });

  it('filters the feed by kind', async () => {
    const res = await bob.get(`/v1/communities/${feedCommunity}/posts?kind=review`);
    expect(res.body.items.map((p: { title: string }) => p.title)).toEqual(['fifth', 'third']);
  });

  it('shows a product with its review count and average rating', async () => {
    const res = await bob.get('/v1/products/SKU-FEED-1/posts');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ productId: 'SKU-FEED-1', reviewCount: 2, averageRating: 2.5 });
    expect(res.body.items.map((p: { title: string }) => p.title)).toEqual(['fifth', 'third']);
  });

  it("lists a member's posts, newest first", async () => {
    const res = await bob.get(`/v1/members/${created[0].authorId}/posts?limit=100`);
    const titles = res.body.items.filter((p: { communityId: string }) => p.communityId === feedCommunity).map((p: { title: string }) => p.title);
    expect(titles).toEqual(['fifth', 'fourth', 'third', 'second', 'first']);
  });

  it('opens ideas and deduplicates tags', () => {
    expect(created[3]).toMatchObject({ kind: 'idea', ideaStatus: 'open', tags: ['lighter'] });
  });

  it('lets community managers move an idea, not members', async () => {
    const idea = created[3];
    expect((await alice.put(`/v1/posts/${idea.postId}/idea-status`, { ideaStatus: 'planned' })).status).toBe(403);
    const moved = await cara.put(`/v1/posts/${idea.postId}/idea-status`, { ideaStatus: 'planned' });
    expect(moved.status).toBe(200);
    expect(moved.body.ideaStatus).toBe('planned');
    const wrong = await cara.put(`/v1/posts/${idea.postId}/idea-status`, { ideaStatus: 'done' });
    expect(wrong.status).toBe(422);
  });
});

describe('editing', () => {
  it('takes the ETag, answers the new version and moves the product rating', async () => {
    const product = `SKU-${uniqueId('edit').toUpperCase()}`;
    const post = (await alice.post(`/v1/communities/${communityId}/posts`, newPost({ kind: 'review', productIds: [product], rating: 5 }))).body;
    const missing = await alice.patch(`/v1/posts/${post.postId}`, { rating: 3 });
    expect(missing.status).toBe(428);
    const edited = await alice.patch(`/v1/posts/${post.postId}`, { rating: 3, title: 'Less sure now' }, { 'if-match': '"1"' });
    expect(edited.status).toBe(200);
    expect(edited.headers.get('etag')).toBe('"2"');
    expect(edited.body).toMatchObject({ rating: 3, title: 'Less sure now', version: 2 });
    const stale = await alice.patch(`/v1/posts/${post.postId}`, { rating: 4 }, { 'if-match': '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('etag')).toBe('"2"');
    expect((await bob.get(`/v1/products/${product}/posts`)).body).toMatchObject({ reviewCount: 1, averageRating: 3 });
    const revisions = await alice.get(`/v1/posts/${post.postId}/revisions`);
    expect(revisions.body.items).toEqual([expect.objectContaining({ version: 1, title: post.title, rating: 5 })]);
    expect((await bob.get(`/v1/posts/${post.postId}/revisions`)).status).toBe(403);
  });

  it('refuses moderation fields and other members', async () => {
    const post = (await alice.post(`/v1/communities/${communityId}/posts`, newPost())).body;
    const sneaky = await alice.patch(`/v1/posts/${post.postId}`, { status: 'published', authorId: 'bob' }, { 'if-match': '"1"' });
    expect(sneaky.status).toBe(422);
    expect(sneaky.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['body.authorId', 'body.status']);
    const foreign = await bob.patch(`/v1/posts/${post.postId}`, { title: 'mine now' }, { 'if-match': '"1"' });
    expect(foreign.status).toBe(403);
  });
});

describe('deleting', () => {
  it('leaves a tombstone that feeds skip and only the author and moderators can read', async () => {
    const product = `SKU-${uniqueId('del').toUpperCase()}`;
    const post = (await alice.post(`/v1/communities/${communityId}/posts`, newPost({ kind: 'review', productIds: [product], rating: 2 }))).body;
    expect((await bob.delete(`/v1/posts/${post.postId}`)).status).toBe(403);
    expect((await alice.delete(`/v1/posts/${post.postId}`)).status).toBe(204);
    expect((await alice.delete(`/v1/posts/${post.postId}`)).status).toBe(204);

    const feed = await bob.get(`/v1/communities/${communityId}/posts?limit=100`);
    expect(feed.body.items.map((p: { postId: string }) => p.postId)).not.toContain(post.postId);
    expect((await bob.get(`/v1/products/${product}/posts`)).body).toMatchObject({ reviewCount: 0, averageRating: null, items: [] });
    expect((await bob.get(`/v1/posts/${post.postId}`)).status).toBe(404);
    expect((await alice.get(`/v1/posts/${post.postId}`)).body).toMatchObject({ status: 'deleted', deletedAt: expect.any(String) });
    expect((await mo.get(`/v1/posts/${post.postId}`)).body.status).toBe('deleted');
    expect((await alice.post(`/v1/posts/${post.postId}/comments`, { body: 'too late' })).status).toBe(409);
    expect((await bob.post(`/v1/posts/${post.postId}/comments`, { body: 'too late' })).status).toBe(404);
  });
});

describe('comments', () => {
  let postId: string;

  beforeAll(async () => {
    postId = (await alice.post(`/v1/communities/${communityId}/posts`, newPost({ kind: 'question' }))).body.postId;
  });

  it('thread replies to a limited depth, oldest first, and count on the post', async () => {
    const top = await bob.post(`/v1/posts/${postId}/comments`, { body: 'The Trailstar.' });
    expect(top.status).toBe(201);
    expect(top.body).toMatchObject({ depth: 0, parentCommentId: null, authorName: 'bob' });
    let parent = top.body.commentId;
    for (const depth of [1, 2, 3]) {
      const reply = await alice.post(`/v1/posts/${postId}/comments`, { body: `reply ${depth}`, parentCommentId: parent });
      expect(reply.status).toBe(201);
      expect(reply.body.depth).toBe(depth);
      parent = reply.body.commentId;
    }
    const tooDeep = await bob.post(`/v1/posts/${postId}/comments`, { body: 'deeper', parentCommentId: parent });
    expect(tooDeep.status).toBe(422);
    expect(tooDeep.body.errors[0].field).toBe('body.parentCommentId');

    const list = await bob.get(`/v1/posts/${postId}/comments`);
    expect(list.body.items.map((c: { body: string }) => c.body)).toEqual(['The Trailstar.', 'reply 1', 'reply 2', 'reply 3']);
    expect((await bob.get(`/v1/posts/${postId}`)).body.commentCount).toBe(4);
  });

  it('are deleted by their author or a moderator, leaving the thread in place', async () => {
    const comment = (await bob.post(`/v1/posts/${postId}/comments`, { body: 'oops' })).body;
    const reply = (await alice.post(`/v1/posts/${postId}/comments`, { body: 'reply to oops', parentCommentId: comment.commentId })).body;
    expect((await alice.delete(`/v1/posts/${postId}/comments/${comment.commentId}`)).status).toBe(403);
    expect((await bob.delete(`/v1/posts/${postId}/comments/${comment.commentId}`)).status).toBe(204);
    expect((await mo.delete(`/v1/posts/${postId}/comments/${reply.commentId}`)).status).toBe(204);
    const list = await bob.get(`/v1/posts/${postId}/comments?limit=100`);
    const deleted = list.body.items.filter((c: { deleted: boolean }) => c.deleted);
    expect(deleted).toEqual([
      expect.objectContaining({ commentId: comment.commentId, body: '' }),
      expect.objectContaining({ commentId: reply.commentId, body: '' }),
    ]);
    const replyToDeleted = await alice.post(`/v1/posts/${postId}/comments`, { body: 'hello?', parentCommentId: comment.commentId });
    expect(replyToDeleted.status).toBe(409);
  });
});

describe('reactions', () => {
  it('count once per member and reaction, and can be taken back', async () => {
    const postId = (await alice.post(`/v1/communities/${communityId}/posts`, newPost())).body.postId;
    expect((await bob.put(`/v1/posts/${postId}/reactions/helpful`)).body).toEqual({ postId, reaction: 'helpful', reacted: true, count: 1 });
    expect((await bob.put(`/v1/posts/${postId}/reactions/helpful`)).body.count).toBe(1);
    expect((await alice.put(`/v1/posts/${postId}/reactions/helpful`)).body.count).toBe(2);
    expect((await bob.delete(`/v1/posts/${postId}/reactions/helpful`)).body).toEqual({ postId, reaction: 'helpful', reacted: false, count: 1 });
    expect((await bob.delete(`/v1/posts/${postId}/reactions/helpful`)).body.count).toBe(1);
    expect((await bob.put(`/v1/posts/${postId}/reactions/angry`)).status).toBe(400);
    expect((await bob.get(`/v1/posts/${postId}`)).body.reactionCounts).toMatchObject({ helpful: 1, like: 0 });
  });
});

describe('me', () => {
  it('tells members who they are and which groups they have', async () => {
    const res = await mo.get('/v1/me');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ username: 'mo', groups: ['moderators'] });
  });
});
