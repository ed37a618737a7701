/**
 * Exactly-once creates, even after a crash: each create writes a marker keyed by (member, request
 * key) in its own transaction, so a retry with the same Idempotency-Key finds the first write and
 * answers with it, whatever happened between that write and the first answer. The crash is injected
 * by the test build of the local runtime (support/crash-after-commit.ts): the create's transaction
 * commits, then the handler fails before answering (500) and Powertools forgets the key, as after a
 * process that died. The retry must answer 201 with the first attempt's id and body, and the table
 * must hold one item.
 */
import { randomUUID } from 'node:crypto';
import { openLake, query } from '../../lambdas/analytics/duckdb-lake';
import { createCommunity } from '../../lambdas/communities/communities';
import type { Caller } from '../../lambdas/domain/caller';
import { communityFeed, createPost } from '../../lambdas/posts/posts';
import type { ApiResponse } from './support/api';
import { tableDeps } from './support/table-deps';
import { uniqueId } from './support/api';
import { CRASH_AFTER_COMMIT } from './support/crash-after-commit';
import { FULL_WEIGHT, type Member, member, openCommunity } from './support/fixtures';
import { localAnalytics } from './support/local-aws';
import { pollUntil } from './support/poll';
import { useLocalLake } from './support/lake';

/** The fault injection exists only in the local runtime the global setup starts. */
const local = process.env.CHORUS_ISSUER_FILE !== undefined;

const crashingKey = () => `${CRASH_AFTER_COMMIT}${randomUUID()}`;

/** A community of the test's own that rejects "scam" (for appeals), with its author and a reporter. */
async function given(policy: Record<string, unknown> = {}) {
  const [{ communityId, manager }, alice, bob, mo] = await Promise.all([openCommunity('once'), member('alice'), member('bob'), member('mo', ['moderators'])]);
  expect((await manager.put(`/v1/communities/${communityId}/moderation-policy`, { blockedTerms: ['scam'], ...policy })).status).toBe(200);
  const publish = async (author: Member, body = 'A body') => {
    const res = await author.post(`/v1/communities/${communityId}/posts`, { kind: 'discussion', title: 'A title', body });
    expect(res.status).toBe(201);
    return res.body as { postId: string; status: string };
  };
  return { communityId, manager, alice, bob, mo, publish };
}

/** Sends `send` with a key that crashes after its write, then retries it twice with the same key. */
async function crashThenRetry(send: (key: string) => Promise<ApiResponse>) {
  const key = crashingKey();
  const crashed = await send(key);
  const retry = await send(key);
  const again = await send(key);
  return { crashed, retry, again };
}

/** The first answer was lost to the crash; every retry answers 201 with one and the same body. */
function expectOneAnswer({ crashed, retry, again }: Awaited<ReturnType<typeof crashThenRetry>>) {
  expect(crashed.status).toBe(500);
  expect(retry.status).toBe(201);
  expect(again.status).toBe(201);
  expect(again.body).toEqual(retry.body);
}

(local ? describe : describe.skip)('a create that crashed after its write is answered from that write on retry', () => {
  it('creates one post and answers the retry with its id and body', async () => {
    const { communityId, alice } = await given();
    const body = { kind: 'review', title: 'Warm enough', body: 'Slept at -5 °C.', productIds: ['SKU-ONCE-1'], rating: 4 };

    const answers = await crashThenRetry((key) => alice.post(`/v1/communities/${communityId}/posts`, body, { 'idempotency-key': key }));

    expectOneAnswer(answers);
    const feed = (await alice.get(`/v1/communities/${communityId}/posts?limit=100`)).body.items;
    expect(feed.map((p: { postId: string }) => p.postId)).toEqual([answers.retry.body.postId]);
    const stored = await alice.get(`/v1/posts/${answers.retry.body.postId}`);
    // A read adds the reader's own state (their reactions), which is no part of the post written.
    const { viewerReactions: _reader, ...storedPost } = stored.body;
    expect(answers.retry.body).toEqual(storedPost);
    expect(answers.retry.headers.get('location')).toBe(`/v1/posts/${stored.body.postId}`);
    expect(answers.retry.headers.get('etag')).toBe(stored.headers.get('etag'));
  });

  it('creates one comment and answers the retry with it', async () => {
    const { alice, bob, publish } = await given();
    const post = await publish(alice);

    const answers = await crashThenRetry((key) => bob.post(`/v1/posts/${post.postId}/comments`, { body: 'Same here' }, { 'idempotency-key': key }));

    expectOneAnswer(answers);
    const comments = (await bob.get(`/v1/posts/${post.postId}/comments?limit=100`)).body.items;
    expect(comments).toEqual([answers.retry.body]);
    expect((await bob.get(`/v1/posts/${post.postId}`)).body.commentCount).toBe(1);
  });

  it('files one report on a post and one on a comment, and answers each retry with the first receipt', async () => {
    const { alice, bob, mo, publish } = await given();
    const post = await publish(alice);
    const comment = (await alice.post(`/v1/posts/${post.postId}/comments`, { body: 'Mine too' })).body;

    const onPost = await crashThenRetry((key) => bob.post(`/v1/posts/${post.postId}/reports`, { reasonCode: 'spam' }, { 'idempotency-key': key }));
    const onComment = await crashThenRetry((key) =>
      bob.post(`/v1/posts/${post.postId}/comments/${comment.commentId}/reports`, { reasonCode: 'abuse' }, { 'idempotency-key': key }),
    );

    expectOneAnswer(onPost);
    expectOneAnswer(onComment);
    expect((await mo.get(`/v1/moderation/items/${onPost.retry.body.itemId}`)).body.reportCount).toBe(1);
    expect((await mo.get(`/v1/moderation/items/${onComment.retry.body.itemId}`)).body.reportCount).toBe(1);
  });

  it('answers the retry of a report that hid its post with the first receipt, not with "already held"', async () => {
    // At a threshold of one full report (every report weighing in full) the first report hides the post,
    // so the retry fails before it writes: the marker is read then, and answers.
    const { alice, bob, mo, publish } = await given({ reportThreshold: 1, reportWeighting: FULL_WEIGHT });
    const post = await publish(alice);

    const answers = await crashThenRetry((key) => bob.post(`/v1/posts/${post.postId}/reports`, { reasonCode: 'spam' }, { 'idempotency-key': key }));

    expectOneAnswer(answers);
    expect((await mo.get(`/v1/moderation/items/${answers.retry.body.itemId}`)).body).toMatchObject({ reportCount: 1 });
    expect((await alice.get(`/v1/posts/${post.postId}`)).body.status).toBe('held');
  });

  it('files one appeal and answers the retry with it, not with "already appealed"', async () => {
    const { alice, mo, publish } = await given();
    const rejected = await publish(alice, 'Not a scam, promise');
    expect(rejected.status).toBe('rejected');

    const answers = await crashThenRetry((key) => alice.post(`/v1/posts/${rejected.postId}/appeal`, { text: 'It was irony' }, { 'idempotency-key': key }));

    expectOneAnswer(answers);
    const item = await mo.get(`/v1/moderation/items/${answers.retry.body.itemId}`);
    // One write: a second appeal would have been refused, or have moved the item past version 1.
    expect(item.body).toMatchObject({ kind: 'appeal', postId: rejected.postId, version: 1 });
  });

  it('opens one community and answers the retry with it, not with "already exists"', async () => {
    const manager = await member('manager', ['community-managers']);
    const communityId = uniqueId('once-open');
    const body = { communityId, name: 'Opened once' };

    const answers = await crashThenRetry((key) => manager.post('/v1/communities', body, { 'idempotency-key': key }));

    expectOneAnswer(answers);
    expect(answers.retry.body).toEqual((await manager.get(`/v1/communities/${communityId}`)).body);
  });

  it('refuses the same key with a different body after the crash (422), and keeps the first post only', async () => {
    const { communityId, alice } = await given();
    const key = crashingKey();
    const postTo = (title: string) => alice.post(`/v1/communities/${communityId}/posts`, { kind: 'discussion', title, body: 'b' }, { 'idempotency-key': key });

    const crashed = await postTo('First');
    const other = await postTo('Second');
    const same = await postTo('First');

    expect(crashed.status).toBe(500);
    expect(other.status).toBe(422);
    expect(other.body.errors[0].field).toBe('header.idempotency-key');
    expect(same.status).toBe(201);
    const feed = (await alice.get(`/v1/communities/${communityId}/posts?limit=100`)).body.items;
    expect(feed.map((p: { postId: string; title: string }) => [p.postId, p.title])).toEqual([[same.body.postId, 'First']]);
  });

  it('creates one post when the retries after a crash arrive concurrently', async () => {
    const { communityId, alice } = await given();
    const key = crashingKey();
    const postIt = () => alice.post(`/v1/communities/${communityId}/posts`, { kind: 'discussion', title: 'Once', body: 'b' }, { 'idempotency-key': key });
    expect((await postIt()).status).toBe(500);

    const retries = await Promise.all(Array.from({ length: 5 }, postIt));

    // Powertools answers 409 to a retry racing another in flight; every 201 is the one post.
    expect(retries.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    const answered = new Set(retries.filter((r) => r.status === 201).map((r) => r.body.postId));
    const feed = (await alice.get(`/v1/communities/${communityId}/posts?limit=100`)).body.items;
    expect(feed.map((p: { postId: string }) => p.postId)).toEqual([...answered]);
  });
});

(local ? describe : describe.skip)('the create marker on its own (use case on DynamoDB Local, no Powertools in front)', () => {
  const who = (memberId: string, ...groups: string[]): Caller => ({ memberId, username: memberId, groups: new Set(groups as never[]) });

  it('writes one post when duplicate requests run concurrently, and answers each with it', async () => {
    const deps = tableDeps(() => new Date());
    const communityId = uniqueId('once-race');
    const rateLimits = { postsPerMinute: 100, commentsPerMinute: 100 };
    await createCommunity(deps, who(uniqueId('once-cara'), 'community-managers'), { communityId, name: 'Race', description: '', rateLimits });
    const author = who(uniqueId('once-author'), 'members');
    const requestKey = { id: `POST /v1/communities/${communityId}/posts ${randomUUID()}`, fingerprint: 'same-body' };

    const posts = await Promise.all(
      Array.from({ length: 5 }, () =>
        createPost(deps, author, communityId, { kind: 'discussion', title: 'Once', body: 'b', productIds: [], tags: [] }, requestKey),
      ),
    );

    const feed = await communityFeed(deps, communityId, undefined, { limit: 100 });
    expect(feed.items.map((p) => p.postId)).toEqual([posts[0]!.postId]);
    expect(posts.every((p) => JSON.stringify(p) === JSON.stringify(posts[0]))).toBe(true);
  });
});

(localAnalytics().lakeBucket ? describe : describe.skip)('a batch of client events sent again after a lost answer', () => {
  const lake = useLocalLake();

  /** Rows of `sql` over the lake, once `until` holds of them (polled, bounded: the pipeline is asynchronous). */
  function lakeRows(sql: string, until: (rows: Record<string, unknown>[]) => boolean, timeoutMs = 20_000) {
    const look = async () => {
      const dir = await lake.copy('chorus-once-lake-');
      const connection = await openLake(dir);
      const rows = await query(connection, sql);
      connection.closeSync();
      return rows;
    };
    return pollUntil(look, until, timeoutMs);
  }

  test('gets the same verdicts, and each event counts once in the lake (by its eventId)', async () => {
    const { alice, bob, publish } = await given();
    const post = await publish(alice);
    const at = new Date().toISOString();
    const events = [randomUUID(), randomUUID()].map((eventId) => ({ eventId, type: 'post.viewed', occurredAt: at, postId: post.postId }));
    const ids = events.map((e) => `'${e.eventId}'`).join(', ');

    const first = await bob.post('/v1/events', { events });
    const again = await bob.post('/v1/events', { events });

    expect(first.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(first.body.results.map((r: { accepted: boolean }) => r.accepted)).toEqual([true, true]);
    // A copy stored again either overwrites its object (the key is a hash of the batch's ids) or
    // lands beside it; either way the view every report reads keeps one row per eventId.
    const counted = await lakeRows(`SELECT event_id, count(*) AS n FROM events_deduplicated WHERE event_id IN (${ids}) GROUP BY 1`, (rows) => rows.length >= 2);
    expect(counted.map((r) => Number(r.n))).toEqual([1, 1]);
  }, 40_000);
});
