/**
 * The lake's daily compaction, invoked by EventBridge Scheduler (and `npm run compact` locally,
 * with the same use case): the small objects of each closed day's partitions merged into objects
 * worth reading. Input: `{}` (yesterday and the days late events may still reach) or `{ "day": "YYYY-MM-DD" }`.
 */
import middy from '@middy/core';
import { closedDays, compactDay, type DayOutcome } from '../analytics/compact';
import { compactorDeps } from '../analytics/compactor-composition';
import { MAX_EVENT_AGE_DAYS } from '../analytics/event-schemas';
import type { CompactorDeps } from '../analytics/ports';
import { injectLambdaContext, logger } from '../http/logger';

export interface CompactionRequest {
  readonly day?: string;
}

export interface CompactionSummary {
  readonly days: readonly { readonly day: string; readonly objectsBefore: number; readonly objectsAfter: number; readonly events: number }[];
}

const summaryOf = (outcome: DayOutcome) => ({
  day: outcome.day,
  objectsBefore: outcome.partitions.reduce((sum, p) => sum + p.before.objects, 0),
  objectsAfter: outcome.partitions.reduce((sum, p) => sum + p.after.objects, 0),
  events: outcome.partitions.reduce((sum, p) => sum + p.merged.reduce((s, m) => s + m.events, 0), 0),
});

/** The handler's work with its dependencies given. */
export async function compactLake(deps: CompactorDeps, request: CompactionRequest | null | undefined): Promise<CompactionSummary> {
  const day = request?.day;
  if (day !== undefined && typeof day !== 'string') throw new TypeError(`day must be a YYYY-MM-DD string, got ${typeof day}`);
  // Apps may send events up to MAX_EVENT_AGE_DAYS old: those days may have new small objects too.
  const days = day ? [day] : closedDays(deps.clock(), MAX_EVENT_AGE_DAYS);
  const summaries = [];
  for (const d of days) {
    const outcome = await compactDay(deps, d);
    const summary = summaryOf(outcome);
    logger.info('compacted', summary);
    summaries.push(summary);
  }
  return { days: summaries };
}

export const handler = middy<CompactionRequest, CompactionSummary>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler((event) => compactLake(compactorDeps(), event));
