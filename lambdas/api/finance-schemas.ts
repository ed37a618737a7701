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
