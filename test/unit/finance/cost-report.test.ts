import { costReport } from '../../../lambdas/finance/cost-report';
import { parsePriceTable } from '../../../lambdas/finance/pricing';
import { aggregateRecords, type UsageRecord } from '../../../lambdas/finance/usage-records';
import priceJson from '../../../pricing/aws-us-east-1.json';

const prices = parsePriceTable(priceJson);
const period = { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-11T00:00:00Z') };
const at = (day: number) => `2026-11-${String(day).padStart(2, '0')}T12:00:00.000Z`;

/** A fixed session: two members post, one reads, a moderator decides, the pipeline archives. */
const FIXTURE: UsageRecord[] = [
  { k: 'invocation', t: at(1), fn: 'posts', mb: 1024, ms: 100, op: 'createPost', status: 201, member: 'ann', read: 1, write: 26 },
  { k: 'invocation', t: at(2), fn: 'posts', mb: 1024, ms: 100, op: 'createPost', status: 201, member: 'bob', read: 1, write: 26 },
  { k: 'invocation', t: at(3), fn: 'posts', mb: 1024, ms: 50, op: 'listCommunityPosts', status: 200, member: 'ann', read: 4, write: 0 },
  { k: 'invocation', t: at(4), fn: 'moderation', mb: 1024, ms: 200, op: 'decideItem', status: 200, member: 'mo', read: 2, write: 38, decisions: 1 },
  { k: 'invocation', t: at(4), fn: 'publisher', mb: 512 },
  { k: 'sqs', t: at(4), op: 'SendMessageBatch', sent: 3, requests: 1 },
  { k: 'sqs', t: at(5), op: 'ReceiveMessage', received: 3, requests: 1 },
  { k: 's3', t: at(5), op: 'PutObject', bytes: 1024 ** 3 },
  // Outside the period: not counted, except that the lake still stores it.
  { k: 'invocation', t: '2026-10-31T12:00:00.000Z', fn: 'posts', mb: 1024, ms: 100, op: 'createPost', status: 201, member: 'zed', read: 1, write: 26 },
  { k: 's3', t: '2026-10-31T12:00:00.000Z', op: 'PutObject', bytes: 1024 ** 3 },
];

describe('the cost report of a fixed usage fixture', () => {
  const usage = aggregateRecords(FIXTURE, period);
  const report = costReport(prices, usage, { monthlyBudgetUsd: 1 });
  const line = (item: string) => report.byComponent.find((c) => c.item === item)!.usd;

  // Hand computation, at the table's prices.
  const api = 4 * (1 / 1e6);
  const posts = 3 * (0.2 / 1e6) + (250 / 1000) * 1 * 0.0000133334;
  const moderation = 1 * (0.2 / 1e6) + (200 / 1000) * 1 * 0.0000133334;
  const publisher = 1 * (0.2 / 1e6);
  const reads = (1 + 1 + 4 + 2) * (0.125 / 1e6);
  const writes = (26 + 26 + 38) * (0.625 / 1e6);
  const sqs = 2 * (0.4 / 1e6);
  const puts = 1 * (0.005 / 1000);
  const storage = 2 * ((10 * 24) / 730) * 0.023; // 2 GiB stored, 10 days of a 730-hour month
  const total = api + posts + moderation + publisher + reads + writes + sqs + puts + storage;

  test('prices each component by hand', () => {
    expect(line('API Gateway HTTP API')).toBeCloseTo(api, 15);
    expect(line('Lambda posts')).toBeCloseTo(posts, 15);
    expect(line('Lambda moderation')).toBeCloseTo(moderation, 15);
    expect(line('Lambda publisher')).toBeCloseTo(publisher, 15);
    expect(line('DynamoDB reads')).toBeCloseTo(reads, 15);
    expect(line('DynamoDB writes')).toBeCloseTo(writes, 15);
    expect(line('SQS analytics queue')).toBeCloseTo(sqs, 15);
    expect(line('S3 lake writes')).toBeCloseTo(puts, 15);
    expect(line('S3 lake storage')).toBeCloseTo(storage, 12);
    expect(line('Athena')).toBe(0);
    expect(report.totalUsd).toBeCloseTo(total, 12);
  });

  test('splits cost by feature along the routes that used it', () => {
    const feature = (f: string) => report.byFeature.find((x) => x.feature === f)?.usd ?? 0;
    // posts: createPost x2 is posting, listCommunityPosts reading; requests by count, duration by ms.
    const posting = 2e-6 + 2 * (0.2 / 1e6) + (200 / 1000) * 0.0000133334 + 2 * (0.125 / 1e6) + 52 * (0.625 / 1e6);
    const reading = 1e-6 + 0.2 / 1e6 + (50 / 1000) * 0.0000133334 + 4 * (0.125 / 1e6);
    const moderationFeature = 1e-6 + moderation + 2 * (0.125 / 1e6) + 38 * (0.625 / 1e6);
    const analytics = publisher + sqs + puts + storage;
    expect(feature('posting')).toBeCloseTo(posting, 15);
    expect(feature('reading')).toBeCloseTo(reading, 15);
    expect(feature('moderation')).toBeCloseTo(moderationFeature, 15);
    expect(feature('analytics')).toBeCloseTo(analytics, 12);
    expect(feature('unattributed')).toBe(0);
    expect(report.byFeature.reduce((s, f) => s + f.share, 0)).toBeCloseTo(1, 12);
  });

  test('unit costs divide by the recorded activity', () => {
    const [perPosts, perMember, perDecision] = report.unitCosts;
    const posting = report.byFeature.find((x) => x.feature === 'posting')!.usd;
    expect(perPosts).toMatchObject({ name: 'per 1,000 posts', count: 2 });
    expect(perPosts!.usd).toBeCloseTo((posting / 2) * 1000, 12);
    expect(perMember).toMatchObject({ count: 3 }); // ann, bob, mo
    expect(perMember!.usd).toBeCloseTo(total / 3, 12);
    expect(perDecision).toMatchObject({ count: 1 });
    expect(perDecision!.usd).toBeCloseTo(report.byFeature.find((x) => x.feature === 'moderation')!.usd, 15);
  });

  test('projects the month linearly and compares with the budget', () => {
    expect(report.projection.daysInMonth).toBe(30);
    expect(report.projection.runRatePerDayUsd).toBeCloseTo(total / 10, 12);
    expect(report.projection.monthEndUsd).toBeCloseTo((total / 10) * 30, 12);
    expect(report.budget.actualPercent).toBeCloseTo(total * 100, 10);
    expect(report.budget.forecastPercent).toBeCloseTo(total * 3 * 100, 10);
    expect(report.budget.status).toBe(total * 3 > 1 ? 'forecast-over' : 'within');
    expect(costReport(prices, usage, { monthlyBudgetUsd: total / 2 }).budget.status).toBe('over');
    expect(costReport(prices, usage).budget.status).toBe('no-budget');
  });

  test('counts pipeline invocations it could not time, and says so', () => {
    expect(usage.functions.find((f) => f.name === 'publisher')).toEqual({ name: 'publisher', memoryMb: 512, invocations: 1, durationMs: 0 });
    expect(usage.notes.join(' ')).toMatch(/1 pipeline invocations .* without a duration/);
  });

  test('a source without routes leaves shared usage unattributed instead of guessing', () => {
    const { routes: _, ...withoutRoutes } = usage;
    const byFunction = costReport(prices, withoutRoutes);
    const feature = (f: string) => byFunction.byFeature.find((x) => x.feature === f)?.usd ?? 0;
    expect(feature('unattributed')).toBeCloseTo(api + posts + reads + writes, 15);
    expect(feature('moderation')).toBeCloseTo(moderation, 15);
  });
});

describe('the response desk in the cost report (its own function since issue 11 split it from moderation)', () => {
  const DESK: UsageRecord[] = [
    { k: 'invocation', t: at(2), fn: 'desk', mb: 1024, ms: 40, op: 'claimNextDeskItem', status: 200, member: 'rita', read: 4, write: 10 },
    { k: 'invocation', t: at(3), fn: 'desk', mb: 1024, ms: 20, op: 'getDeskStats', status: 200, member: 'rita', read: 6, write: 0 },
  ];
  const usage = aggregateRecords(DESK, period);
  const lambda = 2 * (0.2 / 1e6) + (60 / 1000) * 1 * 0.0000133334;
  const units = 10 * (0.125 / 1e6) + 10 * (0.625 / 1e6);

  test('lands on the moderation feature by route, as it did in the moderation function', () => {
    const report = costReport(prices, usage);
    expect(report.byComponent.find((c) => c.item === 'Lambda desk')!.usd).toBeCloseTo(lambda, 15);
    expect(report.byFeature.find((f) => f.feature === 'moderation')!.usd).toBeCloseTo(2e-6 + lambda + units, 15);
    expect(report.byFeature.find((f) => f.feature === 'unattributed')?.usd ?? 0).toBe(0);
  });

  test('and by function alone, when the source knows no routes (every desk route is moderation)', () => {
    const { routes: _, ...withoutRoutes } = usage;
    const report = costReport(prices, withoutRoutes);
    expect(report.byFeature.find((f) => f.feature === 'moderation')!.usd).toBeCloseTo(lambda, 15);
  });
});

describe('the WebSocket API in the cost report', () => {
  const LIVE: UsageRecord[] = [
    { k: 'websocket', t: at(1), messages: 1 },
    { k: 'websocket', t: at(1), messages: 2 },
    { k: 'websocket', t: at(2), connectionMs: 90 * 60_000 },
    { k: 'websocket', t: at(3), connectionMs: 30 * 60_000 },
  ];

  test('prices messages (32 KB chunks, in and out) and connection minutes by hand, as platform cost', () => {
    const report = costReport(prices, aggregateRecords(LIVE, period));
    const line = report.byComponent.find((c) => c.item === 'API Gateway WebSocket API')!;
    const usd = 3 * (1 / 1e6) + 120 * (0.25 / 1e6);
    expect(line).toMatchObject({ component: 'api', quantity: '3 messages, 120 connection minutes' });
    expect(line.usd).toBeCloseTo(usd, 15);
    expect(report.byFeature.find((f) => f.feature === 'platform')!.usd).toBeCloseTo(usd, 15);
  });

  test('has no line when the usage source does not measure the WebSocket API', () => {
    const { live: _, ...withoutLive } = aggregateRecords(LIVE, period);
    expect(costReport(prices, withoutLive).byComponent.map((c) => c.item)).not.toContain('API Gateway WebSocket API');
  });
});
