/**
 * The moderation routes' benchmark entries and their data. Held posts, queue items, leases and
 * decisions are made by the runtime's own use cases (createPost under a pre-moderation policy,
 * reportPost, leaseItem, decide) on DynamoDB Local, so every item is what production writes;
 * their calls happen in `prepare`, before the measured invocation, and never count towards it.
 */
import { randomUUID } from 'node:crypto';
import type { ModerationPolicy } from '../lambdas/api/moderation-schemas';
import type { Group, Post } from '../lambdas/api/schemas';
import type { Caller } from '../lambdas/domain/caller';
import type { ChorusDeps } from '../lambdas/domain/ports';
import { decide, leaseItem, putModerationPolicy } from '../lambdas/moderation/moderation';
import { newQueueItem, type QueueItem } from '../lambdas/moderation/queue';
import { reportPost } from '../lambdas/moderation/reports';
import { itemIdOf } from '../lambdas/moderation/screen-content';
import { DEFAULT_POLICY } from '../lambdas/moderation/screening';
import { createPost } from '../lambdas/posts/posts';
import { expiredLeasesQuery, moderationItem, moderationItemKey, toQueueItem } from '../lambdas/store/entities/moderation-item';
import { POST_BODY, POST_TITLE, newUlid } from './fixtures';
import type { BenchCaller, BenchData, RouteBench } from './routes';

/** Pre-moderation: every post is held, with a queue item, as screening makes it. */
export const HELD_COMMUNITY = 'bench-mod-held';
/** A blocked term in the policy: a post with it is rejected at creation, and may be appealed. */
export const BLOCKING_COMMUNITY = 'bench-mod-block';
const BLOCKED_TERM = 'counterfeit';

export const MODERATOR = 'bench-moderator';

const caller = (memberId: string, ...groups: Group[]): Caller => ({ memberId, username: memberId, groups: new Set<Group>(['members', ...groups]) });
const benchCaller = (memberId: string, ...groups: Group[]): BenchCaller => ({ memberId, groups: ['members', ...groups] });
const moderator = caller(MODERATOR, 'moderators');
const manager = caller('bench-mod-manager', 'community-managers');

export const PRE_MODERATION: ModerationPolicy = { ...DEFAULT_POLICY, mode: 'pre-moderation' };
const BLOCKING: ModerationPolicy = { ...DEFAULT_POLICY, blockedTerms: [BLOCKED_TERM] };

const pad = (i: number) => String(i + 1000).padStart(6, '0');

export interface ModerationData {
  readonly deps: ChorusDeps;
  /** An item with a decision behind it: its audit log holds a claim and an approval. */
  readonly auditedItemId: string;
  /** Items claim-next entries created and not yet deleted, whichever entry (route phase, each scale step) made them. */
  readonly claimedPairs: string[];
}

/** Two communities with the policies the moderation routes need, and one decided item for the audit route. */
export async function writeModerationData(d: BenchData, deps: ChorusDeps): Promise<ModerationData> {
  await d.fx.community(HELD_COMMUNITY);
  await d.fx.community(BLOCKING_COMMUNITY);
  await putModerationPolicy(deps, manager, HELD_COMMUNITY, PRE_MODERATION);
  await putModerationPolicy(deps, manager, BLOCKING_COMMUNITY, BLOCKING);
  const [post] = await heldPosts(deps, 'bench-audited-author', 1);
  const itemId = itemIdOf({ kind: 'post', postId: post!.postId, commentId: null });
  const leased = await leaseItem(deps, moderator, itemId);
  await decide(deps, moderator, itemId, { action: 'approve', version: leased.version });
  return { deps, auditedItemId: itemId, claimedPairs: [] };
}

const newPost = (_communityId: string, title = POST_TITLE, body = POST_BODY) => ({
  kind: 'discussion' as const,
  title,
  body,
  productIds: ['SKU-BENCH-3'],
  tags: ['sleeping-bags', 'winter'],
});

/** `count` posts by `authorId` in the pre-moderation community: each held, with a pending low-priority item. */
async function heldPosts(deps: ChorusDeps, authorId: string, count: number): Promise<Post[]> {
  const out: Post[] = [];
  for (let n = 0; n < count; n++) out.push(await createPost(deps, caller(authorId), HELD_COMMUNITY, newPost(HELD_COMMUNITY)));
  for (const p of out) if (p.status !== 'held') throw new Error(`a post in ${HELD_COMMUNITY} should be held by pre-moderation, got ${p.status}`);
  return out;
}

/** `pairs` twin pairs of held posts, each item leased by the moderator (version as leased). */
async function leasedTwins(deps: ChorusDeps, authorId: string, pairs: number) {
  const posts = await heldPosts(deps, authorId, pairs * 2);
  const items = await Promise.all(posts.map((p) => leaseItem(deps, moderator, itemIdOf({ kind: 'post', postId: p.postId, commentId: null }))));
  return Array.from({ length: pairs }, (_, n) => ({ a: posts[2 * n]!, b: posts[2 * n + 1]!, version: items[2 * n]!.version }));
}

/** A queue item as screening or a report leaves it, for seeding a long queue (scale): pending, low priority. */
export function pendingQueueRecord(post: Post, createdAt: string): Record<string, unknown> {
  const item: QueueItem = {
    ...newQueueItem(
      {
        itemId: itemIdOf({ kind: 'post', postId: post.postId, commentId: null }),
        kind: 'post',
        communityId: post.communityId,
        postId: post.postId,
        commentId: null,
        postKind: post.kind,
        authorId: post.authorId,
        excerpt: `${post.title}\n${post.body}`,
      },
      createdAt,
    ),
    rule: 'pre-moderation',
    reasons: { 'pre-moderation': 1 },
    dueAt: new Date(Date.parse(createdAt) + DEFAULT_POLICY.turnaroundMinutes.low * 60_000).toISOString(),
    version: 1,
  };
  return moderationItem(item);
}

/**
 * claim-next's entry. Each iteration reports two fresh posts for abuse (high priority: the head of
 * the queue, ahead of every seeded low-priority item); the handler claims the first, the raw replay
 * its twin. Both leave the queue before the next iteration, so every claim finds a free head and
 * reads what a claim on a busy but unclaimed queue reads.
 */
const expiredLeases = (d: BenchData) => d.fx.query(expiredLeasesQuery(d.fx.table, 'pending', new Date().toISOString(), 100));

export function claimNextRoute(d: BenchData, m: ModerationData, budget: RouteBench['budget']): RouteBench {
  let previous: string[] = [];
  return {
    name: 'claim-next',
    operationId: 'claimNextItem',
    status: 200,
    budget,
    prepare: async (i) => {
      // Every pair an earlier claim-next entry left (its last one is never cleaned up by itself) goes too:
      // their leases expire five minutes on, and a high-priority item due before this pair is rightly
      // claimed first (the crash at the 100 k step, reached more than five minutes after the route phase).
      await Promise.all(m.claimedPairs.splice(0).map((itemId) => d.fx.deleteItem(moderationItemKey(itemId))));
      const a = d.fx.post({ communityId: d.communityId, authorId: d.authorId });
      const b = { ...a, postId: newUlid() };
      await d.fx.createPosts([a, b]);
      for (const p of [a, b]) await reportPost(m.deps, caller(`bench-claim-reporter-${pad(i)}`), p.postId, { reasonCode: 'abuse' });
      previous = [a, b].map((p) => itemIdOf({ kind: 'post', postId: p.postId, commentId: null }));
      m.claimedPairs.push(...previous);
      // Anything still ahead of this pair is left over from earlier entries: leases the route phase
      // took (lease, decide, bulk twins) expire five minutes on and rightly come first once they have,
      // which a slow machine reaches during the scale phase (the crash at the 100 k step). Deleted here,
      // in prepare, so the measured claim takes this pair's head item and the replay its twin.
      for await (const candidate of m.deps.moderation.claimCandidates('pending', new Date().toISOString())) {
        if (previous.includes(candidate.itemId)) break;
        await d.fx.deleteItem(moderationItemKey(candidate.itemId));
      }
      // Expired leases behind the pair still fill the head claim-next reads of byLeaseExpiry (+0.5 RRU): gone too.
      for (let expired = await expiredLeases(d); expired.length > 0; expired = await expiredLeases(d)) {
        await Promise.all(expired.map((item) => d.fx.deleteItem(moderationItemKey(toQueueItem(item as never).itemId))));
      }
      return { caller: benchCaller(MODERATOR, 'moderators'), twins: { [a.postId]: b.postId } };
    },
    check: (body) => {
      if (body.itemId !== previous[0])
        throw new Error(`claim-next claimed ${String(body.itemId)}, not the head item ${previous[0]}: another item is more urgent`);
    },
  };
}

/** Budgets: what each route cannot do without, with the item sizes behind them (measured: see BENCHMARKS.md section 3). */
export const MODERATION_BUDGETS = {
  reportPost: {
    read: 2.5,
    write: 29,
    reason:
      "reads: the post, eventually consistent is enough (0.5: a report changes the post only inside the transaction, under its own condition), the community policy (0.5), the reporter's member-in-community record for the report's weight, eventually consistent (0.5), the queue item, consistent, absent on a first report (1); writes: idempotency put and completion (1 + 1), the reporter's rate window, under 1 KB (1: in their own RATE# partition, no index keys), transaction 2x: queue item of ~1.1 KB (4), its byModerationStatus copy (4), its byClaimQueue entry (4: a new item is free to claim) and byCommunityQueue copy (4), its byWaitingSince keys (2) and byMember entry (2: erasure de-identifies the moderation of the author's content), the report, under 1 KB (2) and its byMember entry (2: export and erasure of the reports a member filed), the create marker holding the receipt, under 1 KB (2: the retry after a crash answers from it, test/integration/exactly-once.test.ts; in the reporter's own ONCE# partition, no index keys); Stats counters, each a transactional update of an item under 1 KB: backlog totals, due day, due hour (3 x 2). DynamoDB Local counts items of one table or index and of the same size once in a transaction, so it reports 29 where DynamoDB bills the sum, 35",
  },
  reportComment: {
    read: 3,
    write: 29,
    reason:
      "reads: the post for its community and visibility, eventually consistent (0.5), the comment (0.5), the policy (0.5), the reporter's member-in-community record for the report's weight (0.5), the queue item, consistent, absent (1); writes: idempotency (1 + 1), the reporter's rate window (1: in their own RATE# partition, no index keys), transaction 2x: queue item just over 1 KB (~1.04 KB with a 160-character comment: the byMember keys of issue 15, the byCommunityQueue keys of the desk and the byWaitingSince keys of the stats took it past 1 KB, as a post's item) (4), its byModerationStatus copy (4), byClaimQueue entry (4), byCommunityQueue copy (4), byWaitingSince keys (2) and byMember entry (2: erasure de-identifies the moderation of the author's content), the report (2) and its byMember entry (2: export and erasure of the reports a member filed), the create marker holding the receipt, under 1 KB (2: exactly-once creates; in the reporter's own ONCE# partition, no index keys); Stats counters, each a transactional update of an item under 1 KB: backlog totals, due day, due hour (3 x 2). DynamoDB Local counts items of one table or index and of the same size once in a transaction (two 600-byte puts report 2; a 1.1 KB and a 600-byte put report 6), so it reports 29 where DynamoDB bills the sum, 35",
  },
  claimNextItem: {
    read: 1,
    write: 26,
    reason:
      "the heads of byClaimQueue, one free item of ~1.2 KB (0.5), and of byLeaseExpiry, no expired lease (0.5, the minimum); transaction 2x: the item with its lease (4), its byModerationStatus and byCommunityQueue copies (4 + 4), its byClaimQueue entry removed (4) and byLeaseExpiry entry added (4), the claim audit entry under 1 KB (2) with its byModerator copy (2) and its byCommunityAudit copy (2: the ledger's moderator handle times by community and period start at the claim, issue 16); no stats counter (a claim changes no count) and no byWaitingSince write (keys only, unchanged)",
  },
  leaseItem: {
    read: 1,
    write: 26,
    reason:
      "the item, consistent (1); transaction 2x: the item with its lease (4), its byModerationStatus and byCommunityQueue copies (4 + 4), its byClaimQueue entry removed (4) and byLeaseExpiry entry added (4), the claim audit entry (2) with its byModerator copy (2) and its byCommunityAudit copy (2: the ledger's moderator handle times by community and period, issue 16)",
  },
  decideItem: {
    read: 2,
    write: 60,
    reason:
      "reads: the item and the post, both consistent (1 + 1); transaction 2x: item put (4), its byLeaseExpiry entry removed (4), its byModerationStatus entry moved from pending to approved (delete + put, 8), the post of just over 1 KB published (4) and added to byCommunityFeed, byCommunityKindFeed, byAuthor (3 x 4), its product link (2) and byProduct copy (2), the audit entry (2) with its byModerator and byDecisionDay copies (2 + 2), its byCommunityQueue entry moved too (8) and its byWaitingSince keys removed (2); Stats counters, each a transactional update of an item under 1 KB (2 each in DynamoDB; DynamoDB Local reports 2 for three): backlog totals, due day, due hour, the day's decision summary (4 x 2)",
  },
  decideItems: {
    read: 10,
    write: 300,
    reason: 'five decisions as above, each its own transaction (5 x 2 RRU, 5 x 60 WRU): one failing never stops the others',
  },
  listModerationItems: {
    read: 3.5,
    write: 0,
    reason: 'Query on byModerationStatus of 20 items of ~1.2 KB (with their community and waiting keys), 24 KB in 4 KB steps, eventually consistent',
  },
  getModerationStats: {
    read: 4,
    write: 0,
    reason:
      "counters the item transitions keep with ADD, five small reads at any backlog: the backlog totals (0.5), the due-hour counters of the next 8 days (one Query, 0.5), this hour's due-minute counters (0.5), the head of byWaitingSince, keys only (0.5), the 7 days' decision summaries with their wait histograms (one Query under 8 KB, up to 1)",
  },
  getModerationAudit: { read: 0.5, write: 0, reason: "Query of the item's 2 audit entries, under 4 KB together" },
  putModerationPolicy: { read: 0, write: 1, reason: 'one update of the community item, under 1 KB' },
  appealPost: {
    read: 2,
    write: 30,
    reason:
      "reads: the post, eventually consistent (0.5: rejected posts cannot change), the policy (0.5), the post's queue item, consistent, for who rejected it (1); writes: idempotency (1 + 1), transaction 2x: the appeal item of ~1 KB (4), its byModerationStatus copy (4), its byClaimQueue entry (4), byCommunityQueue copy (4) and byWaitingSince keys (2), the create marker holding the appeal item as answered, just over 1 KB (4: exactly-once creates); stats counters, each a transactional update of an item under 1 KB (2 each in DynamoDB; DynamoDB Local reports 2 for three): backlog totals, due day, due hour (3 x 2)",
  },
} as const satisfies Record<string, RouteBench['budget']>;

export const BULK_DECISIONS = 5;

export function moderationRoutes(d: BenchData, m: ModerationData): RouteBench[] {
  const members = (role: string, i: number) => ({ a: `bench-${role}-a-${pad(i)}`, b: `bench-${role}-b-${pad(i)}` });
  const idempotencyKey = () => ({ 'idempotency-key': randomUUID() });
  const asModerator = benchCaller(MODERATOR, 'moderators');
  const itemOf = (p: Post) => itemIdOf({ kind: 'post', postId: p.postId, commentId: null });
  return [
    {
      name: 'report a post',
      operationId: 'reportPost',
      status: 201,
      budget: MODERATION_BUDGETS.reportPost,
      prepare: async (i) => {
        const r = members('reporter', i);
        const a = d.fx.post({ communityId: d.communityId, authorId: d.authorId });
        const b = { ...a, postId: newUlid() };
        await d.fx.createPosts([a, b]);
        return {
          pathParameters: { postId: a.postId },
          body: { reasonCode: 'spam', text: 'Links to a shop in every paragraph.' },
          headers: idempotencyKey(),
          caller: benchCaller(r.a),
          twins: { [a.postId]: b.postId, [r.a]: r.b },
        };
      },
    },
    {
      name: 'report a comment',
      operationId: 'reportComment',
      status: 201,
      budget: MODERATION_BUDGETS.reportComment,
      prepare: async (i) => {
        const r = members('c-reporter', i);
        const a = await d.fx.comment(d.post.postId, 'bench-reported-commenter');
        const b = await d.fx.comment(d.post.postId, 'bench-reported-commenter');
        return {
          pathParameters: { postId: d.post.postId, commentId: a.commentId },
          // spam (medium): abuse would put these items ahead of claim-next's own at the head of the queue.
          body: { reasonCode: 'spam' },
          headers: idempotencyKey(),
          caller: benchCaller(r.a),
          twins: { [a.commentId]: b.commentId, [r.a]: r.b },
        };
      },
    },
    claimNextRoute(d, m, MODERATION_BUDGETS.claimNextItem),
    {
      name: 'lease an item',
      operationId: 'leaseItem',
      status: 200,
      budget: MODERATION_BUDGETS.leaseItem,
      prepare: async (i) => {
        const [a, b] = await heldPosts(m.deps, members('leased-author', i).a, 2);
        return { pathParameters: { itemId: itemOf(a!) }, caller: asModerator, twins: { [a!.postId]: b!.postId } };
      },
    },
    {
      name: 'decide: approve a held post',
      operationId: 'decideItem',
      status: 200,
      budget: MODERATION_BUDGETS.decideItem,
      prepare: async (i) => {
        const [pair] = await leasedTwins(m.deps, members('decided-author', i).a, 1);
        return {
          pathParameters: { itemId: itemOf(pair!.a) },
          body: { action: 'approve', version: pair!.version },
          caller: asModerator,
          twins: { [pair!.a.postId]: pair!.b.postId },
        };
      },
    },
    {
      name: `bulk decisions of ${BULK_DECISIONS}`,
      operationId: 'decideItems',
      status: 200,
      budget: MODERATION_BUDGETS.decideItems,
      iterations: 60,
      prepare: async (i) => {
        const pairs = await leasedTwins(m.deps, members('bulk-author', i).a, BULK_DECISIONS);
        return {
          body: { decisions: pairs.map((p) => ({ itemId: itemOf(p.a), action: 'approve', version: p.version })) },
          caller: asModerator,
          twins: Object.fromEntries(pairs.map((p) => [p.a.postId, p.b.postId])),
        };
      },
      check: (body) => {
        const results = (body as { results: { status: number }[] }).results;
        if (results.some((r) => r.status !== 200)) throw new Error(`a bulk decision failed: ${JSON.stringify(results)}`);
      },
    },
    {
      name: 'queue page of 20',
      operationId: 'listModerationItems',
      status: 200,
      budget: MODERATION_BUDGETS.listModerationItems,
      prepare: async () => ({ query: 'status=pending&limit=20', caller: asModerator }),
    },
    {
      name: 'moderation stats',
      operationId: 'getModerationStats',
      status: 200,
      budget: MODERATION_BUDGETS.getModerationStats,
      prepare: async () => ({ caller: asModerator }),
    },
    {
      name: 'audit of an item',
      operationId: 'getModerationAudit',
      status: 200,
      budget: MODERATION_BUDGETS.getModerationAudit,
      prepare: async () => ({ query: `itemId=${m.auditedItemId}&limit=20`, caller: asModerator }),
    },
    {
      name: 'put policy',
      operationId: 'putModerationPolicy',
      status: 200,
      budget: MODERATION_BUDGETS.putModerationPolicy,
      prepare: async () => ({
        pathParameters: { communityId: HELD_COMMUNITY },
        body: PRE_MODERATION,
        caller: benchCaller('bench-mod-manager', 'community-managers'),
      }),
    },
    {
      name: 'appeal a rejected post',
      operationId: 'appealPost',
      status: 201,
      budget: MODERATION_BUDGETS.appealPost,
      prepare: async (i) => {
        const author = members('appealer', i).a;
        // The blocked term ends the body: screening rejects both at creation.
        const [a, b] = await Promise.all(
          [0, 1].map(() =>
            createPost(m.deps, caller(author), BLOCKING_COMMUNITY, newPost(BLOCKING_COMMUNITY, POST_TITLE, `${POST_BODY.slice(0, 588)} ${BLOCKED_TERM}`)),
          ),
        );
        for (const p of [a!, b!])
          if (p.status !== 'rejected') throw new Error(`a post with "${BLOCKED_TERM}" in ${BLOCKING_COMMUNITY} should be rejected, got ${p.status}`);
        return {
          pathParameters: { postId: a!.postId },
          body: { text: 'The product is genuine: the receipt is in the second photo.' },
          headers: idempotencyKey(),
          caller: benchCaller(author),
          twins: { [a!.postId]: b!.postId },
        };
      },
    },
  ];
}
