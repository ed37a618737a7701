/** Idempotency-Key: a retried POST returns the first response and writes nothing twice. */
import { randomUUID } from 'node:crypto';
import { api, tokenFor, uniqueId } from './support/api';

let communityId: string;
let alice: ReturnType<typeof api>;
let bob: ReturnType<typeof api>;

const post = { kind: 'discussion', title: 'Retry me', body: 'Sent on a flaky network' };
const feedIds = async () => (await alice.get(`/v1/communities/${communityId}/posts?limit=100`)).body.items.map((p: { postId: string }) => p.postId);

beforeAll(async () => {
  const cara = api(await tokenFor('cara', ['community-managers']));
  alice = api(await tokenFor('alice', ['members']));
  bob = api(await tokenFor('bob', ['members']));
  communityId = uniqueId('idem');
  await cara.post('/v1/communities', { communityId, name: 'Idempotency', rateLimits: { postsPerMinute: 100, commentsPerMinute: 100 } });
});

it('returns the first response to a retry and creates one post', async () => {
  const key = randomUUID();
  const first = await alice.post(`/v1/communities/${communityId}/posts`, post, { 'idempotency-key': key });
  const retry = await alice.post(`/v1/communities/${communityId}/posts`, post, { 'idempotency-key': key });
  expect(first.status).toBe(201);
  expect(retry.status).toBe(201);
  expect(retry.body).toEqual(first.body);
  expect(retry.headers.get('idempotent-replayed')).toBe('true');
  expect((await feedIds()).filter((id: string) => id === first.body.postId)).toHaveLength(1);
  expect(await feedIds()).toHaveLength(1);
});

it('refuses the same key with a different body', async () => {
  const key = randomUUID();
  await alice.post(`/v1/communities/${communityId}/posts`, post, { 'idempotency-key': key });
  const other = await alice.post(`/v1/communities/${communityId}/posts`, { ...post, title: 'Something else' }, { 'idempotency-key': key });
  expect(other.status).toBe(422);
  expect(other.body.detail).toMatch(/already used with a different request body/);
});

it('scopes keys to the caller: the same key from another member is a new request', async () => {
  const key = randomUUID();
  const mine = await alice.post(`/v1/communities/${communityId}/posts`, post, { 'idempotency-key': key });
  const theirs = await bob.post(`/v1/communities/${communityId}/posts`, post, { 'idempotency-key': key });
  expect(theirs.status).toBe(201);
  expect(theirs.body.postId).not.toBe(mine.body.postId);
  expect(theirs.body.authorName).toBe('bob');
});

it('writes once when the same request and key arrive concurrently', async () => {
  const before = (await feedIds()).length;
  const key = randomUUID();
  const results = await Promise.all(Array.from({ length: 5 }, () => alice.post(`/v1/communities/${communityId}/posts`, post, { 'idempotency-key': key })));
  const statuses = results.map((r) => r.status);
  expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
  expect(new Set(results.filter((r) => r.status === 201).map((r) => r.body.postId)).size).toBe(1);
  expect((await feedIds()).length).toBe(before + 1);
});

it('does not remember a failed request, so a retry after the cause is fixed goes through', async () => {
  const key = randomUUID();
  const later = uniqueId('later');
  const early = await alice.post(`/v1/communities/${later}/posts`, post, { 'idempotency-key': key });
  expect(early.status).toBe(404);
  const cara = api(await tokenFor('cara', ['community-managers']));
  await cara.post('/v1/communities', { communityId: later, name: 'Opened later' });
  const retry = await alice.post(`/v1/communities/${later}/posts`, post, { 'idempotency-key': key });
  expect(retry.status).toBe(201);
});

it('scopes keys to the request path: the same key and body for another community is a new post', async () => {
  const key = randomUUID();
  const other = uniqueId('idem-other');
  const cara = api(await tokenFor('cara', ['community-managers']));
  await cara.post('/v1/communities', { communityId: other, name: 'Other' });
  const here = await alice.post(`/v1/communities/${communityId}/posts`, post, { 'idempotency-key': key });
  const there = await alice.post(`/v1/communities/${other}/posts`, post, { 'idempotency-key': key });
  expect(there.status).toBe(201);
  expect(there.body.communityId).toBe(other);
  expect(there.body.postId).not.toBe(here.body.postId);
});

it('refuses a malformed key', async () => {
  const res = await alice.post(`/v1/communities/${communityId}/posts`, post, { 'idempotency-key': 'has spaces in it' });
  expect(res.status).toBe(400);
  expect(res.body.errors[0].field).toBe('header.idempotency-key');
});
