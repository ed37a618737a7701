/** Real concurrency against DynamoDB Local: requests in flight together, counts checked after. */
import { member, openCommunity } from './support/fixtures';

/** A community and an author of the test's own, and a post of hers to contend over. */
async function given() {
  const [{ communityId }, alice] = await Promise.all([
    openCommunity('conc', { name: 'Concurrency', postsPerMinute: 100, commentsPerMinute: 200 }),
    member('alice'),
  ]);
  const res = await alice.post(`/v1/communities/${communityId}/posts`, { kind: 'discussion', title: 'Busy thread', body: 'React!' });
  expect(res.status).toBe(201);
  return { alice, postId: res.body.postId as string };
}

it('counts reactions exactly when 25 members react at once', async () => {
  const { alice, postId } = await given();
  const reactors = await Promise.all(Array.from({ length: 25 }, (_, i) => member(`reactor-${i}`)));
  const results = await Promise.all(reactors.map((reactor) => reactor.put(`/v1/posts/${postId}/reactions/like`)));
  expect(results.map((r) => r.status)).toEqual(Array(25).fill(200));
  expect((await alice.get(`/v1/posts/${postId}`)).body.reactionCounts.like).toBe(25);
});

it('counts one reaction when one member sends the same reaction 10 times at once', async () => {
  const { alice, postId } = await given();
  const results = await Promise.all(Array.from({ length: 10 }, () => alice.put(`/v1/posts/${postId}/reactions/love`)));
  expect(results.every((r) => r.status === 200)).toBe(true);
  expect((await alice.get(`/v1/posts/${postId}`)).body.reactionCounts.love).toBe(1);
});

it('lets exactly one of two concurrent edits of the same version win; the other gets 412', async () => {
  const { alice, postId } = await given();
  const [first, second] = await Promise.all([
    alice.patch(`/v1/posts/${postId}`, { title: 'Edit A' }, { 'if-match': '"1"' }),
    alice.patch(`/v1/posts/${postId}`, { title: 'Edit B' }, { 'if-match': '"1"' }),
  ]);
  expect([first.status, second.status].sort()).toEqual([200, 412]);
  const winner = first.status === 200 ? first : second;
  const current = await alice.get(`/v1/posts/${postId}`);
  expect(current.body).toMatchObject({ title: winner.body.title, version: 2 });
});

it('keeps the comment count exact under 20 concurrent comments', async () => {
  const { alice, postId } = await given();
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) => alice.post(`/v1/posts/${postId}/comments`, { body: `comment ${i}` })));
  expect(results.every((r) => r.status === 201)).toBe(true);
  expect((await alice.get(`/v1/posts/${postId}`)).body.commentCount).toBe(20);
});
