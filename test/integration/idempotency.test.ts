/** Idempotency-Key: a retried POST returns the first response and writes nothing twice. */
import { randomUUID } from 'node:crypto';
import { uniqueId } from './support/api';
import { type Member, member, openCommunity } from './support/fixtures';

const post = { kind: 'discussion', title: 'Retry me', body: 'Sent on a flaky network' };

/** Each test posts into a community of its own, as members of its own. */
async function given() {
  const [{ communityId }, alice, bob] = await Promise.all([openCommunity('idem', { name: 'Idempotency' }), member('alice'), member('bob')]);
  const postTo = (author: Member, key: string, body: object = post, community = communityId) =>
    author.post(`/v1/communities/${community}/posts`, body, { 'idempotency-key': key });
  const feedIds = async (): Promise<string[]> =>
    (await alice.get(`/v1/communities/${communityId}/posts?limit=100`)).body.items.map((p: { postId: string }) => p.postId);
  return { communityId, alice, bob, postTo, feedIds };
}

it('returns the first response to a retry and creates one post', async () => {
  const { alice, postTo, feedIds } = await given();
  const key = randomUUID();

  const first = await postTo(alice, key);
  const retry = await postTo(alice, key);

  expect(first.status).toBe(201);
  expect(retry.status).toBe(201);
  expect(retry.body).toEqual(first.body);
  expect(retry.headers.get('idempotent-replayed')).toBe('true');
  expect(await feedIds()).toEqual([first.body.postId]);
});

it('refuses the same key with a different body, and keeps the first post only', async () => {
  const { alice, postTo, feedIds } = await given();
  const key = randomUUID();

  const first = await postTo(alice, key);
  const other = await postTo(alice, key, { ...post, title: 'Something else' });

  expect(other.status).toBe(422);
  expect(other.body.detail).toMatch(/already used with a different request body/);
  expect(await feedIds()).toEqual([first.body.postId]);
});

it('scopes keys to the caller: the same key from another member is a new request', async () => {
  const { alice, bob, postTo, feedIds } = await given();
  const key = randomUUID();

  const mine = await postTo(alice, key);
  const theirs = await postTo(bob, key);

  expect(theirs.status).toBe(201);
  expect(theirs.body.postId).not.toBe(mine.body.postId);
  expect(theirs.body.authorName).toBe(bob.name);
  expect((await feedIds()).sort()).toEqual([mine.body.postId, theirs.body.postId].sort());
});

it('writes once when the same request and key arrive concurrently', async () => {
  const { alice, postTo, feedIds } = await given();
  const key = randomUUID();

  const results = await Promise.all(Array.from({ length: 5 }, () => postTo(alice, key)));

  expect(results.every((r) => r.status === 201 || r.status === 409)).toBe(true);
  const created = new Set(results.filter((r) => r.status === 201).map((r) => r.body.postId));
  expect(created.size).toBe(1);
  expect(await feedIds()).toEqual([...created]);
});

it('does not remember a failed request, so a retry after the cause is fixed goes through', async () => {
  const { alice, postTo } = await given();
  const key = randomUUID();
  const later = uniqueId('idem-later');
  const manager = await member('manager', ['community-managers']);

  const early = await postTo(alice, key, post, later);
  await manager.post('/v1/communities', { communityId: later, name: 'Opened later' });
  const retry = await postTo(alice, key, post, later);

  expect(early.status).toBe(404);
  expect(retry.status).toBe(201);
  expect(retry.headers.get('idempotent-replayed')).toBeNull();
});

it('scopes keys to the request path: the same key and body for another community is a new post', async () => {
  const { alice, postTo } = await given();
  const { communityId: other } = await openCommunity('idem-other');
  const key = randomUUID();

  const here = await postTo(alice, key);
  const there = await postTo(alice, key, post, other);

  expect(there.status).toBe(201);
  expect(there.body.communityId).toBe(other);
  expect(there.body.postId).not.toBe(here.body.postId);
});

it('refuses a malformed key', async () => {
  const { alice, postTo, feedIds } = await given();

  const res = await postTo(alice, 'has spaces in it');

  expect(res.status).toBe(400);
  expect(res.body.errors[0].field).toBe('header.idempotency-key');
  expect(await feedIds()).toEqual([]);
});
