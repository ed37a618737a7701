/**
 * CAPACITY.md: the capacity model's figures for each profile at its peak and for the ambition peak,
 * with the model checked against the benchmark's own load first.
 */
import {
  type CapacityMeasurements,
  type HotKey,
  hotKeys,
  type LoadPrediction,
  PARTITION_LIMITS,
  type PeakScenario,
  type Throughput,
  throughput,
} from './capacity';
import type { WorkloadProfile } from './profile';

/** How concentrated a peak is: the PeakScenario fields a profile does not say. */
export type Concentration = Pick<
  PeakScenario,
  'topCommunityShare' | 'viralPostShare' | 'popularIdeaVotesPerSecond' | 'followers' | 'fanOutSeconds' | 'averageToPeak' | 'reportsPerMonth'
>;

/** A profile's month as a peak: its average rates over averageToPeak. */
export function profilePeak(name: string, profile: WorkloadProfile, concentration: Concentration): PeakScenario {
  const active = profile.members * profile.monthlyActiveShare;
  const monthSeconds = 30 * 86_400;
  const perSecond = (perMember: number) => (perMember * active) / monthSeconds / concentration.averageToPeak;
  const writes = Object.entries(profile.requestsPerActiveMember)
    .filter(([op]) => !op.startsWith('get') && !op.startsWith('list'))
    .reduce((sum, [, n]) => sum + n, 0);
  return {
    name,
    members: profile.members,
    postsPerSecond: perSecond(profile.requestsPerActiveMember.createPost ?? 0),
    eventsPerSecond: perSecond(profile.clientEventsPerActiveMember + writes),
    mix: profile,
    topCommunityShare: concentration.topCommunityShare,
    viralPostShare: concentration.viralPostShare,
    fanOutSeconds: concentration.fanOutSeconds,
    averageToPeak: concentration.averageToPeak,
    reportsPerMonth: concentration.reportsPerMonth,
    followers: Math.min(concentration.followers, Math.round(profile.members / 20)),
    popularIdeaVotesPerSecond: Math.min(concentration.popularIdeaVotesPerSecond, perSecond(profile.requestsPerActiveMember.createPost ?? 0)),
  };
}

export interface ComponentBill {
  readonly component: string;
  readonly usd: number;
}

export interface ScenarioFigures {
  readonly scenario: PeakScenario;
  readonly hot: readonly HotKey[];
  readonly throughput: Throughput;
  readonly bill: readonly ComponentBill[];
  readonly billTotalUsd: number;
}

export interface ModelCheck {
  readonly what: string;
  readonly predicted: number;
  readonly measured: number;
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const num = (n: number) => (n >= 100 ? fmt(n) : n >= 1 ? fmt(n, 1) : fmt(n, 3));
const table = (head: readonly string[], rows: readonly (readonly string[])[]) =>
  [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

export const withinTenPercent = (c: ModelCheck): boolean => Math.abs(c.predicted - c.measured) <= 0.1 * Math.abs(c.measured);

/**
 * The model's prediction of the bench's load against what the bench measured: the quantities the
 * model's units, requests and bills rest on. Handler time is shown beside them, not checked: on a
 * shared machine a route's median moves between the bench's phases by more than 10 %.
 */
export function modelChecks(
  prediction: LoadPrediction,
  measured: { requests: number; readUnits: number; writeUnits: number; sqsSendRequests: number; handlerSeconds: number },
): ModelCheck[] {
  return [
    { what: 'POST /v1/events requests', predicted: prediction.requests, measured: measured.requests },
    { what: 'DynamoDB read units', predicted: prediction.dynamoDb.readUnits, measured: measured.readUnits },
    { what: 'DynamoDB write units', predicted: prediction.dynamoDb.writeUnits, measured: measured.writeUnits },
    { what: 'SQS send requests', predicted: prediction.sqsSendRequests, measured: measured.sqsSendRequests },
  ];
}

export function renderCapacity(o: {
  readonly measuredAt: string;
  readonly measurements: CapacityMeasurements;
  readonly checks: readonly ModelCheck[];
  readonly timing: { readonly predicted: number; readonly measured: number };
  readonly load: string;
  readonly scenarios: readonly ScenarioFigures[];
}): string {
  const out: string[] = [];
  out.push(`# Chorus capacity

Written by \`npm run capacity\` (bin/capacity.ts, lambdas/finance/capacity.ts) from \`bench/results.json\` (measured ${o.measuredAt.slice(0, 10)}),
\`pricing/profiles.json\` and \`pricing/aws-us-east-1.json\`. A model, not a measurement: every rate below is a measured unit times an
assumed rate, and every assumption is printed with it. Change a profile or a peak in \`pricing/profiles.json\`, rerun.

**Inputs from the benchmark.** Each route's DynamoDB units and median handler time (section 3); ${o.measurements.eventsPerMessage} events a packed SQS message,
${o.measurements.receivesPerMessage} receives and ${o.measurements.deletesPerMessage} deletes a message at the bench's rate (section 5), and ${o.measurements.fullReceivesPerMessage} receives and
${o.measurements.fullDeletesPerMessage} deletes a message with a backlog (section 5: at 100 messages a second and more the queue always holds 10, and a
receive of 10 compressed messages is one billed request); ${o.measurements.lakeBytesPerEvent} B of Parquet per realistic event after compaction (section 6).
DynamoDB serves at most ${fmt(PARTITION_LIMITS.wcu)} WCU and ${fmt(PARTITION_LIMITS.rcu)} RCU a second per partition, so per partition key value.

## The model against the benchmark

The model predicts the benchmark's own steady load (${o.load}) from the per-route figures of section 3, and the benchmark measured it
(section 5, the producer's DynamoDB calls recorded during the load):

${table(
  ['', 'model', 'bench', 'difference', 'within 10 %'],
  o.checks.map((c) => [
    c.what,
    num(c.predicted),
    num(c.measured),
    `${fmt(((c.predicted - c.measured) / c.measured) * 100, 1)} %`,
    withinTenPercent(c) ? 'yes' : '**no**',
  ]),
)}

Handler time, not checked (timing on a shared machine moves between the bench's phases): the model gives ${num(o.timing.predicted)} s of
POST /v1/events handler time for the load from the route's median, the load measured ${num(o.timing.measured)} s (its mean, queueing on a busy machine
included). Lambda concurrency below rests on the medians.
`);

  for (const f of o.scenarios) {
    const s = f.scenario;
    const t = f.throughput;
    out.push(`## ${s.name}: ${fmt(s.members)} members, ${num(s.postsPerSecond)} posts/s and ${num(s.eventsPerSecond)} events/s at peak

Concentration: the busiest community takes ${fmt(s.topCommunityShare * 100, 1)} % of posts and feed reads, a viral post ${fmt(s.viralPostShare * 100, 1)} % of
reactions, comments and post reads; a popular idea gets ${num(s.popularIdeaVotesPerSecond)} votes/s; the most followed member has ${fmt(s.followers)} followers,
notified within ${s.fanOutSeconds} s. Other routes follow the ${s.mix === undefined ? '' : 'profile'} mix relative to posts; the month averages ${fmt(s.averageToPeak * 100)} % of the peak.

**Hot keys** (per second, against one partition):

${table(
  ['key', 'WCU/s', 'RCU/s', 'of a partition', 'shards needed', 'how the design holds it', 'basis'],
  f.hot.map((h) => [
    h.key,
    num(h.wcuPerSecond),
    num(h.rcuPerSecond),
    `${fmt(h.load * 100)} %${h.load > 1 ? ' **exceeds**' : ''}`,
    String(h.shardsNeeded),
    h.design,
    h.basis,
  ]),
)}

**Throughput at peak:** ${num(t.apiRequestsPerSecond)} API requests/s; DynamoDB ${num(t.dynamoDb.wcuPerSecond)} WCU/s and ${num(t.dynamoDb.rcuPerSecond)} RCU/s over the table
(on-demand, spread over partitions by key); SQS ${num(t.sqs.messagesPerSecond)} messages/s, ${num(t.sqs.requestsPerSecond)} requests/s (${fmt(t.sqs.requestsPerEvent, 4)} per event);
Lambda concurrency ${num(t.lambdaConcurrency)} (requests/s x median seconds, API and archiver); S3 ${num(t.s3PutsPerSecond)} PUTs/s from the archiver
(plus one compaction run a day); the lake grows ${num(t.lakeGbPerMonth)} GB a month; a 7-day report reads about ${num(t.athenaGbPerReport)} GB in Athena.

**The month's bill** (the cost report's pricing of this month, \`lambdas/finance/cost-report.ts\`): **$${fmt(f.billTotalUsd)}**

${table(
  ['component', 'USD a month', 'share'],
  f.bill.map((b) => [b.component, `$${fmt(b.usd)}`, `${fmt((b.usd / f.billTotalUsd) * 100, 1)} %`]),
)}
`);
  }
  return `${out.join('\n')}`;
}

/** A scenario's figures; `bill` comes from the cost report of its month. */
export function scenarioFigures(s: PeakScenario, m: CapacityMeasurements, bill: readonly ComponentBill[]): ScenarioFigures {
  return { scenario: s, hot: hotKeys(s, m), throughput: throughput(s, m), bill, billTotalUsd: bill.reduce((sum, b) => sum + b.usd, 0) };
}
