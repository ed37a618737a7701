/** The finance report's query and response (GET /v1/finance/costs); the report is built in lambdas/finance. */
import * as z from 'zod/mini';
import { CommunityId } from './common-schemas';
import './zod-english';

const isoDay = z.iso.date({ error: 'must be a date YYYY-MM-DD' });
const dayOrInstant = z.optional(z.union([isoDay, z.iso.datetime({ offset: true })]));

export const CostsQuery = z
  .strictObject({
    from: dayOrInstant,
    to: dayOrInstant,
  })
  .register(z.globalRegistry, {
    description:
      'from defaults to the first day of the month the period ends in (`to=2026-11-30` covers November); to defaults to now. Dates are UTC days, `to` included.',
  });

const Money = z.number().register(z.globalRegistry, { description: 'US dollars, list prices' });
const MoneyOrNull = z.nullable(Money);
const numberOrNull = z.nullable(z.number());

export const CostReport = z
  .object({
    period: z.object({ from: z.iso.datetime(), to: z.iso.datetime(), days: z.number() }),
    source: z.string(),
    prices: z.object({ version: z.string(), region: z.string(), note: z.string() }),
    totalUsd: Money,
    byComponent: z.array(
      z.object({
        component: z.enum(['api', 'compute', 'database', 'queue', 'lake', 'queries']),
        item: z.string(),
        quantity: z.string(),
        usd: Money,
        basis: z.string(),
      }),
    ),
    byFeature: z.array(z.object({ feature: z.string(), usd: Money, share: z.number(), covers: z.string() })),
    unitCosts: z.array(z.object({ name: z.string(), usd: MoneyOrNull, count: numberOrNull, basis: z.string() })),
    projection: z.object({ runRatePerDayUsd: Money, monthEndUsd: Money, daysInMonth: z.int(), basis: z.string() }),
    budget: z.object({
      monthlyUsd: MoneyOrNull,
      actualUsd: Money,
      actualPercent: numberOrNull,
      forecastUsd: Money,
      forecastPercent: numberOrNull,
      status: z.enum(['within', 'forecast-over', 'over', 'no-budget']),
    }),
    assumptions: z.array(z.string()),
    notes: z.array(z.string()),
  })
  .register(z.globalRegistry, { id: 'CostReport' });

export type CostReport = z.infer<typeof CostReport>;
export type CostComponent = CostReport['byComponent'][number]['component'];

/** Adds a description to a schema (a new instance each time: one registry entry per schema). */
const described = <T extends z.ZodMiniType>(schema: T, description: string): T => {
  z.globalRegistry.add(schema, { description });
  return schema;
};

export const LedgerQuery = z
  .strictObject({
    communityId: CommunityId,
    from: z.optional(isoDay),
    to: z.optional(isoDay),
  })
  .register(z.globalRegistry, {
    description:
      'The weeks (Monday to Sunday, UTC) that hold from and to are shown; from defaults to 12 weeks before to, to to today. Cumulative figures and the trend count every week since the community opened.',
  });

const Measures = described(z.record(z.string(), numberOrNull), 'measure id -> value; null when not known for that week');

export const LedgerWeek = z.object({
  weekStart: z.iso.date(),
  complete: described(z.boolean(), 'false for the week still running'),
  labor: z.object({
    handleHours: described(z.record(z.string(), z.number()), 'measured handle time per role'),
    tasks: z.int(),
    completedTasks: z.int(),
    measuredUsd: Money,
    fixedHours: z.number(),
    fixedUsd: Money,
    totalUsd: Money,
  }),
  infrastructure: z.object({
    attributedUsd: described(z.number(), 'US dollars: usage known per route and community (recorded locally), priced'),
    allocatedUsd: described(
      z.number(),
      "US dollars: this community's share of the event pipeline (the analytics feature: events route, publisher, queue, archiver, lake, queries) by its share of the week's community events in the lake",
    ),
    sharedUsd: described(
      z.number(),
      'US dollars: what no community is attributed or allocated (requests tied to no community; in AWS every request, CloudWatch knowing no communities); not in totalCostUsd',
    ),
  }),
  totalCostUsd: described(z.number(), 'US dollars: labor + attributed and allocated infrastructure'),
  costPerActiveMemberUsd: MoneyOrNull,
  costPerContributorUsd: MoneyOrNull,
  measures: Measures,
  valueUsd: Money,
  cumulativeCostUsd: Money,
  cumulativeValueUsd: Money,
});

const stringOrNull = z.nullable(z.string());

export const Ledger = z
  .object({
    communityId: z.string(),
    openedAt: z.iso.datetime(),
    period: z.object({ from: z.iso.date(), to: z.iso.date() }),
    generatedAt: z.iso.datetime(),
    weeks: z.array(LedgerWeek),
    totals: z.object({
      costUsd: Money,
      laborUsd: Money,
      infrastructureUsd: Money,
      sharedInfrastructureUsd: Money,
      valueUsd: Money,
      laborShare: numberOrNull,
    }),
    measures: z.array(
      z.object({
        id: z.string(),
        label: z.string(),
        definition: z.string(),
        measured: z.boolean(),
        unitUsd: MoneyOrNull,
        per: stringOrNull,
        rationale: stringOrNull,
      }),
    ),
    labor: z.object({
      rates: z.array(z.object({ role: z.string(), usdPerHour: Money, basis: z.string(), source: z.string(), checked: z.string(), overridden: z.boolean() })),
      fixedStaffing: z.array(z.object({ role: z.string(), hoursPerWeek: z.number(), what: z.string() })),
      tasks: z.array(z.object({ kind: z.string(), source: z.string() })),
      version: z.string(),
    }),
    crossover: z.object({
      status: z.enum(['crossed', 'projected', 'not-crossing', 'insufficient-data']),
      weekStart: z.nullable(z.iso.date()),
      model: z.string(),
      text: z.string(),
      projection: described(
        z.array(z.object({ weekStart: z.iso.date(), costUsd: Money, valueUsd: Money })),
        'the two trend lines from the last complete week to the crossover (at most 52 weeks ahead); empty without a trend',
      ),
    }),
    staffing: z.object({
      model: z.string(),
      handleMinutesPerItem: numberOrNull,
      hoursPerPersonWeek: z.number(),
      occupancy: z.number(),
      weeks: z.array(z.object({ weekStart: z.iso.date(), items: z.number(), workloadHours: z.number(), staffedHours: z.number(), people: z.int() })),
    }),
    sources: z.object({ infrastructure: z.string(), value: z.string(), labor: z.string(), valueTable: z.string() }),
    notMeasured: z.array(z.string()),
    notes: z.array(z.string()),
  })
  .register(z.globalRegistry, { id: 'Ledger' });

export type Ledger = z.infer<typeof Ledger>;
export type LedgerWeek = z.infer<typeof LedgerWeek>;
