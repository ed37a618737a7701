/** The finance report's query and response (GET /v1/finance/costs); the report is built in lambdas/finance. */
import * as z from 'zod/mini';
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

export const LedgerQuery = z
  .strictObject({
    communityId: z.string().regex(/^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/, 'communityId must be 3-40 lowercase letters, digits or dashes'),
    from: isoDay.optional(),
    to: isoDay.optional(),
  })
  .meta({
    description:
      'The weeks (Monday to Sunday, UTC) that hold from and to are shown; from defaults to 12 weeks before to, to to today. Cumulative figures and the trend count every week since the community opened.',
  });

const Measures = z.record(z.string(), z.number().nullable()).meta({ description: 'measure id -> value; null when not known for that week' });

export const LedgerWeek = z.object({
  weekStart: z.iso.date(),
  complete: z.boolean().describe('false for the week still running'),
  labor: z.object({
    handleHours: z.record(z.string(), z.number()).describe('measured handle time per role'),
    tasks: z.int(),
    completedTasks: z.int(),
    measuredUsd: Money,
    fixedHours: z.number(),
    fixedUsd: Money,
    totalUsd: Money,
  }),
  infrastructure: z.object({
    attributedUsd: Money.describe('usage known per route and community, priced'),
    sharedUsd: Money.describe('every community together: the pipeline, the lake and requests not tied to one community; not in totalCostUsd'),
  }),
  totalCostUsd: Money.describe('labor + attributed infrastructure'),
  costPerActiveMemberUsd: Money.nullable(),
  costPerContributorUsd: Money.nullable(),
  measures: Measures,
  valueUsd: Money,
  cumulativeCostUsd: Money,
  cumulativeValueUsd: Money,
});

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
      laborShare: z.number().nullable(),
    }),
    measures: z.array(
      z.object({
        id: z.string(),
        label: z.string(),
        definition: z.string(),
        measured: z.boolean(),
        unitUsd: Money.nullable(),
        per: z.string().nullable(),
        rationale: z.string().nullable(),
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
      weekStart: z.iso.date().nullable(),
      model: z.string(),
      text: z.string(),
      projection: z
        .array(z.object({ weekStart: z.iso.date(), costUsd: Money, valueUsd: Money }))
        .describe('the two trend lines from the last complete week to the crossover (at most 52 weeks ahead); empty without a trend'),
    }),
    staffing: z.object({
      model: z.string(),
      handleMinutesPerItem: z.number().nullable(),
      hoursPerPersonWeek: z.number(),
      occupancy: z.number(),
      weeks: z.array(z.object({ weekStart: z.iso.date(), items: z.number(), workloadHours: z.number(), staffedHours: z.number(), people: z.int() })),
    }),
    sources: z.object({ infrastructure: z.string(), value: z.string(), labor: z.string(), valueTable: z.string() }),
    notMeasured: z.array(z.string()),
    notes: z.array(z.string()),
  })
  .meta({ id: 'Ledger' });

export type Ledger = z.infer<typeof Ledger>;
export type LedgerWeek = z.infer<typeof LedgerWeek>;
