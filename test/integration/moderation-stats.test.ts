/**
 * Moderation stats from counters against the same figures counted from every item, on a backlog
 * built by the real use cases over several days of an injected clock, in a table of this test's own
 * on DynamoDB Local (so the whole backlog is known, whatever other tests do meanwhile).
 */
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Caller } from '../../lambdas/domain/caller';
import type { ChorusDeps } from '../../lambdas/domain/ports';
import { createCommunity } from '../../lambdas/communities/communities';
import { decide, leaseItem, moderationStats, putModerationPolicy } from '../../lambdas/moderation/moderation';
import type { QueueItem } from '../../lambdas/moderation/queue';
import { appealPost, reportPost } from '../../lambdas/moderation/reports';
import { appealSanction } from '../../lambdas/moderation/sanction-appeals';
import { sanctionMember } from '../../lambdas/members/sanctions';
import { DEFAULT_POLICY } from '../../lambdas/moderation/screening';
import { createPost } from '../../lambdas/posts/posts';
import type { StartKey } from '../../lambdas/store/cursor';
import { decisionsOnQuery, toDecision } from '../../lambdas/store/entities/audit-entry';
import { byStatusQuery, toQueueItem } from '../../lambdas/store/entities/moderation-item';
import { ensureTables } from '../../local/dynamodb-local';
import { tableDeps } from './support/table-deps';
import { uniqueId } from './support/api';

const local = process.env.CHORUS_ISSUER_FILE !== undefined;
const who = (memberId: string, ...groups: string[]): Caller => ({ memberId, username: memberId, groups: new Set(groups as never[]) });
const [cara, alice, bob, carol, dave, erin, mo, max, sam] = [
  who('stats-cara', 'community-managers'),
  who('stats-alice', 'members'),
  who('stats-bob', 'members'),
  who('stats-carol', 'members'),
  who('stats-dave', 'members'),
  who('stats-erin', 'members'),
  who('stats-mo', 'moderators'),
  who('stats-max', 'moderators'),
  who('stats-sam', 'senior-moderators'),
];

let now = new Date('2026-11-20T09:00:00.000Z');
const advance = (seconds: number) => (now = new Date(now.getTime() + seconds * 1000));

const raw = new DynamoDBClient({});
const client = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
const table = uniqueId('stats-table');

function deps(): ChorusDeps {
  return tableDeps(() => now, { client, table });
}

async function queryAll<T>(input: (start?: StartKey) => QueryCommandInput, map: (item: Record<string, unknown>) => T) {
  const items: T[] = [];
  let start: StartKey | undefined;
  do {
    const out = await client.send(new QueryCommand(input(start)));
    items.push(...(out.Items ?? []).map(map));
    start = out.LastEvaluatedKey as StartKey | undefined;
  } while (start);
  return items;
}

/** The stats counted from every open item and every decision, as the route computed them before counters. */
async function countedFromEverything(windowDays: number) {
  const open: QueueItem[] = [];
  for (const status of ['pending', 'escalated']) open.push(...(await queryAll((start) => byStatusQuery(table, status, {}, 100, start), toQueueItem)));
  const days = Array.from({ length: windowDays }, (_, i) => new Date(now.getTime() - i * 86_400_000).toISOString().slice(0, 10));
  const decisions = (await Promise.all(days.map((day) => queryAll((start) => decisionsOnQuery(table, day, start), toDecision)))).flat();
  const byCommunity: Record<string, number> = {};
  for (const item of open) if (item.communityId !== null) byCommunity[item.communityId] = (byCommunity[item.communityId] ?? 0) + 1;
  const byModerator: Record<string, number> = {};
  for (const d of decisions) byModerator[d.actorId] = (byModerator[d.actorId] ?? 0) + 1;
  const oldest = [...open].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.itemId < b.itemId ? -1 : 1))[0];
  const waits = decisions.map((d) => d.waitedSeconds).sort((a, b) => a - b);
  const mid = Math.floor(waits.length / 2);
  return {
    backlog: {
      total: open.length,
      byPriority: {
        high: open.filter((i) => i.priority === 'high').length,
        medium: open.filter((i) => i.priority === 'medium').length,
        low: open.filter((i) => i.priority === 'low').length,
      },
      byCommunity,
      senior: open.filter((i) => i.status === 'escalated').length,
    },
    oldestWaiting: oldest
      ? { itemId: oldest.itemId, createdAt: oldest.createdAt, waitingSeconds: Math.round((now.getTime() - Date.parse(oldest.createdAt)) / 1000) }
      : null,
    pastDue: open.filter((i) => Date.parse(i.dueAt) < now.getTime()).length,
    decisions: {
      windowDays,
      count: decisions.length,
      medianSecondsToDecision: waits.length === 0 ? null : waits.length % 2 ? waits[mid]! : (waits[mid - 1]! + waits[mid]!) / 2,
      byModerator,
    },
  };
}

(local ? describe : describe.skip)('moderation stats (own table, injected clock, DynamoDB Local)', () => {
  beforeAll(async () => {
    await ensureTables(raw, { table, idempotencyTable: `${table}-idempotency` });
  });

  afterAll(async () => {
    await Promise.all([table, `${table}-idempotency`].map((TableName) => raw.send(new DeleteTableCommand({ TableName }))));
    raw.destroy();
  });

  it('equal the figures counted from every item, on a backlog built over three days', async () => {
    const d = deps();
    const [held, watched] = ['stats-held', 'stats-watched'];
    await createCommunity(d, cara, { communityId: held, name: 'Held', description: '' });
    await createCommunity(d, cara, { communityId: watched, name: 'Watched', description: '' });
    await putModerationPolicy(d, cara, held, { ...DEFAULT_POLICY, mode: 'pre-moderation' });
    await putModerationPolicy(d, cara, watched, { ...DEFAULT_POLICY, watchedTerms: ['refund'] });
    const post = (author: Caller, communityId: string, body: string) =>
      createPost(d, author, communityId, { kind: 'discussion', title: 'T', body, productIds: [], tags: [] });
    const decideNow = async (moderator: Caller, itemId: string, action: 'approve' | 'reject' | 'escalate', seconds: number) => {
      const leased = await leaseItem(d, moderator, itemId);
      advance(seconds);
      return decide(d, moderator, itemId, { action, version: leased.version, ...(action === 'approve' ? {} : { reasonCode: 'off-topic' as const }) });
    };

    // Day 1: held posts (low), a watched term (medium), a reported post (high); two decisions.
    const [h1, h2, h3] = [await post(alice, held, 'one'), await post(alice, held, 'two'), await post(bob, held, 'three')];
    const refund = await post(bob, watched, 'a refund please');
    const published = await post(bob, watched, 'fine words');
    await reportPost(d, carol, published.postId, { reasonCode: 'abuse' });
    await decideNow(mo, `post-${h1.postId}`, 'approve', 20);
    await decideNow(max, `post-${h2.postId}`, 'reject', 35);
    // Sanction appeals: one of a silence (no community), one of a ban (the senior queue, no community).
    const silence = await sanctionMember({ members: d.members!, clock: d.clock }, mo, dave.memberId, { kind: 'silence', reasonCode: 'spam', durationDays: 3 });
    const ban = await sanctionMember({ members: d.members!, clock: d.clock }, sam, erin.memberId, { kind: 'ban', reasonCode: 'ban-evasion' });
    const appealDeps = { members: d.members!, moderation: d.moderation, clock: d.clock };
    await appealSanction(appealDeps, dave, silence.sanctionId, 'it was a product link');
    await appealSanction(appealDeps, erin, ban.sanctionId, 'not my other account');

    // Day 2: the approved post is reported (the item opens again), the rejection is appealed and
    // decided, one item escalated (senior queue), another report on the same post.
    advance(86_400);
    await reportPost(d, dave, h1.postId, { reasonCode: 'spam' });
    const appeal = await appealPost(d, alice, h2.postId, { text: 'please' });
    await decideNow(mo, appeal.itemId, 'approve', 12);
    await decideNow(mo, `post-${refund.postId}`, 'escalate', 41);
    // The silence's appeal upheld by another moderator than its issuer; a sanction from a reject in
    // the watched community, appealed: an open sanction appeal counted in that community.
    await decideNow(max, `sanction-${silence.sanctionId}`, 'reject', 25);
    const spam = await post(carol, watched, 'refund refund');
    const rejected = await leaseItem(d, max, `post-${spam.postId}`);
    await decide(d, max, `post-${spam.postId}`, {
      action: 'reject',
      reasonCode: 'spam',
      version: rejected.version,
      sanction: { kind: 'warn', reasonCode: 'spam' },
    });
    const warning = (await d.members!.listSanctions(carol.memberId, { limit: 1 })).items[0]!;
    await appealSanction(appealDeps, carol, warning.sanctionId, 'it was a joke');
    await reportPost(d, dave, published.postId, { reasonCode: 'spam' });
    // A decision long after the item was created: counted in its histogram bucket, not the median.
    advance(3_700);
    await decideNow(sam, `post-${h3.postId}`, 'approve', 1);

    // Day 3, two hours on, on a whole minute: the high item and the reopened one are past due.
    advance(86_400 + 7_200);
    now = new Date(Math.ceil(now.getTime() / 60_000) * 60_000);
    await post(carol, held, 'four');
    advance(60);

    const stats = await moderationStats(d, mo, 7);
    const expected = await countedFromEverything(7);

    expect(expected.backlog.total).toBe(6);
    expect(expected.pastDue).toBeGreaterThan(0);
    expect(expected.backlog.senior).toBe(2);
    expect(expected.backlog.byCommunity[watched]).toBe(3);
    expect(expected.decisions.byModerator[max.memberId]).toBe(3);
    expect(stats).toEqual(expected);
    expect(await moderationStats(d, mo, 1)).toEqual(await countedFromEverything(1));
  }, 30_000);
});
