import { type CapacityMeasurements, hotKeys, type PeakScenario, peakRates, predictLoad, throughput } from '../../../lambdas/finance/capacity';
import { profilePeak, withinTenPercent } from '../../../lambdas/finance/capacity-report';
import type { WorkloadProfile } from '../../../lambdas/finance/profile';

const route = (operationId: string, readUnits: number, writeUnits: number, handlerMedianMs: number) => ({
  operationId,
  group: 'g',
  readUnits,
  writeUnits,
  handlerMedianMs,
});

/** A small workload whose arithmetic is done by hand below. */
const mix: WorkloadProfile = {
  members: 1000,
  monthlyActiveShare: 0.5,
  requestsPerActiveMember: { createPost: 1, listCommunityPosts: 10, getPost: 20, addReaction: 4, createComment: 2, reportPost: 0.1 },
  clientEventsPerActiveMember: 100,
  clientEventsPerRequest: 20,
  moderationDecisionsPerPost: 0.1,
  publisherRecordsPerInvocation: 100,
  publisherMsPerInvocation: 100,
  eventsPerLakeObject: 1000,
  archiverMsPerInvocation: 500,
  lakeBytesPerEvent: 80,
  athenaQueriesPerMonth: 10,
  athenaMbScannedPerQuery: 1,
};

const measured: CapacityMeasurements = {
  routes: [
    route('createPost', 0.5, 30, 20),
    route('listCommunityPosts', 3.5, 0, 5),
    route('getPost', 1, 0, 2),
    route('addReaction', 1.5, 18, 10),
    route('createComment', 1.5, 21, 20),
    route('reportPost', 2.5, 23, 30),
    route('claimNextItem', 0.5, 24, 10),
    route('decideItem', 2, 54, 25),
    route('recordEvents', 10, 1, 10),
  ],
  lambdaMemoryMb: 1024,
  lakeBytesPerEvent: 80,
  eventsPerMessage: 100,
  receivesPerMessage: 1,
  deletesPerMessage: 0.2,
  fullReceivesPerMessage: 0.12,
  fullDeletesPerMessage: 0.1,
};

const peak: PeakScenario = {
  name: 'fixture',
  members: 1000,
  postsPerSecond: 100,
  eventsPerSecond: 10_000,
  mix,
  topCommunityShare: 0.1,
  viralPostShare: 0.05,
  popularIdeaVotesPerSecond: 50,
  followers: 100_000,
  fanOutSeconds: 10,
  averageToPeak: 0.5,
  reportsPerMonth: 10,
};

describe('the capacity model', () => {
  it('scales the mix to the peak posts and batches client events', () => {
    const rates = peakRates(peak);
    expect(rates.listCommunityPosts).toBe(1000);
    expect(rates.getPost).toBe(2000);
    // 10 decisions/s: a claim and a decision each.
    expect(rates.claimNextItem).toBeCloseTo(10);
    // Client events per post: 100; writes per post: 1 + 4 + 2 + 0.1 = 7.1, so client events are 100/107.1 of all events.
    expect(rates.recordEvents).toBeCloseTo((10_000 * (100 / 107.1)) / 20);
  });

  it("puts each hot key's units against the partition limits", () => {
    const keys = hotKeys(peak, measured);
    const [feed, viral, queue, idea, fanOut, rate, markers] = keys;
    // 10 % of 100 posts/s x 2 WCU; 10 % of 1,000 pages/s x 3.5 RRU.
    expect([feed!.wcuPerSecond, feed!.rcuPerSecond]).toEqual([20, 350]);
    // 5 % of (400 reactions + 200 comments)/s x 4 WCU = 120; 5 % of 2,000 reads/s x 1 RRU = 100.
    expect([viral!.wcuPerSecond, viral!.rcuPerSecond]).toEqual([120, 100]);
    // (10 reports + 10 decided posts)/s x 2 x 4 WCU = 160; 10 claims/s x 0.5.
    expect(queue!.wcuPerSecond).toBeCloseTo(160);
    expect(queue!.rcuPerSecond).toBeCloseTo(5);
    // 50 votes/s x 2 WCU x 2 (transaction).
    expect(idea!.wcuPerSecond).toBe(200);
    // 100,000 x 150 B / 4 KB x 0.5 = 1,831 RCU over 10 s.
    expect(fanOut!.rcuPerSecond).toBeCloseTo(183.1, 1);
    expect(rate!.wcuPerSecond).toBe(2);
    // 2 creates/s x a marker just over 1 KB in a transaction (2 x 2 WCU), in the member's own partition.
    expect(markers!.wcuPerSecond).toBe(8);
    expect(keys.every((k) => k.load < 1 && k.shardsNeeded === 1)).toBe(true);
  });

  it('says when a key exceeds a partition, and how many shards it needs', () => {
    const [feed] = hotKeys({ ...peak, topCommunityShare: 1, postsPerSecond: 1000 }, measured);
    // 1,000 x 2 = 2,000 WCU (2 partitions); 10,000 pages/s x 3.5 = 35,000 RCU (12 partitions).
    expect(feed!.wcuPerSecond).toBe(2000);
    expect(feed!.rcuPerSecond).toBe(35_000);
    expect(feed!.load).toBeCloseTo(35_000 / 3000);
    expect(feed!.shardsNeeded).toBe(12);
  });

  it('counts SQS, Lambda concurrency, S3 PUTs, lake growth and report bytes', () => {
    const t = throughput(peak, measured);
    const client = (10_000 * 100) / 107.1;
    const messages = client / 20 + (10_000 - client) / 100;
    expect(t.sqs.messagesPerSecond).toBeCloseTo(messages);
    // Above 100 messages/s the backlog's figures: 0.12 receives (empty polls included) and 0.1 deletes a message.
    expect(t.sqs.requestsPerSecond).toBeCloseTo(messages * 1.22);
    expect(t.lakeGbPerMonth).toBeCloseTo((10_000 * 0.5 * 30 * 86_400 * 80) / 1e9);
    expect(t.athenaGbPerReport).toBeCloseTo((t.lakeGbPerMonth * 7) / 30);
    expect(t.s3PutsPerSecond).toBe(100);
    // Handler seconds a second: 100 posts x 0.02 + 1,000 pages x 0.005 + 2,000 x 0.002 + 400 x 0.01 + 200 x 0.02 + 10 x 0.03 + 10 x 0.01 + 10 x 0.025 + the event batches x 0.01, and the archiver 10/s x 0.5.
    expect(t.lambdaConcurrency).toBeCloseTo(2 + 5 + 4 + 4 + 4 + 0.3 + 0.1 + 0.25 + (client / 20) * 0.01 + 5);
  });

  it("predicts a load's requests, units and handler time from the per-route figures", () => {
    const p = predictLoad({ eventsPerSecond: 250, seconds: 40, eventsPerRequest: 100 }, measured);
    expect(p).toEqual({ requests: 100, sqsSendRequests: 100, dynamoDb: { readUnits: 1000, writeUnits: 100 }, lambdaSeconds: 1 });
  });

  it("turns a profile's month into its peak", () => {
    // 500 active members x 1 post / 30 days, at a peak twice the average.
    const p = profilePeak('fixture', mix, { ...peak });
    expect(p.postsPerSecond).toBeCloseTo((500 / (30 * 86_400)) * 2);
    expect(p.followers).toBe(50);
  });

  it('calls a prediction good within 10 % of the measurement, either side', () => {
    expect(withinTenPercent({ what: 'x', predicted: 110, measured: 100 })).toBe(true);
    expect(withinTenPercent({ what: 'x', predicted: 89, measured: 100 })).toBe(false);
  });
});
