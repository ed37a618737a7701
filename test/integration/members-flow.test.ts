/**
 * The members' flow end to end, over HTTP against the local runtime (DynamoDB Local underneath):
 * a community manager opens a community, members post, read feeds, edit, comment, react and delete.
 * Every test opens its own community with members of its own, so none depends on another's writes.
 */
import { uniqueId } from './support/api';
import { type Member, member, openCommunity } from './support/fixtures';

const newPost = (over: Record<string, unknown> = {}) => ({ kind: 'discussion', title: 'Which tent for two?', body: 'Looking for something light.', ...over });

/** A community of the test's own, its manager, two members and a moderator. */
async function given() {
  const [{ communityId, manager }, alice, bob, mo] = await Promise.all([
    openCommunity('flow', { name: 'Flow tests' }),
    member('alice'),
    member('bob'),
    member('mo', ['moderators']),
  ]);
  const postAs = async (author: Member, body: Record<string, unknown> = newPost()) => {
    const res = await author.post(`/v1/communities/${communityId}/posts`, body);
    expect(res.status).toBe(201);
    return res.body;
  };
  return { communityId, manager, alice, bob, mo, postAs };
}

/** Five posts by alice, oldest first, two of them reviews of a product of the test's own. */
async function givenFeedOfFive() {
  const world = await given();
  const product = `SKU-${uniqueId('feed').toUpperCase()}`;
  const bodies = [
    newPost({ title: 'first' }),
    newPost({ kind: 'question', title: 'second' }),
    newPost({ kind: 'review', title: 'third', productIds: [product], rating: 4 }),
    newPost({ kind: 'idea', title: 'fourth', tags: ['lighter', 'lighter'] }),
    newPost({ kind: 'review', title: 'fifth', productIds: [product], rating: 1 }),
  ];
  const created = [];
  for (const body of bodies) created.push(await world.postAs(world.alice, body));
  return { ...world, product, created };
}

describe('communities', () => {
  it('are created by community managers and listed and read by members', async () => {
    const { communityId, alice } = await given();

    const one = await alice.get(`/v1/communities/${communityId}`);
    const listed: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await alice.get(`/v1/communities?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      listed.push(...page.body.items.map((c: { communityId: string }) => c.communityId));
      cursor = page.body.nextCursor;
    } while (cursor);

    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ communityId, name: 'Flow tests', description: '', rateLimits: { postsPerMinute: 100 } });
    expect(listed).toContain(communityId);
  });

  it('cannot be created twice with the same id', async () => {
    const { communityId, manager } = await given();

    const again = await manager.post('/v1/communities', { communityId, name: 'Again' });

    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toBe('application/problem+json');
    expect((await manager.get(`/v1/communities/${communityId}`)).body.name).toBe('Flow tests');
  });
});

describe('posting and reading feeds', () => {
  it('answers a created post with its location and ETag', async () => {
    const { communityId, bob } = await given();

    const res = await bob.post(`/v1/communities/${communityId}/posts`, newPost({ title: 'by bob' }));

    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/v1/posts/${res.body.postId}`);
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.body).toMatchObject({ authorName: bob.name, status: 'published', version: 1, commentCount: 0, reactionCounts: { like: 0 } });
    expect(Object.keys(res.body).filter((key) => /^(pk|sk|feedPk|feedSk|kindFeedPk|authorPk|type)$/.test(key))).toEqual([]);
  });

  it('serves the community feed newest first, in pages that never repeat or skip', async () => {
    const { communityId, bob } = await givenFeedOfFive();

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: any = await bob.get(`/v1/communities/${communityId}/posts?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((p: { title: string }) => p.title));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor && pages < 10);

    expect(seen).toEqual(['fifth', 'fourth', 'third', 'second', 'first']);
  });

  it('filters the feed by kind', async () => {
    const { communityId, bob } = await givenFeedOfFive();

    const res = await bob.get(`/v1/communities/${communityId}/posts?kind=review`);

    expect(res.body.items.map((p: { title: string }) => p.title)).toEqual(['fifth', 'third']);
  });

  it('shows a product with its review count and average rating', async () => {
    const { product, bob } = await givenFeedOfFive();

    const res = await bob.get(`/v1/products/${product}/posts`);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ productId: product, reviewCount: 2, averageRating: 2.5 });
    expect(res.body.items.map((p: { title: string }) => p.title)).toEqual(['fifth', 'third']);
  });

  it("lists a member's posts, newest first", async () => {
    const { created, bob } = await givenFeedOfFive();

    const res = await bob.get(`/v1/members/${created[0].authorId}/posts?limit=100`);

    expect(res.body.items.map((p: { title: string }) => p.title)).toEqual(['fifth', 'fourth', 'third', 'second', 'first']);
  });

  it('opens ideas and deduplicates tags', async () => {
    const { alice, postAs } = await given();

    const idea = await postAs(alice, newPost({ kind: 'idea', tags: ['lighter', 'lighter'] }));

    expect(idea).toMatchObject({ kind: 'idea', ideaStatus: 'open', tags: ['lighter'] });
  });

  it('lets community managers move an idea, not members', async () => {
    const { manager, alice, postAs } = await given();
    const idea = await postAs(alice, newPost({ kind: 'idea' }));

    const byMember = await alice.put(`/v1/posts/${idea.postId}/idea-status`, { ideaStatus: 'planned' });
    const moved = await manager.put(`/v1/posts/${idea.postId}/idea-status`, { ideaStatus: 'planned' });
    const wrong = await manager.put(`/v1/posts/${idea.postId}/idea-status`, { ideaStatus: 'done' });

    expect(byMember.status).toBe(403);
    expect(moved.status).toBe(200);
    expect(moved.body.ideaStatus).toBe('planned');
    expect(wrong.status).toBe(422);
  });
});

describe('editing', () => {
  it('takes the ETag, answers the new version and moves the product rating', async () => {
    const { alice, bob, postAs } = await given();
    const product = `SKU-${uniqueId('edit').toUpperCase()}`;
    const post = await postAs(alice, newPost({ kind: 'review', productIds: [product], rating: 5 }));

    const missing = await alice.patch(`/v1/posts/${post.postId}`, { rating: 3 });
    const edited = await alice.patch(`/v1/posts/${post.postId}`, { rating: 3, title: 'Less sure now' }, { 'if-match': '"1"' });
    const stale = await alice.patch(`/v1/posts/${post.postId}`, { rating: 4 }, { 'if-match': '"1"' });

    expect(missing.status).toBe(428);
    expect(edited.status).toBe(200);
    expect(edited.headers.get('etag')).toBe('"2"');
    expect(edited.body).toMatchObject({ rating: 3, title: 'Less sure now', version: 2 });
    expect(stale.status).toBe(412);
    expect(stale.headers.get('etag')).toBe('"2"');
    expect((await bob.get(`/v1/products/${product}/posts`)).body).toMatchObject({ reviewCount: 1, averageRating: 3 });
    const revisions = await alice.get(`/v1/posts/${post.postId}/revisions`);
    expect(revisions.body.items).toEqual([expect.objectContaining({ version: 1, title: post.title, rating: 5 })]);
    expect((await bob.get(`/v1/posts/${post.postId}/revisions`)).status).toBe(403);
  });

  it('refuses moderation fields and other members', async () => {
    const { alice, bob, postAs } = await given();
    const post = await postAs(alice);

    const sneaky = await alice.patch(`/v1/posts/${post.postId}`, { status: 'published', authorId: 'bob' }, { 'if-match': '"1"' });
    const foreign = await bob.patch(`/v1/posts/${post.postId}`, { title: 'mine now' }, { 'if-match': '"1"' });

    expect(sneaky.status).toBe(422);
    expect(sneaky.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['body.authorId', 'body.status']);
    expect(foreign.status).toBe(403);
    expect((await alice.get(`/v1/posts/${post.postId}`)).body).toMatchObject({ version: 1, title: post.title });
  });
});

describe('deleting', () => {
  it('leaves a tombstone that feeds skip and only the author and moderators can read', async () => {
    const { communityId, alice, bob, mo, postAs } = await given();
    const product = `SKU-${uniqueId('del').toUpperCase()}`;
    const post = await postAs(alice, newPost({ kind: 'review', productIds: [product], rating: 2 }));

    expect((await bob.delete(`/v1/posts/${post.postId}`)).status).toBe(403);
    expect((await alice.delete(`/v1/posts/${post.postId}`)).status).toBe(204);
    expect((await alice.delete(`/v1/posts/${post.postId}`)).status).toBe(204);

    const feed = await bob.get(`/v1/communities/${communityId}/posts?limit=100`);
    expect(feed.body.items).toEqual([]);
    expect((await bob.get(`/v1/products/${product}/posts`)).body).toMatchObject({ reviewCount: 0, averageRating: null, items: [] });
    expect((await bob.get(`/v1/posts/${post.postId}`)).status).toBe(404);
    expect((await alice.get(`/v1/posts/${post.postId}`)).body).toMatchObject({ status: 'deleted', deletedAt: expect.any(String) });
    expect((await mo.get(`/v1/posts/${post.postId}`)).body.status).toBe('deleted');
    expect((await alice.post(`/v1/posts/${post.postId}/comments`, { body: 'too late' })).status).toBe(409);
    expect((await bob.post(`/v1/posts/${post.postId}/comments`, { body: 'too late' })).status).toBe(404);
  });
});

describe('comments', () => {
  it('thread replies to a limited depth, oldest first, and count on the post', async () => {
    const { alice, bob, postAs } = await given();
    const { postId } = await postAs(alice, newPost({ kind: 'question' }));

    const top = await bob.post(`/v1/posts/${postId}/comments`, { body: 'The Trailstar.' });
    expect(top.status).toBe(201);
    expect(top.body).toMatchObject({ depth: 0, parentCommentId: null, authorName: bob.name });
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
    const { alice, bob, mo, postAs } = await given();
    const { postId } = await postAs(alice, newPost({ kind: 'question' }));
    const comment = (await bob.post(`/v1/posts/${postId}/comments`, { body: 'oops' })).body;
    const reply = (await alice.post(`/v1/posts/${postId}/comments`, { body: 'reply to oops', parentCommentId: comment.commentId })).body;

    expect((await alice.delete(`/v1/posts/${postId}/comments/${comment.commentId}`)).status).toBe(403);
    expect((await bob.delete(`/v1/posts/${postId}/comments/${comment.commentId}`)).status).toBe(204);
    expect((await mo.delete(`/v1/posts/${postId}/comments/${reply.commentId}`)).status).toBe(204);

    const list = await bob.get(`/v1/posts/${postId}/comments?limit=100`);
    expect(list.body.items).toEqual([
      expect.objectContaining({ commentId: comment.commentId, body: '', deleted: true }),
      expect.objectContaining({ commentId: reply.commentId, body: '', deleted: true }),
    ]);
    const replyToDeleted = await alice.post(`/v1/posts/${postId}/comments`, { body: 'hello?', parentCommentId: comment.commentId });
    expect(replyToDeleted.status).toBe(409);
  });
});

describe('reactions', () => {
  it('count once per member and reaction, and can be taken back', async () => {
    const { alice, bob, postAs } = await given();
    const { postId } = await postAs(alice);

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
    const mo = await member('mo', ['moderators']);

    const res = await mo.get('/v1/me');

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ username: mo.name, groups: ['moderators'] });
  });
});
