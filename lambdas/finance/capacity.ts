/**
 * The capacity model (`npm run capacity`, CAPACITY.md): from the units and times the benchmark
 * measured per route (bench/results.json) and a workload (pricing/profiles.json, or a peak given per
 * second), the request rates at peak, the write and read units per second on each hot key against
 * DynamoDB's per-partition limits, the pipeline's throughput (SQS, Lambda concurrency, S3 PUTs, lake
 * growth, Athena bytes per report) and, through the cost report, the monthly bill by component.
 * Plain arithmetic, every assumption named: a unit test checks it on a fixture, and the model
 * predicts the benchmark's own load (bin/capacity.ts) to show it agrees with what was measured.
 */
import type { MeasuredRoute, WorkloadProfile } from './profile';

/** DynamoDB's throughput per partition (and per partition key value): 1,000 WCU and 3,000 RCU a second. */
export const PARTITION_LIMITS = { wcu: 1000, rcu: 3000 } as const;

/** What the model takes from the benchmark. */
export interface CapacityMeasurements {
  readonly routes: readonly MeasuredRoute[];
  readonly lambdaMemoryMb: number;
  /** Lake bytes per realistic event after compaction, and events per compacted object (bench section 6). */
  readonly lakeBytesPerEvent: number;
  /** Events a packed message carries (bench section 5). */
  readonly eventsPerMessage: number;
  /** Measured at the bench's rate: receives and deletes per message (receives fill towards 10 a call as the rate grows). */
  readonly receivesPerMessage: number;
  readonly deletesPerMessage: number;
  /**
   * Measured with a backlog (bench section 5), as billed: receives and deletes per message when every receive finds 10 or
   * more waiting, as at 100 messages a second and more. A full receive of compressed messages is one billed request (0.1 a message).
   */
  readonly fullReceivesPerMessage: number;
  readonly fullDeletesPerMessage: number;
}

/**
 * A peak to hold, per second, and how concentrated it is: the shares and sizes that make keys hot.
 * Rates of the other routes follow the profile's mix relative to posts.
 */
export interface PeakScenario {
  readonly name: string;
  readonly members: number;
  readonly postsPerSecond: number;
  readonly eventsPerSecond: number;
  /** The request mix per active member (a profile's requestsPerActiveMember): scaled so createPost = postsPerSecond. */
  readonly mix: WorkloadProfile;
  /** Share of all posts and feed reads that go to the busiest community. */
  readonly topCommunityShare: number;
  /** Share of all reactions and post reads that go to one viral post. */
  readonly viralPostShare: number;
  /** Votes a second on one popular idea (a campaign). */
  readonly popularIdeaVotesPerSecond: number;
  /** Followers of the most followed member, and the seconds their notifications may take to fan out. */
  readonly followers: number;
  readonly fanOutSeconds: number;
  /** Average over peak, for a month's figures. */
  readonly averageToPeak: number;
  /** 7-day reports run in a month (Athena). */
  readonly reportsPerMonth: number;
}

export interface HotKey {
  readonly key: string;
  readonly item: string;
  readonly wcuPerSecond: number;
  readonly rcuPerSecond: number;
  /** The larger of WCU / 1,000 and RCU / 3,000: above 1 the key exceeds one partition. */
  readonly load: number;
  /** Partitions (shards) the key needs at this rate. */
  readonly shardsNeeded: number;
  /** How the design keeps it within a partition (or what it would shard by), and whether that is built. */
  readonly design: string;
  readonly basis: string;
}

/** Item units the hot keys are made of (table design: lambdas/store/entities/*; sizes measured in bench section 3). */
export const ITEM_UNITS = {
  /** A post item is just over 1 KB (60-character title, 600-character body): 2 WCU a write, in a transaction 4. */
  postWrite: 2,
  /** A counter update (ADD) on the post item, inside the reaction's transaction: 2 x 2. */
  postCounterInTransaction: 4,
  /** A queue item's byClaimQueue entry (projection ALL, ~1.2 KB), put and deleted in transactions: 4 each. */
  claimEntryWrite: 4,
  /** A vote item under 1 KB (1 WCU) and the idea's counter ADD on an item under 1 KB (1 WCU). */
  voteItem: 1,
  ideaCounter: 1,
  /** A follower item of ~150 bytes: a Query reads 4 KB of them for 0.5 RCU (eventually consistent). */
  followerBytes: 150,
  /** A rate-window item under 1 KB: one UpdateItem (1 WCU) per limited request. */
  rateWindow: 1,
  /** A create marker holding the answer, up to just over 1 KB, put in the create's transaction: 2 x 2 WCU. */
  createMarker: 4,
} as const;

const routeOf = (m: CapacityMeasurements, operationId: string): MeasuredRoute => {
  const route = m.routes.find((r) => r.operationId === operationId);
  if (!route) throw new Error(`the benchmark has not measured ${operationId}: run npm run bench -- --only routes`);
  return route;
};

/** Requests a second per route at the peak: the mix scaled so createPost runs at postsPerSecond; client events batched. */
export function peakRates(s: PeakScenario): Record<string, number> {
  const perPost = s.mix.requestsPerActiveMember.createPost;
  if (!perPost) throw new Error(`the mix of ${s.name} has no createPost rate to scale by`);
  const rates: Record<string, number> = Object.fromEntries(
    Object.entries(s.mix.requestsPerActiveMember).map(([op, n]) => [op, (n / perPost) * s.postsPerSecond]),
  );
  const decisions = s.postsPerSecond * s.mix.moderationDecisionsPerPost;
  rates.claimNextItem = (rates.claimNextItem ?? 0) + decisions;
  rates.decideItem = (rates.decideItem ?? 0) + decisions;
  rates.recordEvents = (s.eventsPerSecond * clientShare(s)) / s.mix.clientEventsPerRequest;
  return rates;
}

/** Client events are what the apps send; the rest of the events are domain events (one per committed write). */
function clientShare(s: PeakScenario): number {
  const perPost = s.mix.requestsPerActiveMember.createPost!;
  const clientPerPost = s.mix.clientEventsPerActiveMember / perPost;
  const writesPerPost = Object.entries(s.mix.requestsPerActiveMember)
    .filter(([op]) => !op.startsWith('get') && !op.startsWith('list'))
    .reduce((sum, [, n]) => sum + n / perPost, 0);
  return clientPerPost / (clientPerPost + writesPerPost);
}

const shards = (wcu: number, rcu: number) => Math.max(1, Math.ceil(Math.max(wcu / PARTITION_LIMITS.wcu, rcu / PARTITION_LIMITS.rcu)));
const hot = (k: Omit<HotKey, 'load' | 'shardsNeeded'>): HotKey => ({
  ...k,
  load: Math.max(k.wcuPerSecond / PARTITION_LIMITS.wcu, k.rcuPerSecond / PARTITION_LIMITS.rcu),
  shardsNeeded: shards(k.wcuPerSecond, k.rcuPerSecond),
});

/** The write and read units a second on each key the design concentrates load on, at the peak. */
export function hotKeys(s: PeakScenario, m: CapacityMeasurements): HotKey[] {
  const rates = peakRates(s);
  const feed = routeOf(m, 'listCommunityPosts');
  const getPost = routeOf(m, 'getPost');
  const claim = routeOf(m, 'claimNextItem');
  const reactions = (rates.addReaction ?? 0) + (rates.removeReaction ?? 0);
  const queueItems = (rates.reportPost ?? 0) + (rates.reportComment ?? 0) + s.postsPerSecond * s.mix.moderationDecisionsPerPost;
  const followerReadRcu = ((s.followers * ITEM_UNITS.followerBytes) / 4096) * 0.5;
  const rateLimitedPerMember = 2; // the busiest member at the app's limits: a request every half second
  return [
    hot({
      key: "a community's feed partition (byCommunityFeed, one partition key per community)",
      item: 'post copies in the feed index; feed pages read from it',
      wcuPerSecond: s.topCommunityShare * s.postsPerSecond * ITEM_UNITS.postWrite,
      rcuPerSecond: s.topCommunityShare * (rates.listCommunityPosts ?? 0) * feed.readUnits,
      design:
        'one partition per community; where its reads pass 3,000 RCU, the first page (the same for every reader) is served from a cache of a second or two (CloudFront in front of the HTTP API, or DAX) rather than sharded; not built yet',
      basis: `${pct(s.topCommunityShare)} of ${fmt(s.postsPerSecond)} posts/s x ${ITEM_UNITS.postWrite} WCU; ${pct(s.topCommunityShare)} of ${fmt(rates.listCommunityPosts ?? 0)} feed pages/s x ${feed.readUnits} RRU (measured)`,
    }),
    hot({
      key: "a viral post's item (its reaction and comment counters)",
      item: 'counters updated with ADD inside the reaction and comment transactions; the post read by GET /v1/posts/{id}',
      wcuPerSecond: s.viralPostShare * (reactions + (rates.createComment ?? 0)) * ITEM_UNITS.postCounterInTransaction,
      rcuPerSecond: s.viralPostShare * (rates.getPost ?? 0) * getPost.readUnits,
      design:
        'counters sharded by suffix (POST#id#COUNTER#0..N-1, one chosen at random per write, the read sums N items in one BatchGetItem) once a post passes a rate; not built: today every counter lives on the post item',
      basis: `${pct(s.viralPostShare)} of ${fmt(reactions)} reactions/s and ${fmt(rates.createComment ?? 0)} comments/s x ${ITEM_UNITS.postCounterInTransaction} WCU; ${pct(s.viralPostShare)} of ${fmt(rates.getPost ?? 0)} post reads/s x ${getPost.readUnits} RRU (measured)`,
    }),
    hot({
      key: 'the claim queue partition (byClaimQueue CLAIM#pending)',
      item: 'every open item enters and leaves it (a put and a delete of its index copy); claim-next reads its head',
      wcuPerSecond: queueItems * 2 * ITEM_UNITS.claimEntryWrite,
      rcuPerSecond: (rates.claimNextItem ?? 0) * claim.readUnits,
      design:
        'one partition per status today; past it, shard the partition key by suffix (CLAIM#pending#0..N-1 by item id hash) and let claim-next read the N heads in parallel and take the most urgent (it already merges two index heads)',
      basis: `${fmt(queueItems)} queue items/s (reports and held posts) x 2 x ${ITEM_UNITS.claimEntryWrite} WCU; ${fmt(rates.claimNextItem ?? 0)} claims/s x ${claim.readUnits} RRU (measured)`,
    }),
    hot({
      key: "a popular idea's votes (modelled from the vote's items: the vote and the idea's counter)",
      item: 'one vote item per member under the idea (VOTE#idea / member) and a counter ADD on the idea',
      wcuPerSecond: s.popularIdeaVotesPerSecond * (ITEM_UNITS.voteItem + ITEM_UNITS.ideaCounter) * 2,
      rcuPerSecond: 0,
      design: 'a vote is a conditional put (once per member) and an ADD in one transaction; shard the counter as for a viral post past ~250 votes/s',
      basis: `${fmt(s.popularIdeaVotesPerSecond)} votes/s x (${ITEM_UNITS.voteItem} + ${ITEM_UNITS.ideaCounter}) WCU x 2 (transaction)`,
    }),
    hot({
      key: `a member with ${fmt(s.followers)} followers fanning out notifications (modelled from the inbox items and the follower pages)`,
      item: "the author's follower list read in pages by the notifier; each inbox entry goes to the follower's own partition",
      wcuPerSecond: 0,
      rcuPerSecond: followerReadRcu / s.fanOutSeconds,
      design: `fan-out through the notifications queue in bounded pages, paced over ${s.fanOutSeconds} s; the inbox writes (${fmt(s.followers)} x 1 WCU) spread over ${fmt(s.followers)} partitions`,
      basis: `${fmt(s.followers)} followers x ${ITEM_UNITS.followerBytes} B = ${fmt(followerReadRcu)} RCU (0.5 per 4 KB), over ${s.fanOutSeconds} s`,
    }),
    hot({
      key: "a member's rate-limit items (partition RATE#<member>, one item per action and scope)",
      item: 'one UpdateItem per limited request (posts, comments, reports, event batches)',
      wcuPerSecond: rateLimitedPerMember * ITEM_UNITS.rateWindow,
      rcuPerSecond: 0,
      design: "one item per action and scope in the member's own partition: the limits themselves bound its rate",
      basis: `the busiest member at ${rateLimitedPerMember} limited requests/s x ${ITEM_UNITS.rateWindow} WCU`,
    }),
    hot({
      key: "a member's create markers (partition ONCE#<member>, one item per Idempotency-Key, kept a day)",
      item: 'one transactional put per create that carries an Idempotency-Key (posts, comments, reports, appeals, communities)',
      wcuPerSecond: rateLimitedPerMember * ITEM_UNITS.createMarker,
      rcuPerSecond: 0,
      design: "in the member's own partition, no index (export and erasure Query it): the rate limits on creates bound its rate",
      basis: `the busiest member at ${rateLimitedPerMember} limited creates/s x ${ITEM_UNITS.createMarker} WCU (just over 1 KB, transactional)`,
    }),
  ];
}

export interface Throughput {
  readonly apiRequestsPerSecond: number;
  readonly dynamoDb: { readonly wcuPerSecond: number; readonly rcuPerSecond: number };
  readonly sqs: { readonly messagesPerSecond: number; readonly requestsPerSecond: number; readonly requestsPerEvent: number };
  /** Concurrent executions: requests a second x seconds each (Little's law). */
  readonly lambdaConcurrency: number;
  readonly s3PutsPerSecond: number;
  readonly lakeGbPerMonth: number;
  readonly athenaGbPerReport: number;
}

/** The ESM receives up to 10 messages a call: from 100 messages a second the queue always holds 10 or more, and the backlog's figures apply. */
const atRate = (messagesPerSecond: number, measured: number, full: number) => (messagesPerSecond >= 100 ? full : measured);

export function throughput(s: PeakScenario, m: CapacityMeasurements): Throughput {
  const rates = peakRates(s);
  const routes = Object.entries(rates).map(([op, rps]) => ({ rps, route: routeOf(m, op) }));
  const apiRequestsPerSecond = routes.reduce((sum, r) => sum + r.rps, 0);
  const domainEventsPerSecond = s.eventsPerSecond * (1 - clientShare(s));
  // Producers pack a client batch, or a publisher invocation's records (up to 100), into one message.
  const messagesPerSecond = (rates.recordEvents ?? 0) + domainEventsPerSecond / Math.min(100, s.mix.publisherRecordsPerInvocation);
  const receives = atRate(messagesPerSecond, m.receivesPerMessage, m.fullReceivesPerMessage);
  const deletes = atRate(messagesPerSecond, m.deletesPerMessage, m.fullDeletesPerMessage);
  const sqsPerSecond = messagesPerSecond * (1 + receives + deletes);
  const handlerSeconds = routes.reduce((sum, r) => sum + (r.rps * r.route.handlerMedianMs) / 1000, 0);
  const archiverSeconds = (s.eventsPerSecond / s.mix.eventsPerLakeObject) * (s.mix.archiverMsPerInvocation / 1000);
  const monthSeconds = 30 * 86_400;
  const lakeBytesPerMonth = s.eventsPerSecond * s.averageToPeak * monthSeconds * m.lakeBytesPerEvent;
  return {
    apiRequestsPerSecond,
    dynamoDb: {
      wcuPerSecond: routes.reduce((sum, r) => sum + r.rps * r.route.writeUnits, 0),
      rcuPerSecond: routes.reduce((sum, r) => sum + r.rps * r.route.readUnits, 0),
    },
    sqs: { messagesPerSecond, requestsPerSecond: sqsPerSecond, requestsPerEvent: sqsPerSecond / s.eventsPerSecond },
    lambdaConcurrency: handlerSeconds + archiverSeconds,
    // One object per event type and day in an archiver batch; about ten types in a full batch.
    s3PutsPerSecond: (s.eventsPerSecond / s.mix.eventsPerLakeObject) * 10,
    lakeGbPerMonth: lakeBytesPerMonth / 1e9,
    // A 7-day report reads its week's partitions (bench section 6: <= 1.1 x them).
    athenaGbPerReport: (lakeBytesPerMonth * 7) / 30 / 1e9,
  };
}

/**
 * A month at the peak's average (averageToPeak x the peak, all month) as a workload profile, so the
 * cost report prices it like the profiles.
 */
export function peakMonthProfile(s: PeakScenario, m: CapacityMeasurements): WorkloadProfile {
  const active = s.members * s.mix.monthlyActiveShare;
  const monthSeconds = 30 * 86_400 * s.averageToPeak;
  const rates = peakRates(s);
  const perMember = (rps: number) => (rps * monthSeconds) / active;
  return {
    ...s.mix,
    members: s.members,
    requestsPerActiveMember: Object.fromEntries(Object.keys(s.mix.requestsPerActiveMember).map((op) => [op, perMember(rates[op] ?? 0)])),
    clientEventsPerActiveMember: perMember(s.eventsPerSecond * clientShare(s)),
    lakeBytesPerEvent: m.lakeBytesPerEvent,
    athenaQueriesPerMonth: s.reportsPerMonth,
    athenaMbScannedPerQuery: (throughput(s, m).athenaGbPerReport * 1e9) / 1024 ** 2,
  };
}

/** The benchmark's steady load (bench section 5), as the model sees it. */
export interface BenchLoad {
  readonly eventsPerSecond: number;
  readonly seconds: number;
  readonly eventsPerRequest: number;
}

export interface LoadPrediction {
  readonly requests: number;
  readonly sqsSendRequests: number;
  readonly dynamoDb: { readonly readUnits: number; readonly writeUnits: number };
  readonly lambdaSeconds: number;
}

/** What the model predicts the benchmark's steady load of POST /v1/events costs, from the per-route measurements. */
export function predictLoad(load: BenchLoad, m: CapacityMeasurements, operationId = 'recordEvents', routeName?: string): LoadPrediction {
  const route =
    m.routes.find((r) => r.operationId === operationId && (routeName === undefined || (r as { name?: string }).name === routeName)) ?? routeOf(m, operationId);
  const requests = (load.eventsPerSecond * load.seconds) / load.eventsPerRequest;
  return {
    requests,
    sqsSendRequests: requests * Math.max(1, Math.ceil(load.eventsPerRequest / m.eventsPerMessage)),
    dynamoDb: { readUnits: requests * route.readUnits, writeUnits: requests * route.writeUnits },
    lambdaSeconds: (requests * route.handlerMedianMs) / 1000,
  };
}

const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: n < 10 ? 2 : 0 });
const pct = (share: number) => `${fmt(share * 100)} %`;
