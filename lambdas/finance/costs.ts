/** The use case behind GET /v1/finance/costs and `npm run cost`: a period's usage, priced. */
import type { CostReport } from '../api/finance-schemas';
import type { Caller } from '../domain/caller';
import type { Clock } from '../domain/clock';
import { BadRequestError, ForbiddenError } from '../domain/errors';
import { costReport } from './cost-report';
import type { PriceTable } from './pricing';
import type { Period, UsageSource } from './usage';

/** What a cost report needs: the price table, a usage source, the budget if one is set, and the time. */
export interface CostsDeps {
  readonly prices: PriceTable;
  readonly usage: UsageSource;
  readonly monthlyBudgetUsd?: number;
  readonly clock: Clock;
}

const DAY_MS = 86_400_000;
const MAX_DAYS = 366;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The period a report covers. Dates are UTC days: `from` starts its day, `to` includes its day.
 * Defaults: `to` now, `from` the first day of the month `to` ends in (month to date).
 */
export function resolvePeriod(query: { from?: string | undefined; to?: string | undefined }, now: Date): Period {
  const to = query.to === undefined ? now : DATE_ONLY.test(query.to) ? new Date(Date.parse(`${query.to}T00:00:00Z`) + DAY_MS) : new Date(query.to);
  // The default start is the first day of the month of the last instant covered: `to` itself is
  // excluded, so `to=2026-11-30` (ending at 2026-12-01T00:00Z) reports November, not an empty December.
  const lastCovered = new Date(to.getTime() - 1);
  const from =
    query.from === undefined
      ? new Date(Date.UTC(lastCovered.getUTCFullYear(), lastCovered.getUTCMonth(), 1))
      : new Date(DATE_ONLY.test(query.from) ? `${query.from}T00:00:00Z` : query.from);
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()))
    throw new BadRequestError(`from and to must be dates YYYY-MM-DD or ISO times, got ${query.from} and ${query.to}`);
  if (!(from < to)) throw new BadRequestError(`from must be before to, got from ${from.toISOString()} and to ${to.toISOString()}`);
  if (to.getTime() - from.getTime() > MAX_DAYS * DAY_MS)
    throw new BadRequestError(`a report covers at most ${MAX_DAYS} days, got ${Math.ceil((to.getTime() - from.getTime()) / DAY_MS)}`);
  return { from, to };
}

/** Only the finance group reads costs. */
export function assertFinance(caller: Caller): void {
  if (!caller.groups.has('finance')) throw new ForbiddenError('only the finance group reads costs');
}

export async function reportCosts(deps: CostsDeps, period: Period): Promise<CostReport> {
  const usage = await deps.usage.usage(period);
  return costReport(deps.prices, usage, deps.monthlyBudgetUsd === undefined ? {} : { monthlyBudgetUsd: deps.monthlyBudgetUsd });
}

/** `deps` is a factory: a caller outside finance is refused before any adapter is made. */
export async function getCosts(deps: () => CostsDeps, caller: Caller, query: { from?: string | undefined; to?: string | undefined }): Promise<CostReport> {
  assertFinance(caller);
  const d = deps();
  return reportCosts(d, resolvePeriod(query, d.clock()));
}
