/**
 * Follows and notifications over HTTP on the local runtime: the stream publisher publishes to the
 * domain-events topic (fauxqs SNS), the notifications queue (raw delivery, filtered) feeds the notifier,
 * inboxes are read through the API. "Nothing arrived" is asserted once the notifications queue is
 * drained (nothing visible, nothing in flight) after the write, so a late entry cannot slip by.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { BatchWriteCommand, DynamoDBDocumentClient, BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { readFile } from 'node:fs/promises';
import { followItem } from '../../lambdas/store/entities/follow';
import { counterKey } from '../../lambdas/store/entities/notification';
import { notificationsMessagingDesign } from '../../lambdas/store/messaging-design';
import { uniqueId } from './support/api';
import { member, openCommunity, type Member } from './support/fixtures';
import { localAnalytics, resolveLocalhostNames } from './support/local-aws';
import { notificationsDrained } from './support/notifications';
import { pollUntil } from './support/poll';

const { domainEventsTopicArn } = localAnalytics();
let undoDns: () => void;
let sqs: SQSClient;
let sns: SNSClient;

beforeAll(() => {
  undoDns = resolveLocalhostNames();
  sqs = new SQSClient({});
  sns = new SNSClient({});
});
afterAll(() => {
  sqs.destroy();
  sns.destroy();
  undoDns();
});

const inbox = async (who: Member, query = '') => (await who.get(`/v1/me/notifications${query}`)).body as { items: any[]; nextCursor: string | null };
const unread = async (who: Member) => (await who.get('/v1/me/notifications/unread-count')).body.unreadCount as number;
const memberIdOf = async (who: Member) => (await who.get('/v1/me')).body.memberId as string;

const drained = (timeoutMs?: number) => notificationsDrained(sqs, timeoutMs);

/** A post of its own and a member who comments on it: the marker settle() writes after a test's writes. */
let sentinel: Promise<{ author: Member; commenter: Member; postId: string }> | undefined;

/**
 * Waits until the events of the writes made so far have passed the publisher and the notifier, with
 * no clock: a marker comment written after them must reach its post's author (the table's stream is
 * published in order, so the earlier events went first), then the notifications queue must drain.
 */
async function settle(): Promise<void> {
  sentinel ??= (async () => {
    const { communityId } = await openCommunity('notify-marker');
    const [author, commenter] = await Promise.all([member('marker-author'), member('marker-commenter')]);
    return { author, commenter, postId: (await post(author, communityId, { title: 'Marker' })).postId };
  })();
  const { author, commenter, postId } = await sentinel;
  const before = await unread(author);
  expect((await commenter.post(`/v1/posts/${postId}/comments`, { body: 'marker' })).status).toBe(201);
  const after = await pollUntil(
    () => unread(author),
    (count) => count > before,
    60_000,
  );
  expect(after).toBeGreaterThan(before);
  await drained();
}

const post = async (who: Member, communityId: string, body: Record<string, unknown>) => {
  const res = await who.post(`/v1/communities/${communityId}/posts`, { kind: 'discussion', title: 'A post', body: 'About it', ...body });
  expect(res.status).toBe(201);
  return res.body as { postId: string; status: string };
};

describe('notifications', () => {
  test('B comments on A post: A has exactly one notification and an unread count of 1; B, the actor, none', async () => {
    const { communityId } = await openCommunity('notify');
    const [alice, bob] = await Promise.all([member('alice'), member('bob')]);
    const { postId } = await post(alice, communityId, { title: 'Warm enough?' });

    const comment = await bob.post(`/v1/posts/${postId}/comments`, { body: 'Slept at -5 °C in it.' });
    expect(comment.status).toBe(201);

    const seen = await pollUntil(
      () => inbox(alice),
      (page) => page.items.length > 0,
      20_000,
    );
    await settle();
    const page = await inbox(alice);
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({
      type: 'comment.on-your-post',
      target: { communityId, postId, commentId: comment.body.commentId },
      read: false,
    });
    expect(page.items[0].summary).toContain(bob.name);
    expect(page.items[0].summary).toContain('Warm enough?');
    expect(seen.items[0].notificationId).toBe(page.items[0].notificationId);
    expect(await unread(alice)).toBe(1);
    expect((await inbox(bob)).items).toEqual([]);
  }, 60_000);

  test('the same domain event delivered twice through the topic still makes one notification', async () => {
    const { communityId } = await openCommunity('notify-dup');
    const [alice, bob] = await Promise.all([member('alice'), member('bob')]);
    const { postId } = await post(alice, communityId, {});
    const comment = (await bob.post(`/v1/posts/${postId}/comments`, { body: 'Same here' })).body;
    await pollUntil(
      () => inbox(alice),
      (page) => page.items.length > 0,
      20_000,
    );

    // The envelope the publisher published for the comment, published again, twice.
    const envelope = {
      event_id: uniqueId('redelivered'),
      event_type: 'comment.created',
      schema_version: 1,
      occurred_at: comment.createdAt,
      received_at: new Date().toISOString(),
      actor_id: await memberIdOf(bob),
      community_id: communityId,
      post_id: postId,
      product_ids: [],
      data: { comment_id: comment.commentId, depth: 0, parent_comment_id: null, status: 'published', reason: null },
    };
    for (let i = 0; i < 2; i++) {
      await sns.send(
        new PublishCommand({
          TopicArn: domainEventsTopicArn,
          Message: JSON.stringify({ v: 2, events: [envelope] }),
          MessageAttributes: { type: { DataType: 'String', StringValue: 'comment.created' }, community: { DataType: 'String', StringValue: communityId } },
        }),
      );
    }
    await settle();

    expect((await inbox(alice)).items).toHaveLength(1);
    expect(await unread(alice)).toBe(1);
  }, 60_000);

  test('a follower of a product hears of nothing while a post about it is held, then of its approval; after unfollowing, of nothing', async () => {
    const { communityId, manager } = await openCommunity('notify-held');
    expect(
      (await manager.put(`/v1/communities/${communityId}/moderation-policy`, { blockedTerms: [], watchedTerms: ['refund'], reportThreshold: 3 })).status,
    ).toBe(200);
    const [alice, follower, mo] = await Promise.all([member('alice'), member('follower'), member('mo', ['moderators'])]);
    const sku = uniqueId('SKU');
    expect((await follower.put(`/v1/me/follows/product/${sku}`)).body).toEqual({ targetType: 'product', targetId: sku, following: true });

    const held = await post(alice, communityId, { title: 'Asking for a refund', body: 'refund please', productIds: [sku] });
    expect(held.status).toBe('held');
    await settle();
    expect((await inbox(follower)).items).toEqual([]);

    const itemId = `post-${held.postId}`;
    const leased = await mo.put(`/v1/moderation/items/${itemId}/lease`);
    expect(leased.status).toBe(200);
    expect((await mo.post(`/v1/moderation/items/${itemId}/decision`, { action: 'approve', version: leased.body.version })).status).toBe(200);
    const heard = await pollUntil(
      () => inbox(follower),
      (page) => page.items.length > 0,
      20_000,
    );
    expect(heard.items).toHaveLength(1);
    expect(heard.items[0]).toMatchObject({ type: 'product.new-post', target: { postId: held.postId, productId: sku } });
    const approved = await pollUntil(
      () => inbox(alice),
      (page) => page.items.length > 0,
      20_000,
    );
    expect(approved.items[0]).toMatchObject({ type: 'content.approved', target: { postId: held.postId } });
    expect(JSON.stringify(approved.items[0])).not.toContain(mo.name);

    expect((await follower.delete(`/v1/me/follows/product/${sku}`)).body.following).toBe(false);
    await post(alice, communityId, { title: 'Another one', productIds: [sku] });
    await settle();
    expect((await inbox(follower)).items).toHaveLength(1);
  }, 90_000);

  test('a rejection tells the author the reason code, never the moderator; changes requested carry the note', async () => {
    const { communityId, manager } = await openCommunity('notify-rejected');
    expect(
      (await manager.put(`/v1/communities/${communityId}/moderation-policy`, { blockedTerms: [], watchedTerms: ['refund'], reportThreshold: 3 })).status,
    ).toBe(200);
    const [alice, mo] = await Promise.all([member('alice'), member('mo', ['moderators'])]);
    const decide = async (postId: string, decision: Record<string, unknown>) => {
      const itemId = `post-${postId}`;
      const leased = await mo.put(`/v1/moderation/items/${itemId}/lease`);
      expect((await mo.post(`/v1/moderation/items/${itemId}/decision`, { ...decision, version: leased.body.version })).status).toBe(200);
    };
    const rejected = await post(alice, communityId, { title: 'A refund story', body: 'refund now' });
    const reworked = await post(alice, communityId, { title: 'Another refund story', body: 'refund later' });
    await decide(rejected.postId, { action: 'reject', reasonCode: 'spam' });
    await decide(reworked.postId, { action: 'request-changes', reasonCode: 'off-topic', note: 'Say which product you mean' });

    const page = await pollUntil(
      () => inbox(alice),
      (p) => p.items.length >= 2,
      20_000,
    );
    const byType = Object.fromEntries(page.items.map((n: any) => [n.type, n]));
    expect(byType['content.rejected']).toMatchObject({ reasonCode: 'spam', target: { postId: rejected.postId } });
    expect(byType['content.changes-requested']).toMatchObject({ note: 'Say which product you mean', target: { postId: reworked.postId } });
    expect(JSON.stringify(page.items)).not.toContain(mo.name);
    expect(JSON.stringify(page.items)).not.toContain(await memberIdOf(mo));
  }, 60_000);

  test('preferences are respected: a type turned off and a muted member notify nothing; replies and followers otherwise do', async () => {
    const { communityId } = await openCommunity('notify-prefs');
    const [alice, bob, carol] = await Promise.all([member('alice'), member('bob'), member('carol')]);
    const { postId } = await post(alice, communityId, { title: 'Muted here' });
    const prefs = await alice.put('/v1/me/notification-preferences', {
      types: { 'comment.on-your-post': { inApp: false, live: false } },
      mutedMemberIds: [await memberIdOf(carol)],
    });
    expect(prefs.status).toBe(200);
    expect(prefs.body.types['comment.on-your-post']).toEqual({ inApp: false, live: false });
    expect(prefs.body.types['comment.reply']).toEqual({ inApp: true, live: true });

    const top = (await bob.post(`/v1/posts/${postId}/comments`, { body: 'First' })).body;
    await alice.post(`/v1/posts/${postId}/comments`, { body: 'Thanks', parentCommentId: top.commentId });
    await carol.post(`/v1/posts/${postId}/comments`, { body: 'Me too', parentCommentId: top.commentId });
    await settle();

    // Alice: nothing (type off for bob's comment, carol muted). Bob: alice's reply and carol's reply.
    expect((await inbox(alice)).items).toEqual([]);
    const bobs = await inbox(bob);
    expect(bobs.items.map((n) => n.type).sort()).toEqual(['comment.reply', 'comment.reply']);
  }, 60_000);

  test('a member cannot read or mark another member notifications', async () => {
    const { communityId } = await openCommunity('notify-own');
    const [alice, bob, mallory] = await Promise.all([member('alice'), member('bob'), member('mallory')]);
    const { postId } = await post(alice, communityId, {});
    await bob.post(`/v1/posts/${postId}/comments`, { body: 'Hello' });
    const page = await pollUntil(
      () => inbox(alice),
      (p) => p.items.length > 0,
      20_000,
    );
    const id = page.items[0].notificationId;

    const marked = await mallory.post('/v1/me/notifications/read', { ids: [id] });
    expect(marked.body).toEqual({ marked: 0, unreadCount: 0 });
    expect(await unread(alice)).toBe(1);
    expect((await inbox(mallory)).items).toEqual([]);
    // No route names another member's inbox: only /v1/me/... exists.
    expect((await mallory.get(`/v1/members/${await memberIdOf(alice)}/notifications`)).status).toBe(404);

    const mine = await alice.post('/v1/me/notifications/read', { ids: [id] });
    expect(mine.body).toEqual({ marked: 1, unreadCount: 0 });
    expect((await inbox(alice)).items[0].read).toBe(true);
    expect((await inbox(alice, '?unread=true')).items).toEqual([]);
  }, 60_000);

  test('marking read concurrently counts each entry down once: the counter stays exact', async () => {
    const { communityId } = await openCommunity('notify-race');
    const [alice, bob] = await Promise.all([member('alice'), member('bob')]);
    const { postId } = await post(alice, communityId, {});
    for (let i = 0; i < 5; i++) await bob.post(`/v1/posts/${postId}/comments`, { body: `Comment ${i}` });
    await pollUntil(
      () => unread(alice),
      (n) => n === 5,
      20_000,
    );
    const ids = (await inbox(alice)).items.map((n) => n.notificationId);

    const results = await Promise.all([
      alice.post('/v1/me/notifications/read', { ids }),
      alice.post('/v1/me/notifications/read', { ids: ids.slice(0, 3) }),
      alice.post('/v1/me/notifications/read', { upTo: new Date().toISOString() }),
    ]);

    expect(results.reduce((sum, r) => sum + r.body.marked, 0)).toBe(5);
    expect(await unread(alice)).toBe(0);
  }, 60_000);

  test('follows: authors follow their posts, commenters the post; both can unfollow, and then hear nothing more', async () => {
    const { communityId } = await openCommunity('notify-follow');
    const [alice, bob, carol] = await Promise.all([member('alice'), member('bob'), member('carol')]);
    const { postId } = await post(alice, communityId, {});
    await bob.post(`/v1/posts/${postId}/comments`, { body: 'Following along' });
    const follows = await pollUntil(
      () => bob.get('/v1/me/follows'),
      (r) => r.body.items.length > 0,
      20_000,
    );
    expect(follows.body.items).toEqual([expect.objectContaining({ targetType: 'post', targetId: postId, reason: 'commenter' })]);
    await pollUntil(
      () => inbox(alice),
      (p) => p.items.length > 0,
      20_000,
    );

    await carol.post(`/v1/posts/${postId}/comments`, { body: 'Another voice' });
    const bobs = await pollUntil(
      () => inbox(bob),
      (p) => p.items.length > 0,
      20_000,
    );
    expect(bobs.items[0]).toMatchObject({ type: 'comment.on-followed-post', target: { postId } });

    expect((await bob.delete(`/v1/me/follows/post/${postId}`)).status).toBe(200);
    expect((await alice.delete(`/v1/me/follows/post/${postId}`)).status).toBe(200);
    await carol.post(`/v1/posts/${postId}/comments`, { body: 'Anyone?' });
    await settle();
    expect((await inbox(bob)).items).toHaveLength(1);
    expect((await inbox(alice)).items).toHaveLength(2);
    expect((await bob.get('/v1/me/follows')).body.items).toEqual([]);
  }, 90_000);

  test('following a post nobody can see is refused like a missing one (404)', async () => {
    const { communityId, manager } = await openCommunity('notify-hidden');
    expect(
      (await manager.put(`/v1/communities/${communityId}/moderation-policy`, { blockedTerms: [], watchedTerms: ['refund'], reportThreshold: 3 })).status,
    ).toBe(200);
    const [alice, bob] = await Promise.all([member('alice'), member('bob')]);
    const held = await post(alice, communityId, { body: 'refund' });
    expect((await bob.put(`/v1/me/follows/post/${held.postId}`)).status).toBe(404);
    expect((await bob.put('/v1/me/follows/community/no-such-community')).status).toBe(404);
    expect((await bob.put(`/v1/me/follows/community/${communityId}`)).status).toBe(200);
  }, 30_000);

  // 10,000 followers take DynamoDB Local 4-5 minutes (10,000 transactional writes on two shared cores), long enough to
  // starve every test running beside it; the suite fans out to 1,200 (three pages: the event's own and two page
  // messages); CHORUS_FANOUT_FOLLOWERS=10000 runs the full measure (README, Notifications and live updates).
  const FANOUT_FOLLOWERS = Number(process.env.CHORUS_FANOUT_FOLLOWERS ?? 1_200);

  test(`a fan-out to ${FANOUT_FOLLOWERS.toLocaleString('en')} followers completes through paged queue messages, each invocation one page`, async () => {
    const { communityId } = await openCommunity('notify-fanout');
    const alice = await member('alice');
    const sku = uniqueId('SKU-FAN');
    const followers = Array.from({ length: FANOUT_FOLLOWERS }, (_, i) => `fan-${sku}-${i}`);
    const table = process.env.CHORUS_TABLE_NAME ?? 'chorus-local';
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    for (let i = 0; i < followers.length; i += 25) {
      const chunk = followers.slice(i, i + 25).map((memberId) => ({
        PutRequest: { Item: followItem({ memberId, targetType: 'product', targetId: sku, followedAt: new Date().toISOString(), reason: 'explicit' }) },
      }));
      await doc.send(new BatchWriteCommand({ RequestItems: { [table]: chunk } }));
    }

    const started = Date.now();
    await post(alice, communityId, { title: 'For ten thousand', productIds: [sku] });
    const firstCounter = async () =>
      (await doc.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: [counterKey(followers[0]!)] } } }))).Responses?.[table]?.length ?? 0;
    await pollUntil(firstCounter, (n) => n > 0, 60_000);
    // The chain of pages never leaves the queue empty until its last page is done (each page is sent before the one that sent it is deleted).
    await drained(500_000);
    const elapsedMs = Date.now() - started;
    let total = 0;
    for (let i = 0; i < followers.length; i += 100) {
      const out = await doc.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: followers.slice(i, i + 100).map(counterKey) } } }));
      total += (out.Responses?.[table] ?? []).reduce((sum, item) => sum + Number(item.unread ?? 0), 0);
    }
    const invocations = (await readFile(process.env.COST_USAGE_FILE!, 'utf8'))
      .split('\n')
      .filter((line) => line.includes('"fn":"notifier"'))
      .map((line) => JSON.parse(line) as { t: string; ms: number })
      .filter((record) => Date.parse(record.t) >= started);
    console.log(
      `fan-out: ${total} of ${followers.length} followers notified in ${elapsedMs} ms, ${invocations.length} notifier invocations ` +
        `(longest ${Math.max(...invocations.map((r) => r.ms)).toFixed(0)} ms)`,
    );

    expect(total).toBe(followers.length);
    // One invocation per page of 500 at least (the event's own, then a page message per further page), each within the function's timeout.
    expect(invocations.length).toBeGreaterThanOrEqual(Math.ceil(followers.length / notificationsMessagingDesign.notifierSource.followersPerPage));
    expect(Math.max(...invocations.map((r) => r.ms))).toBeLessThan(notificationsMessagingDesign.notifierSource.timeoutSeconds * 1000);
    doc.destroy();
  }, 600_000);
});
