/**
 * Time to first staff response, from counters (pure): the desk's per-day response summaries (a
 * histogram of waits per kind, met and missed) and its open backlog and due-time counters. The
 * stats and the SLO only add counters up, so they read the same few items whatever the backlog.
 */
import type { DeskSlo, DeskStats, ResponsePolicy } from '../api/desk-schemas';
import { dueHourOf, dueMinuteOf, LAST_DUE_DAYS_AHEAD } from '../moderation/stats';
import { DESK_KINDS, type DeskKind } from './model';

/** The latest a desk item can fall due after it enters: 168 hours of business time spread over weekends and short days. */
export const DESK_LAST_DUE_DAYS_AHEAD = Math.max(LAST_DUE_DAYS_AHEAD, 62);

/** The last day whose due-time counters can hold an open item, seen from `now`. */
export const lastDueDayOf = (now: Date): string => new Date(now.getTime() + DESK_LAST_DUE_DAYS_AHEAD * 86_400_000).toISOString().slice(0, 10);

export interface KindSummary {
  readonly responded: number;
  readonly met: number;
  readonly missed: number;
  /** Wait bucket (its lower bound in seconds) → responses. */
  readonly waits: Readonly<Record<string, number>>;
}

export interface DeskDaySummary {
  readonly day: string;
  readonly byKind: Readonly<Record<DeskKind, KindSummary>>;
}

export interface DeskHourSummary {
  readonly hour: string;
  readonly met: number;
  readonly missed: number;
}

export interface DeskCounters {
  /** `total`, `kind:<kind>`: open items. */
  readonly backlog: Readonly<Record<string, number>>;
  readonly dueHours: Readonly<Record<string, number>>;
  readonly dueMinutes: Readonly<Record<string, number>>;
  readonly oldestWaiting: { readonly itemId: string; readonly enteredAt: string } | null;
  readonly days: readonly DeskDaySummary[];
}

/**
 * The nearest-rank quantile of a histogram: the bucket of the ⌈q·n⌉-th smallest wait (its lower
 * bound), null when empty. The lake's response-times report computes the same from the same buckets.
 */
export function histogramQuantile(histogram: Readonly<Record<string, number>>, q: number): number | null {
  const buckets = Object.entries(histogram)
    .map(([bucket, count]) => [Number(bucket), count] as const)
    .filter(([, count]) => count > 0)
    .sort(([a], [b]) => a - b);
  const total = buckets.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (const [bucket, count] of buckets) {
    seen += count;
    if (seen >= rank) return bucket;
  }
  return buckets.at(-1)![0];
}

const attainment = (met: number, responded: number): number | null => (responded === 0 ? null : Math.round((met / responded) * 10000) / 100);

function kindStats(summaries: readonly KindSummary[]) {
  const waits: Record<string, number> = {};
  let responded = 0;
  let met = 0;
  let missed = 0;
  for (const s of summaries) {
    responded += s.responded;
    met += s.met;
    missed += s.missed;
    for (const [bucket, n] of Object.entries(s.waits)) waits[bucket] = (waits[bucket] ?? 0) + n;
  }
  return {
    responded,
    met,
    missed,
    attainmentPercent: attainment(met, responded),
    p50Seconds: histogramQuantile(waits, 0.5),
    p90Seconds: histogramQuantile(waits, 0.9),
  };
}

/** Overdue: open items less those whose due minute is still ahead (the moderation stats' technique). */
export function overdueOf(
  open: number,
  due: { readonly dueHours: Readonly<Record<string, number>>; readonly dueMinutes: Readonly<Record<string, number>> },
  now: Date,
): number {
  const thisHour = dueHourOf(now.toISOString());
  const thisMinute = dueMinuteOf(now.toISOString());
  const notYetDue =
    Object.entries(due.dueHours).reduce((sum, [hour, count]) => (hour > thisHour ? sum + count : sum), 0) +
    Object.entries(due.dueMinutes).reduce((sum, [minute, count]) => (minute >= thisMinute && minute.startsWith(thisHour) ? sum + count : sum), 0);
  return Math.max(0, open - notYetDue);
}

/** Open items by kind, from the backlog counters (`total`, `kind:<kind>`). */
export const openOf = (backlog: Readonly<Record<string, number>>): DeskStats['open'] => ({
  total: backlog.total ?? 0,
  byKind: Object.fromEntries(DESK_KINDS.map((kind) => [kind, backlog[`kind:${kind}`] ?? 0])) as DeskStats['open']['byKind'],
});

export function deskStatsFromCounters(communityId: string, counters: DeskCounters, now: Date, windowDays: number): DeskStats {
  const open = openOf(counters.backlog);
  const oldest = counters.oldestWaiting;
  return {
    communityId,
    windowDays,
    byKind: Object.fromEntries(DESK_KINDS.map((kind) => [kind, kindStats(counters.days.map((d) => d.byKind[kind]))])) as DeskStats['byKind'],
    total: kindStats(counters.days.flatMap((d) => DESK_KINDS.map((kind) => d.byKind[kind]))),
    open,
    overdue: overdueOf(open.total, counters, now),
    oldestWaiting: oldest
      ? { itemId: oldest.itemId, enteredAt: oldest.enteredAt, waitingSeconds: Math.max(0, Math.round((now.getTime() - Date.parse(oldest.enteredAt)) / 1000)) }
      : null,
  };
}

/** The windows /v1/desk/slo reports burn rates for, in hours. */
export const SLO_BURN_WINDOWS_HOURS = [1, 6, 24, 72] as const;

/** The hours (YYYY-MM-DDTHH) of the last `hours` hours, this one included, oldest first. */
export const lastHoursOf = (now: Date, hours: number): string[] =>
  Array.from({ length: hours }, (_, i) => new Date(now.getTime() - (hours - 1 - i) * 3_600_000).toISOString().slice(0, 13));

/**
 * Burn rate: the share of responses that missed their due time over a window, divided by the share
 * the objective allows (1 - target). 1 spends the error budget exactly over the SLO window; 14.4
 * spends 2 % of a 30-day budget in an hour (the fast-burn page).
 */
export const burnRate = (met: number, missed: number, targetPercent: number): number | null =>
  met + missed === 0 ? null : Math.round((missed / (met + missed) / (1 - targetPercent / 100)) * 1000) / 1000;

export function sloFrom(
  communityId: string,
  objective: ResponsePolicy['objective'],
  days: readonly DeskDaySummary[],
  hours: readonly DeskHourSummary[],
  now: Date,
): DeskSlo {
  let met = 0;
  let missed = 0;
  for (const d of days) {
    for (const kind of DESK_KINDS) {
      met += d.byKind[kind].met;
      missed += d.byKind[kind].missed;
    }
  }
  const responded = met + missed;
  const allowed = ((100 - objective.targetPercent) / 100) * responded;
  const byHour = new Map(hours.map((h) => [h.hour, h]));
  const burnRates = Object.fromEntries(
    SLO_BURN_WINDOWS_HOURS.map((window) => {
      const inWindow = lastHoursOf(now, window).map((hour) => byHour.get(hour) ?? { met: 0, missed: 0 });
      const sum = inWindow.reduce((acc, h) => ({ met: acc.met + h.met, missed: acc.missed + h.missed }), { met: 0, missed: 0 });
      return [`${window}h`, burnRate(sum.met, sum.missed, objective.targetPercent)];
    }),
  );
  return {
    communityId,
    objective,
    window: { responded, met, missed, attainmentPercent: attainment(met, responded) },
    errorBudget: {
      allowedMisses: Math.round(allowed * 100) / 100,
      spentMisses: missed,
      remainingPercent: allowed === 0 ? (missed === 0 ? 100 : -100) : Math.round((100 - (missed / allowed) * 100) * 100) / 100,
    },
    burnRates,
  };
}
