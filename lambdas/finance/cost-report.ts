/**
 * The finance report: prices a period's metered usage with the price table, by component, by
 * feature and per unit of community activity, with a linear month-end projection and the budget
 * status. Pure: the caller fetches the usage (a UsageSource) and passes the budget and the clock.
 */
import type { CostComponent, CostReport } from '../api/finance-schemas';
import { featureOfFunction, featureOfRoute, FEATURE_NOTES, FEATURES, type Feature } from './features';
import { unitPrice, type PriceTable } from './pricing';
import type { MeteredUsage } from './usage';

export const GIB = 1024 ** 3;
export const TIB = 1024 ** 4;
/** Athena bills at least 10 MB per query. */
export const ATHENA_MIN_BYTES_PER_QUERY = 10 * 1024 ** 2;
/** S3 storage is billed per GB-month; a month is 730 hours. */
export const HOURS_PER_MONTH = 730;
const DAY_MS = 86_400_000;

export interface CostReportOptions {
  /** The monthly budget in USD, or undefined when none is configured. */
  readonly monthlyBudgetUsd?: number;
  /** Assumptions behind the usage (profile projections), printed with the figures. */
  readonly assumptions?: readonly string[];
}

type FeatureUsd = Partial<Record<Feature, number>>;
interface Line {
  readonly component: CostComponent;
  readonly item: string;
  readonly quantity: string;
  readonly usd: number;
  readonly basis: string;
  readonly byFeature: FeatureUsd;
}

const fmt = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 2 });
/** Requests, invocations, messages, objects, queries: whole things (a profile's month can compute 4,930.02 of them). */
const count = (n: number): string => Math.round(n).toLocaleString('en-US');
const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

/** Splits `usd` over features by weights (e.g. requests per route); what has no weight goes to unattributed. */
function split(usd: number, weights: readonly { feature: Feature; weight: number }[], total: number): FeatureUsd {
  const out: FeatureUsd = {};
  if (usd === 0) return out;
  let attributed = 0;
  if (total > 0) {
    for (const { feature, weight } of weights) {
      const share = (usd * weight) / total;
      out[feature] = (out[feature] ?? 0) + share;
      attributed += share;
    }
  }
  const rest = usd - attributed;
  // Rounding residue of a full split is not unattributed cost.
  if (Math.abs(rest) > Math.abs(usd) * 1e-9) out.unattributed = (out.unattributed ?? 0) + rest;
  return out;
}

function componentLines(table: PriceTable, usage: MeteredUsage, periodDays: number): Line[] {
  const p = table.prices;
  const routes = usage.routes ?? [];
  const lines: Line[] = [];

  // API Gateway: per route when known, the rest unattributed.
  const apiUsd = usage.apiRequests * unitPrice(p.apiGatewayHttpRequest);
  lines.push({
    component: 'api',
    item: 'API Gateway HTTP API',
    quantity: `${count(usage.apiRequests)} requests`,
    usd: apiUsd,
    basis: `requests x $${p.apiGatewayHttpRequest.usd} per ${fmt(p.apiGatewayHttpRequest.per)}`,
    byFeature: split(
      apiUsd,
      routes.map((r) => ({ feature: featureOfRoute(r.operationId), weight: r.requests })),
      usage.apiRequests,
    ),
  });

  // The WebSocket API (live updates): messages in and out, and minutes sockets are open. Its frames carry
  // several features' news (notifications, queue counts), so it is the platform's, like the health route.
  if (usage.live) {
    const messagesUsd = usage.live.messages * unitPrice(p.apiGatewayWebSocketMessage);
    const minutesUsd = usage.live.connectionMinutes * unitPrice(p.apiGatewayWebSocketConnectionMinute);
    lines.push({
      component: 'api',
      item: 'API Gateway WebSocket API',
      quantity: `${count(usage.live.messages)} messages, ${fmt(usage.live.connectionMinutes)} connection minutes`,
      usd: messagesUsd + minutesUsd,
      basis:
        `messages x $${p.apiGatewayWebSocketMessage.usd} per ${fmt(p.apiGatewayWebSocketMessage.per)} + connection minutes x ` +
        `$${p.apiGatewayWebSocketConnectionMinute.usd} per ${fmt(p.apiGatewayWebSocketConnectionMinute.per)} (${usage.live.basis})`,
      byFeature: { platform: messagesUsd + minutesUsd },
    });
  }

  // Lambda, per function: requests plus GB-seconds at the function's memory.
  for (const fn of usage.functions) {
    const gbSeconds = (fn.durationMs / 1000) * (fn.memoryMb / 1024);
    const requestsUsd = fn.invocations * unitPrice(p.lambdaRequest);
    const durationUsd = gbSeconds * unitPrice(p.lambdaArmGbSecond);
    const own = routes.filter((r) => r.group === fn.name);
    const byFeature =
      own.length > 0
        ? merge(
            split(
              requestsUsd,
              own.map((r) => ({ feature: featureOfRoute(r.operationId), weight: r.requests })),
              fn.invocations,
            ),
            split(
              durationUsd,
              own.map((r) => ({ feature: featureOfRoute(r.operationId), weight: r.durationMs })),
              fn.durationMs,
            ),
          )
        : { [featureOfFunction(fn.name)]: requestsUsd + durationUsd };
    lines.push({
      component: 'compute',
      item: `Lambda ${fn.name}`,
      quantity: `${count(fn.invocations)} invocations, ${fmt(gbSeconds)} GB-s`,
      usd: requestsUsd + durationUsd,
      basis: `invocations x $${p.lambdaRequest.usd} per ${fmt(p.lambdaRequest.per)} + duration ${fmt(fn.durationMs)} ms at ${fn.memoryMb} MB x $${p.lambdaArmGbSecond.usd} per GB-s (arm64)`,
      byFeature,
    });
  }

  // DynamoDB on-demand units: per route when known, the rest unattributed.
  const { readUnits, writeUnits } = usage.dynamoDb;
  // Reads and writes are priced alike: units x the unit price, split by feature along each route's units.
  for (const [kind, units, price, unitsOf] of [
    ['read', readUnits, p.dynamoDbReadRequestUnit, (r: (typeof routes)[number]) => r.readUnits],
    ['write', writeUnits, p.dynamoDbWriteRequestUnit, (r: (typeof routes)[number]) => r.writeUnits],
  ] as const) {
    const usd = units * unitPrice(price);
    lines.push({
      component: 'database',
      item: `DynamoDB ${kind}s`,
      quantity: `${fmt(units)} ${kind} units`,
      usd,
      basis: `${kind} request units x $${price.usd} per ${fmt(price.per)} (on-demand)`,
      byFeature: split(
        usd,
        routes.map((r) => ({ feature: featureOfRoute(r.operationId), weight: unitsOf(r) })),
        units,
      ),
    });
  }

  const q = usage.queue;
  const queueUsd = q.requests * unitPrice(p.sqsRequest);
  lines.push({
    component: 'queue',
    item: 'SQS analytics queue',
    quantity: `${count(q.messagesSent)} sent, ${count(q.messagesReceived)} received, ${count(q.requests)} requests`,
    usd: queueUsd,
    basis: `requests (${q.requestsBasis}) x $${p.sqsRequest.usd} per ${fmt(p.sqsRequest.per)}`,
    byFeature: { analytics: queueUsd },
  });

  const l = usage.lake;
  const putUsd = l.putRequests * unitPrice(p.s3PutRequest);
  lines.push({
    component: 'lake',
    item: 'S3 lake writes',
    quantity: `${count(l.putRequests)} objects${l.bytesWritten === undefined ? '' : `, ${fmt(l.bytesWritten / 1024 ** 2)} MiB`}`,
    usd: putUsd,
    basis: `PUT requests (${l.putBasis}) x $${p.s3PutRequest.usd} per ${fmt(p.s3PutRequest.per)}`,
    byFeature: { analytics: putUsd },
  });
  const monthsInPeriod = (periodDays * 24) / HOURS_PER_MONTH;
  const storageUsd = (l.storedBytes / GIB) * monthsInPeriod * unitPrice(p.s3StorageGbMonth);
  lines.push({
    component: 'lake',
    item: 'S3 lake storage',
    quantity: `${fmt(l.storedBytes / 1024 ** 2)} MiB in ${count(l.objects)} objects`,
    usd: storageUsd,
    basis: `stored GB x ${fmt(monthsInPeriod)} months (period hours / ${HOURS_PER_MONTH}) x $${p.s3StorageGbMonth.usd} per GB-month`,
    byFeature: { analytics: storageUsd },
  });

  const billedBytes = Math.max(usage.queries.bytesScanned, usage.queries.queries * ATHENA_MIN_BYTES_PER_QUERY);
  const queriesUsd = (billedBytes / TIB) * unitPrice(p.athenaTbScanned);
  lines.push({
    component: 'queries',
    item: 'Athena',
    quantity: `${count(usage.queries.queries)} queries, ${fmt(usage.queries.bytesScanned / 1024 ** 2)} MiB scanned`,
    usd: queriesUsd,
    basis: `TB scanned (at least 10 MB a query) x $${p.athenaTbScanned.usd} per TB`,
    byFeature: { analytics: queriesUsd },
  });
  return lines;
}

function merge(...parts: FeatureUsd[]): FeatureUsd {
  const out: FeatureUsd = {};
  for (const part of parts) for (const [f, v] of Object.entries(part) as [Feature, number][]) out[f] = (out[f] ?? 0) + v;
  return out;
}

const daysInMonthOf = (d: Date): number => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();

/** The report for `usage`, priced by `table`. */
export function costReport(table: PriceTable, usage: MeteredUsage, options: CostReportOptions = {}): CostReport {
  const from = new Date(usage.period.from);
  const to = new Date(usage.period.to);
  const periodDays = (to.getTime() - from.getTime()) / DAY_MS;
  if (!(periodDays > 0)) throw new Error(`the period must end after it starts, got ${usage.period.from} to ${usage.period.to}`);

  const lines = componentLines(table, usage, periodDays);
  const total = sum(lines.map((l) => l.usd));
  const featureUsd = merge(...lines.map((l) => l.byFeature));
  const byFeature = FEATURES.filter((f) => (featureUsd[f] ?? 0) > 0).map((feature) => ({
    feature,
    usd: featureUsd[feature]!,
    share: total > 0 ? featureUsd[feature]! / total : 0,
    covers: FEATURE_NOTES[feature],
  }));

  const { postsCreated, activeMembers, moderationDecisions } = usage.activity;
  const unit = (name: string, usd: number, count: { value?: number; source?: string; reason?: string }, per: number, what: string) =>
    count.value === undefined
      ? { name, usd: null, count: null, basis: `not available: ${count.reason}` }
      : { name, usd: count.value > 0 ? (usd / count.value) * per : null, count: count.value, basis: `${what} / ${fmt(count.value)} (${count.source})` };
  const unitCosts = [
    unit('per 1,000 posts', featureUsd.posting ?? 0, postsCreated, 1000, 'posting cost x 1,000'),
    unit('per active member', total, activeMembers, 1, 'total cost'),
    unit('per moderation decision', featureUsd.moderation ?? 0, moderationDecisions, 1, 'moderation cost'),
  ];

  // The month the period ends in: its last instant, so a period ending at midnight on the 1st is the month before.
  const daysInMonth = daysInMonthOf(new Date(to.getTime() - 1));
  const runRate = total / periodDays;
  const monthEnd = runRate * daysInMonth;
  const budgetUsd = options.monthlyBudgetUsd;
  const percent = (usd: number) => (budgetUsd ? (usd / budgetUsd) * 100 : null);
  const status = budgetUsd === undefined ? 'no-budget' : total > budgetUsd ? 'over' : monthEnd > budgetUsd ? 'forecast-over' : 'within';

  return {
    period: { from: from.toISOString(), to: to.toISOString(), days: periodDays },
    source: usage.source,
    prices: { version: table.version, region: table.region, note: table.note },
    totalUsd: total,
    byComponent: lines.map(({ byFeature: _, ...line }) => line),
    byFeature,
    unitCosts,
    projection: {
      runRatePerDayUsd: runRate,
      monthEndUsd: monthEnd,
      daysInMonth,
      basis: `linear: the period's cost / ${fmt(periodDays)} days x ${daysInMonth} days in the month`,
    },
    budget: {
      monthlyUsd: budgetUsd ?? null,
      actualUsd: total,
      actualPercent: percent(total),
      forecastUsd: monthEnd,
      forecastPercent: percent(monthEnd),
      status,
    },
    assumptions: [...(options.assumptions ?? [])],
    notes: [...usage.notes],
  };
}
