/**
 * The ledger's figures against hand computations on fixed fixtures: audit entries with known times,
 * lake rows (real Parquet read by DuckDB), rates, unit values and recorded usage.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { eventsObjectKey } from '../../../lambdas/analytics/archive';
import { openLake, query } from '../../../lambdas/analytics/duckdb-lake';
import type { EventEnvelope } from '../../../lambdas/analytics/envelope';
import { toParquet } from '../../../lambdas/analytics/parquet';
import type { LedgerWeek } from '../../../lambdas/api/finance-schemas';
import type { Caller } from '../../../lambdas/domain/caller';
import { ForbiddenError } from '../../../lambdas/domain/errors';
import { handleSeconds, laborByWeek, parseLaborRates, tasksOf, type LaborRates, type TaskStep } from '../../../lambdas/finance/labor';
import { buildLedger, crossoverOf, getLedger, staffingForecast, type LedgerDeps } from '../../../lambdas/finance/ledger';
import { renderLedgerTable } from '../../../lambdas/finance/ledger-render';
import { parsePriceTable } from '../../../lambdas/finance/pricing';
import { aggregateRecords, type UsageRecord } from '../../../lambdas/finance/usage-records';
import { measureWeeks, moneyOf, parseValueTable, type LakeSql, type ValueTable } from '../../../lambdas/finance/value';
import { lakeMeasures, type MeasureStore, refreshLedgerMeasures, type StoredWeekMeasures, storedMeasures } from '../../../lambdas/finance/ledger-measures';
import laborJson from '../../../pricing/labor.json';
import priceJson from '../../../pricing/aws-us-east-1.json';
import valueJson from '../../../pricing/value.json';

const prices = parsePriceTable(priceJson);
/** Monday 5 October 2026, 00:00 UTC: week 0 of the fixtures. */
const ANCHOR = new Date('2026-10-05T00:00:00Z');
const t = (day: number, hhmmss: string) => new Date(Date.parse(`2026-10-05T${hhmmss}Z`) + day * 86_400_000).toISOString();

const step = (itemId: string, at: string, actorId: string, action: string, statusBefore = 'pending'): TaskStep => ({
  itemId,
  at,
  actorId,
  action,
  statusBefore,
  communityId: 'fixture',
});

/**
 * Moderator ann: item 1 claimed 10:00, approved 10:03 (180 s); idle until 10:20; item 2 claimed 10:20, released
 * 10:21:30 (90 s); item 3 claimed 10:30 and left: its lease ran out at 10:35 (300 s). Moderator bob takes item 3
 * at 10:40 and escalates it at 10:42 (120 s). Senior sue claims it at 11:00 and approves at 11:06 (360 s, senior).
 * On day 1 ann holds items 4 and 5 together: 12:00-12:04 and 12:01-12:05 count once, 12:00-12:05 (300 s).
 * Total in week 0: ann 180 + 90 + 300 + 300 = 870 s, bob 120 s (moderator 990 s), sue 360 s (senior).
 */
const STEPS: TaskStep[] = [
  step('i1', t(0, '10:00:00'), 'ann', 'claim'),
  step('i1', t(0, '10:03:00'), 'ann', 'approve'),
  step('i2', t(0, '10:20:00'), 'ann', 'claim'),
  step('i2', t(0, '10:21:30'), 'ann', 'release-lease'),
  step('i3', t(0, '10:30:00'), 'ann', 'claim'),
  step('i3', t(0, '10:35:00'), 'ann', 'lease-expired'),
  step('i3', t(0, '10:40:00'), 'bob', 'claim'),
  step('i3', t(0, '10:42:00'), 'bob', 'escalate'),
  step('i3', t(0, '11:00:00'), 'sue', 'claim', 'escalated'),
  step('i3', t(0, '11:06:00'), 'sue', 'approve', 'escalated'),
  step('i4', t(1, '12:00:00'), 'ann', 'claim'),
  step('i5', t(1, '12:01:00'), 'ann', 'claim'),
  step('i4', t(1, '12:04:00'), 'ann', 'reject'),
  step('i5', t(1, '12:05:00'), 'ann', 'approve'),
];
const NOW = new Date('2026-11-10T09:00:00Z');

const RATES: LaborRates = parseLaborRates({
  ...laborJson,
  version: 'fixture',
  roles: {
    ...laborJson.roles,
    moderator: { ...laborJson.roles.moderator, usdPerHour: 30 },
    'senior-moderator': { ...laborJson.roles['senior-moderator'], usdPerHour: 40 },
    'community-manager': { ...laborJson.roles['community-manager'], usdPerHour: 50 },
  },
  hoursPerPersonWeek: 40,
  occupancy: 0.8,
  defaultFixedStaffing: [{ role: 'community-manager', hoursPerWeek: 10, what: 'programme' }],
  communities: {},
});

describe('labor, measured from the audit', () => {
  test('handle time excludes idle gaps between tasks and counts overlapping holds once', () => {
    const tasks = tasksOf('moderation', STEPS, NOW);
    const seconds = (actor: string) =>
      handleSeconds(tasks)
        .filter((h) => h.task.actorId === actor)
        .reduce((s, h) => s + h.seconds, 0);

    expect(seconds('ann')).toBe(180 + 90 + 300 + 300);
    expect(seconds('bob')).toBe(120);
    expect(seconds('sue')).toBe(360);
    // Without the overlap rule ann's day-1 holds would be 240 + 240 s; without the idle rule 10:00-10:35 would be 2,100 s.
  });

  test('released and expired leases count their held time; a hold still running is not counted yet', () => {
    const running = [...STEPS, step('i6', '2026-11-10T08:58:00.000Z', 'bob', 'claim')];
    const tasks = tasksOf('moderation', running, NOW);

    expect(tasks.find((x) => x.itemId === 'i2')).toMatchObject({ completed: false, end: Date.parse(t(0, '10:21:30')) });
    expect(tasks.find((x) => x.itemId === 'i3' && x.actorId === 'ann')).toMatchObject({ completed: false, end: Date.parse(t(0, '10:35:00')) });
    expect(tasks.some((x) => x.itemId === 'i6')).toBe(false);
    // Once its lease ran out (5 minutes) it counts, to the expiry.
    const later = tasksOf('moderation', running, new Date('2026-11-10T09:10:00Z')).find((x) => x.itemId === 'i6');
    expect(later).toMatchObject({ start: Date.parse('2026-11-10T08:58:00Z'), end: Date.parse('2026-11-10T09:03:00Z') });
  });

  test('labor cost = handle time x the role rate + fixed staffing, per week', () => {
    const [week0, week1] = laborByWeek(
      tasksOf('moderation', STEPS, NOW),
      { usdPerHour: { moderator: 30, 'senior-moderator': 40, 'community-manager': 50, 'retail-staff': 20 }, fixedStaffing: RATES.defaultFixedStaffing },
      ANCHOR,
      2,
    );

    // 990 s of moderator work at $30/h, 360 s of senior work at $40/h.
    expect(week0!.handleHoursByRole).toEqual({ moderator: expect.closeTo(990 / 3600, 12), 'senior-moderator': expect.closeTo(0.1, 12) });
    expect(week0!.measuredUsd).toBeCloseTo(8.25 + 4, 10);
    expect(week0!.fixedUsd).toBe(500);
    expect(week0!.itemsCompleted).toBe(4); // i1, i3 (escalated, then approved: one item), i4, i5
    expect(week0!.tasks).toBe(7); // i1, i2, i3 three times (ann, bob, sue), i4, i5
    expect(week1!.measuredUsd).toBe(0);
    expect(week1!.fixedUsd).toBe(500);
  });

  test('a community override replaces the default rates and fixed staffing', () => {
    const overridden = parseLaborRates({ ...laborJson, communities: { fixture: { rates: { moderator: 99 }, fixedStaffing: [] } } });
    const [week0] = laborByWeek(tasksOf('moderation', STEPS, NOW), { ...overriddenRates(overridden) }, ANCHOR, 1);
    expect(week0!.measuredUsd).toBeCloseTo((990 / 3600) * 99 + 0.1 * overridden.roles['senior-moderator'].usdPerHour, 10);
    expect(week0!.fixedUsd).toBe(0);
  });

  test('the rate table refuses a role without a rate and staffing beyond a week', () => {
    expect(() => parseLaborRates({ ...laborJson, roles: { ...laborJson.roles, moderator: { ...laborJson.roles.moderator, usdPerHour: 0 } } })).toThrow(
      'roles.moderator.usdPerHour must be a number > 0',
    );
    expect(() => parseLaborRates({ ...laborJson, defaultFixedStaffing: [{ role: 'community-manager', hoursPerWeek: 169, what: 'x' }] })).toThrow(
      'defaultFixedStaffing[0].hoursPerWeek must be 0 to 168, got 169',
    );
  });
});

function overriddenRates(table: LaborRates) {
  const own = table.communities.fixture!;
  return {
    usdPerHour: { moderator: own.rates!.moderator!, 'senior-moderator': table.roles['senior-moderator'].usdPerHour, 'community-manager': 1, 'retail-staff': 1 },
    fixedStaffing: own.fixedStaffing!,
  };
}

// ---------------------------------------------------------------------------------------------
// The lake

let n = 0;
const event = (type: EventEnvelope['event_type'], day: number, actor: string, data: Record<string, unknown> = {}, eventId = `e${++n}`): EventEnvelope => {
  const at = new Date(ANCHOR.getTime() + day * 86_400_000 + 3_600_000).toISOString();
  return {
    event_id: eventId,
    event_type: type,
    schema_version: 1,
    occurred_at: at,
    received_at: at,
    actor_id: actor,
    community_id: 'fixture',
    post_id: null,
    product_ids: [],
    data,
  };
};

/**
 * Week 0: m1 writes a review, m2 a comment (twice delivered), m3 views. Week 1: m1 asks a question, m4 clicks two
 * product links. Week 4: m1 views (retained from week 0's cohort). Another community's events do not count.
 */
const LAKE: EventEnvelope[] = [
  event('post.created', 0, 'm1', { kind: 'review' }),
  event('comment.created', 1, 'm2', {}, 'dup'),
  event('comment.created', 1, 'm2', {}, 'dup'),
  event('post.viewed', 2, 'm3'),
  event('post.created', 8, 'm1', { kind: 'question' }),
  event('product-link.clicked', 9, 'm4'),
  event('product-link.clicked', 10, 'm4'),
  event('post.viewed', 29, 'm1'),
  { ...event('post.created', 1, 'x9', { kind: 'review' }), community_id: 'elsewhere' },
  ...deskAndIdeaEvents(),
];

/** An event of community `loop` about post `postId`. */
function onPost(type: EventEnvelope['event_type'], day: number, actor: string | null, postId: string, data: Record<string, unknown> = {}): EventEnvelope {
  return { ...event(type, day, actor ?? 'nobody', data), actor_id: actor, community_id: 'loop', post_id: postId };
}

/**
 * Community `loop`: the response desk and the idea loop.
 * Week 0: q1 gets an official response after 2 h, then its answer is accepted (answered once, week 0); q2's answer is
 * accepted (week 0); reviews r1 and r2 get official responses after 6 h and 1 h; a desk close (100 s) and an accepted
 * answer through the desk (50 s, q3... in week 1) are not official responses. Week 1: q3 answered through the desk by
 * an accepted answer; q2's late official response (200,000 s) counts for response time, not as a new answer.
 * Ideas: i1 voted by v1, v2, v3 (v3 takes it back); i2 voted by v2, v4 and merged into i1; i1 ships in week 1
 * (voters v1, v2, v4 = 3). i3 (v5) is only planned. i4 (v1) ships in week 2, its shipped event delivered twice.
 */
function deskAndIdeaEvents(): EventEnvelope[] {
  const responded = (day: number, postId: string, kind: string, via: string, wait: number) =>
    onPost(via === 'close' ? 'desk.closed' : 'desk.responded', day, 's1', postId, { kind, via, wait_seconds: wait, responder_role: 'retail-staff' });
  const shipped = (day: number, postId: string, eventId?: string) => ({
    ...onPost('idea.status-changed', day, 'cm', postId, { kind: 'idea', from: 'planned', to: 'shipped' }),
    ...(eventId ? { event_id: eventId } : {}),
  });
  return [
    onPost('post.created', 0, 'a1', 'q1', { kind: 'question' }),
    onPost('desk.entered', 0, null, 'q1', { kind: 'question' }),
    responded(1, 'q1', 'question', 'official-comment', 7_200),
    onPost('answer.accepted', 2, 'a1', 'q1', { kind: 'question' }),
    onPost('answer.accepted', 3, 'a2', 'q2', { kind: 'question' }),
    responded(3, 'r1', 'review', 'official-comment', 21_600),
    responded(4, 'r2', 'review', 'official-comment', 3_600),
    responded(5, 'r3', 'review', 'close', 100),
    responded(8, 'q3', 'question', 'accepted-answer', 50),
    responded(9, 'q2', 'question', 'official-comment', 200_000),
    onPost('idea.voted', 0, 'v1', 'i1'),
    onPost('idea.voted', 1, 'v2', 'i1'),
    onPost('idea.voted', 2, 'v3', 'i1'),
    onPost('idea.unvoted', 3, 'v3', 'i1'),
    onPost('idea.voted', 1, 'v2', 'i2'),
    onPost('idea.voted', 2, 'v4', 'i2'),
    onPost('idea.merged', 4, 'cm', 'i2', { into_post_id: 'i1' }),
    shipped(8, 'i1'),
    onPost('idea.voted', 1, 'v5', 'i3'),
    onPost('idea.status-changed', 8, 'cm', 'i3', { kind: 'idea', from: 'open', to: 'planned' }),
    onPost('idea.voted', 9, 'v1', 'i4'),
    shipped(15, 'i4', 'ship-i4'),
    shipped(16, 'i4', 'ship-i4-again'),
  ];
}

let lakeDir: string;
let lake: LakeSql;

beforeAll(async () => {
  lakeDir = await mkdtemp(join(tmpdir(), 'ledger-lake-'));
  for (const e of LAKE) {
    const key = eventsObjectKey(e.event_type, e.occurred_at.slice(0, 10), [e.event_id, String(Math.random())]);
    await mkdir(dirname(join(lakeDir, key)), { recursive: true });
    await writeFile(join(lakeDir, key), toParquet([e]));
  }
  const connection = await openLake(lakeDir);
  lake = { engine: 'DuckDB (fixture)', query: (sql) => query(connection, sql) };
});

afterAll(async () => {
  await rm(lakeDir, { recursive: true, force: true });
});

describe('value, measured from the lake', () => {
  test('weekly actives, contributors, new members, posts, reviews, comments and clicks, deduplicated by event id', async () => {
    const weeks = await measureWeeks(lake, 'fixture', ANCHOR, 6, 6);

    expect(weeks[0]).toMatchObject({ activeMembers: 3, contributors: 2, newMembers: 3, posts: 0, reviews: 1, comments: 1, productLinkClicks: 0 });
    expect(weeks[1]).toMatchObject({ activeMembers: 2, contributors: 1, newMembers: 1, posts: 1, reviews: 0, comments: 0, productLinkClicks: 2 });
    expect(weeks[2]).toMatchObject({ activeMembers: 0, newMembers: 0 });
    expect(weeks[4]).toMatchObject({ activeMembers: 1, newMembers: 0 });
  });

  test('answered questions (once, in the week first answered) and the median hours to the first official staff response', async () => {
    const weeks = await measureWeeks(lake, 'loop', ANCHOR, 3, 3);

    // q1 (official response, then accepted: once) and q2 (accepted) in week 0; q3 (accepted through the desk) in week 1.
    expect(weeks.map((w) => w.answeredQuestions)).toEqual([2, 1, 0]);
    // Week 0: official responses after 2 h, 6 h and 1 h (the close and the accepted answer are not official): median 2 h.
    expect(weeks[0]!.timeToFirstStaffResponseHours).toBe(2);
    expect(weeks[1]!.timeToFirstStaffResponseHours).toBeCloseTo(200_000 / 3600, 10);
    // No official response in week 2: not 0 hours, unknown.
    expect(weeks[2]!.timeToFirstStaffResponseHours).toBeNull();
  });

  test("ideas shipped and the members whose vote stood on them, a merged duplicate's voters included", async () => {
    const weeks = await measureWeeks(lake, 'loop', ANCHOR, 3, 3);

    expect(weeks.map((w) => w.shippedIdeas)).toEqual([0, 1, 1]); // i1 in week 1; i4 in week 2 (its shipped event twice)
    expect(weeks.map((w) => w.shippedIdeaVoters)).toEqual([0, 3, 1]); // v1, v2, v4 (v3 took it back); v1
    const money = moneyOf(weeks[1]!, parseValueTable(valueJson));
    const unit = (id: string) => parseValueTable(valueJson).unitValues.find((u) => u.measure === id)!.usd!;
    expect(money.parts).toEqual(
      expect.arrayContaining([
        { measure: 'answeredQuestions', units: 1, usd: unit('answeredQuestions') },
        { measure: 'shippedIdeas', units: 1, usd: unit('shippedIdeas') },
      ]),
    );
    expect(money.parts.map((p) => p.measure)).not.toContain('shippedIdeaVoters'); // measured, not valued
  });

  test("4-week retention: the share of a week's new members active 4 weeks later, once that week has ended", async () => {
    const weeks = await measureWeeks(lake, 'fixture', ANCHOR, 6, 5);

    expect(weeks[0]!.week4Retention).toBeCloseTo(1 / 3, 10); // m1 of m1, m2, m3
    expect(weeks[1]!.week4Retention).toBeNull(); // week 5 has not ended
    expect(weeks[2]!.week4Retention).toBeNull(); // no cohort
  });
});

// ---------------------------------------------------------------------------------------------
// The ledger

const VALUES: ValueTable = parseValueTable({
  version: 'fixture-1',
  currency: 'USD',
  unitValues: [
    { measure: 'reviews', usd: 4, per: 'review', rationale: 'what a sampled review costs' },
    { measure: 'productLinkClicks', usd: 0.5, per: 'click', rationale: 'a paid click avoided' },
    { measure: 'comments', usd: null, per: 'comment', rationale: 'not valued on its own' },
  ],
});

/** One createPost a week for the fixture community, one for another, and the pipeline (shared). */
const USAGE: UsageRecord[] = [0, 1, 2, 3, 4, 5].flatMap((w) => {
  const at = new Date(ANCHOR.getTime() + w * 7 * 86_400_000 + 3_600_000).toISOString();
  return [
    { k: 'invocation', t: at, fn: 'posts', mb: 1024, ms: 1000, op: 'createPost', status: 201, member: 'm1', community: 'fixture', read: 2, write: 20 },
    { k: 'invocation', t: at, fn: 'posts', mb: 1024, ms: 1000, op: 'createPost', status: 201, member: 'x9', community: 'elsewhere', read: 2, write: 20 },
    { k: 'invocation', t: at, fn: 'publisher', mb: 512, ms: 2000 },
  ] satisfies UsageRecord[];
});
/** $ of one fixture createPost: API request, Lambda request, 1 GB-s, 2 RRU, 20 WRU. */
const ONE_POST = 1 / 1e6 + 0.2 / 1e6 + 0.0000133334 + (2 * 0.125) / 1e6 + (20 * 0.625) / 1e6;
/** $ of the pipeline (the publisher: analytics): a Lambda request and 1 GB-s (2 s at 512 MB); the other community's post is its own. */
const SHARED = 0.2 / 1e6 + 0.0000133334;

const deps = (overrides: Partial<LedgerDeps> = {}): LedgerDeps => ({
  clock: () => NOW,
  prices,
  usage: { usage: async (period) => aggregateRecords(USAGE, period, 'fixture usage') },
  laborRates: RATES,
  valueTable: VALUES,
  labor: { steps: async (kind, communityId) => (kind === 'moderation' ? STEPS.filter((s) => s.communityId === communityId) : []) },
  openedAt: async (id) => (id === 'fixture' ? new Date('2026-10-06T09:00:00Z') : undefined),
  measures: lakeMeasures(lake),
  ...overrides,
});

describe('the ledger', () => {
  test('every figure of a week against the hand computation', async () => {
    const ledger = await buildLedger(deps(), { communityId: 'fixture', from: '2026-10-05', to: '2026-11-09' });
    const [w0, w1] = ledger.weeks;
    // The pipeline (the publisher: analytics) is allocated by the community's share of all communities' events:
    // week 0: fixture 3 (a review, a comment delivered twice, a view) of 20 (elsewhere 1, loop 16); week 1: 3 of 8;
    // week 4: 1 of 1; weeks 2 (0 of 2) and 3, 5 (no events anywhere: stays shared).
    const alloc = [(SHARED * 3) / 20, (SHARED * 3) / 8, 0, 0, SHARED, 0];
    const infra0 = ONE_POST + alloc[0]!;

    expect(ledger.weeks.map((w) => w.weekStart)).toEqual(['2026-10-05', '2026-10-12', '2026-10-19', '2026-10-26', '2026-11-02', '2026-11-09']);
    expect(w0!.labor).toMatchObject({ measuredUsd: expect.closeTo(12.25, 10), fixedHours: 10, fixedUsd: 500, totalUsd: expect.closeTo(512.25, 10) });
    expect(w0!.labor.handleHours).toEqual({ moderator: expect.closeTo(0.275, 12), 'senior-moderator': expect.closeTo(0.1, 12) });
    expect(w0!.infrastructure.attributedUsd).toBeCloseTo(ONE_POST, 12);
    expect(ledger.weeks.map((w) => w.infrastructure.allocatedUsd)).toEqual(alloc.map((a) => expect.closeTo(a, 14)));
    expect(w0!.infrastructure.sharedUsd).toBeCloseTo(0, 14);
    expect(ledger.weeks[3]!.infrastructure.sharedUsd).toBeCloseTo(SHARED, 14);
    expect(w0!.totalCostUsd).toBeCloseTo(512.25 + infra0, 10);
    // 1 review x $4; the comment has no unit value: measured, not valued.
    expect(w0!.valueUsd).toBe(4);
    expect(w0!.measures).toMatchObject({ reviews: 1, comments: 1, activeMembers: 3, contributors: 2, lakeEvents: 3 });
    expect(w0!.costPerActiveMemberUsd).toBeCloseTo((512.25 + infra0) / 3, 10);
    expect(w0!.costPerContributorUsd).toBeCloseTo((512.25 + infra0) / 2, 10);
    // Week 1: no moderation, fixed staffing only; 2 clicks x $0.50.
    expect(w1!.labor.totalUsd).toBe(500);
    expect(w1!.valueUsd).toBe(1);
    expect(w1!.cumulativeCostUsd).toBeCloseTo(512.25 + 500 + 2 * ONE_POST + alloc[0]! + alloc[1]!, 10);
    expect(w1!.cumulativeValueUsd).toBe(5);
    expect(ledger.totals.laborUsd).toBeCloseTo(512.25 + 5 * 500, 10);
    const infra = 6 * ONE_POST + alloc.reduce((a, b) => a + b, 0);
    expect(ledger.totals.infrastructureUsd).toBeCloseTo(infra, 12);
    expect(ledger.totals.laborShare).toBeCloseTo((512.25 + 2500) / (512.25 + 2500 + infra), 10);
    expect(ledger.notes.join(' ')).toContain('their event pipeline stays shared');
  });

  test('cumulative figures count from the opening even when the period starts later', async () => {
    const ledger = await buildLedger(deps(), { communityId: 'fixture', from: '2026-10-12', to: '2026-10-18' });

    expect(ledger.weeks.map((w) => w.weekStart)).toEqual(['2026-10-12']);
    expect(ledger.weeks[0]!.cumulativeValueUsd).toBe(5);
  });

  test('measures without a source and human work without a record are named, not guessed', async () => {
    const ledger = await buildLedger(deps(), { communityId: 'fixture', from: '2026-10-05', to: '2026-10-11' });
    const text = renderLedgerTable(ledger);

    // Every lake measure has its source now (the desk and idea events).
    expect(ledger.measures.every((m) => m.measured)).toBe(true);
    expect(text).not.toContain('not measured yet: answered questions');
    // Desk responses are measured from the desk audit (issue 13): no longer named as missing.
    expect(text).not.toContain('not measured yet: desk responses');
    // Each unit value printed beside the figure it drives.
    expect(text).toContain('reviews: 1 in the period; x $4.00 per review = $4.00. Why $4.00: what a sampled review costs');
    expect(text).toContain('comments: 1 in the period; no unit value set');
  });

  test('the route reads what the measures job stored: the same figures, and weeks not measured yet say so', async () => {
    const stored: StoredWeekMeasures[] = [];
    const store: MeasureStore = {
      put: async (weeks) => {
        stored.push(...weeks);
      },
      read: async (id, from, to) => stored.filter((w) => w.communityId === id && w.weekStart >= from && w.weekStart <= to),
    };
    const communities = async () => [
      { communityId: 'fixture', openedAt: new Date('2026-10-06T09:00:00Z') },
      { communityId: 'elsewhere', openedAt: new Date('2026-10-20T09:00:00Z') },
    ];
    const query = { communityId: 'fixture', from: '2026-10-05', to: '2026-11-09' };
    const fromStore = () => buildLedger(deps({ measures: storedMeasures(store) }), query);

    const before = await fromStore();
    const run = await refreshLedgerMeasures({ lake, store, communities, clock: () => NOW });
    const after = await fromStore();
    const direct = await buildLedger(deps(), query);

    expect(before.weeks[0]!.valueUsd).toBe(0);
    expect(before.notes.join(' ')).toContain('Lake measures not computed yet for 6 weeks, from the week of 2026-10-05');
    expect(run).toEqual({ communities: 2, weeks: 6 + 4 });
    expect(after.weeks.map((w) => w.infrastructure)).toEqual(direct.weeks.map((w) => w.infrastructure));
    expect(after.weeks.map((w) => w.measures)).toEqual(direct.weeks.map((w) => w.measures));
    expect(after.weeks.map((w) => w.valueUsd)).toEqual(direct.weeks.map((w) => w.valueUsd));
    expect(after.sources.value).toContain(`computed by the ledger-measures job, last at ${NOW.toISOString()}`);
    expect(after.notes.join(' ')).not.toContain('not computed yet');
  });

  test('refuses callers outside finance and community managers, and unknown communities', async () => {
    const caller = (groups: string[]): Caller => ({ memberId: 'x', username: 'x', groups: new Set(groups) as Caller['groups'] });
    await expect(getLedger(() => deps(), caller(['moderators', 'members']), { communityId: 'fixture' })).rejects.toThrow(ForbiddenError);
    await expect(getLedger(() => deps(), caller(['finance']), { communityId: 'nowhere' })).rejects.toThrow('community nowhere does not exist');
    await expect(getLedger(() => deps(), caller(['community-managers']), { communityId: 'fixture', to: '2026-10-20' })).resolves.toMatchObject({
      communityId: 'fixture',
    });
  });
});

const week = (i: number, cost: number, value: number): LedgerWeek => ({
  weekStart: new Date(ANCHOR.getTime() + i * 7 * 86_400_000).toISOString().slice(0, 10),
  complete: true,
  labor: { handleHours: {}, tasks: 0, completedTasks: 0, measuredUsd: 0, fixedHours: 0, fixedUsd: 0, totalUsd: cost },
  infrastructure: { attributedUsd: 0, allocatedUsd: 0, sharedUsd: 0 },
  totalCostUsd: cost,
  costPerActiveMemberUsd: null,
  costPerContributorUsd: null,
  measures: {},
  valueUsd: value,
  cumulativeCostUsd: 0,
  cumulativeValueUsd: 0,
});

describe('the crossover, least squares on the last 6 complete weeks', () => {
  test('a value trend rising towards a flat cost crosses in the week the lines meet', () => {
    // Cost flat at 500; value 100, 150, ..., 350 over weeks 0-5: value = 100 + 50x reaches 500 at x = 8.
    const weeks = [0, 1, 2, 3, 4, 5].map((i) => week(i, 500, 100 + 50 * i));
    expect(crossoverOf(weeks, ANCHOR)).toMatchObject({ status: 'projected', weekStart: '2026-11-30' });
  });

  test('a value trend rising slower than cost prints "not crossing at the current trend"', () => {
    // Cost 500 + 20x, value 100 + 10x: the gap widens.
    const weeks = [0, 1, 2, 3, 4, 5].map((i) => week(i, 500 + 20 * i, 100 + 10 * i));
    expect(crossoverOf(weeks, ANCHOR)).toMatchObject({ status: 'not-crossing', weekStart: null, text: 'not crossing at the current trend' });
  });

  test('only the last 6 weeks count, and value already above cost is "crossed"', () => {
    // An early spike (weeks 0-1) would drag the line; the fit uses weeks 2-7 only, where value passes cost.
    const weeks = [week(0, 100, 5000), week(1, 100, 5000), ...[2, 3, 4, 5, 6, 7].map((i) => week(i, 500, 300 + 50 * i))];
    expect(crossoverOf(weeks, ANCHOR)).toMatchObject({ status: 'crossed', weekStart: '2026-11-23' });
    expect(crossoverOf([week(0, 1, 0)], ANCHOR).status).toBe('insufficient-data');
  });
});

describe('the staffing forecast', () => {
  test('projected items x measured handle time / occupancy, in people at 40 h a week', () => {
    // 10, 20, 30 items decided, 100 s of handle time each: the line projects 40, 50, 60, 70.
    const labor = [10, 20, 30].map((items) => ({ itemsCompleted: items, handleHoursByRole: { moderator: (items * 100) / 3600 } }));
    const forecast = staffingForecast([week(0, 0, 0), week(1, 0, 0), week(2, 0, 0)], labor, RATES, ANCHOR);

    expect(forecast.handleMinutesPerItem).toBeCloseTo(100 / 60, 10);
    expect(forecast.weeks[0]).toMatchObject({ weekStart: '2026-10-26', items: expect.closeTo(40, 10) });
    expect(forecast.weeks[0]!.workloadHours).toBeCloseTo((40 * 100) / 3600, 10);
    expect(forecast.weeks[0]!.staffedHours).toBeCloseTo((40 * 100) / 3600 / 0.8, 10);
    expect(forecast.weeks[0]!.people).toBe(1);
  });

  test('a volume needing more than one person rounds people up', () => {
    // 1,000 items a week at 180 s each: 50 h of work, 62.5 h staffed at 80 %: 2 people at 40 h.
    const labor = [0, 1].map(() => ({ itemsCompleted: 1000, handleHoursByRole: { moderator: 50 } }));
    const forecast = staffingForecast([week(0, 0, 0), week(1, 0, 0)], labor, RATES, ANCHOR);
    expect(forecast.weeks[0]).toMatchObject({ workloadHours: expect.closeTo(50, 10), staffedHours: expect.closeTo(62.5, 10), people: 2 });
  });
});

describe('the tables finance sets', () => {
  test('the repository rate and value tables parse, every rate with its source and every unit value with its rationale', () => {
    const rates = parseLaborRates(laborJson);
    const values = parseValueTable(valueJson);

    expect(Object.values(rates.roles).every((r) => r.source.startsWith('https://') && r.checked >= '2026-11-30')).toBe(true);
    expect(values.unitValues.every((u) => u.rationale.length > 20)).toBe(true);
    expect(() => parseValueTable({ ...valueJson, unitValues: [{ measure: 'likes', usd: 1, per: 'like', rationale: 'a liked post is nice' }] })).toThrow(
      'unitValues[0].measure must be one of',
    );
  });
});
