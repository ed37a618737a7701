/**
 * The queue's statistics as counters, pure. Every item transition changes the counters by what the
 * item contributed before and contributes after (`backlogChange`), and every decision adds itself
 * to its day's summary (`decisionSummaryChange`); the stats route only adds counters up
 * (`statsFromCounters`), so it reads the same few small items whatever the backlog.
 */
import type { ModerationStats, Priority } from '../api/moderation-schemas';
import { isOpen, type QueueItem } from './queue';

/** Named backlog counters: `total`, `senior`, `priority:<p>`, `community:<id>`. */
export type BacklogCounters = Readonly<Record<string, number>>;

/**
 * What one transition changes: backlog counters, and open items by the hour (`YYYY-MM-DDTHH`) and
 * the minute (`YYYY-MM-DDTHH:MM`) they fall due, so "past due" is a sum of the few buckets not yet
 * due (due times are at most the longest turnaround ahead) rather than a count of the backlog.
 */
export interface BacklogChange {
  readonly counters: Record<string, number>;
  readonly dueHours: Record<string, number>;
  readonly dueMinutes: Record<string, number>;
}

export const dueHourOf = (iso: string): string => iso.slice(0, 13);
export const dueMinuteOf = (iso: string): string => iso.slice(0, 16);

function addTo(target: Record<string, number>, name: string, by: number): void {
  const value = (target[name] ?? 0) + by;
  if (value === 0) delete target[name];
  else target[name] = value;
}

function contribute(change: BacklogChange, item: QueueItem | null, sign: 1 | -1): void {
  if (!item || !isOpen(item.status)) return;
  addTo(change.counters, 'total', sign);
  if (item.status === 'escalated') addTo(change.counters, 'senior', sign);
  addTo(change.counters, `priority:${item.priority}`, sign);
  // A sanction appeal without a community counts in the total and its priority, in no community.
  if (item.communityId !== null) addTo(change.counters, `community:${item.communityId}`, sign);
  addTo(change.dueHours, dueHourOf(item.dueAt), sign);
  addTo(change.dueMinutes, dueMinuteOf(item.dueAt), sign);
}

/** The counter changes of an item going from `previous` (null: new) to `next`; empty when nothing counted changes (claims, leases, edits). */
export function backlogChange(previous: QueueItem | null, next: QueueItem): BacklogChange {
  const change: BacklogChange = { counters: {}, dueHours: {}, dueMinutes: {} };
  contribute(change, previous, -1);
  contribute(change, next, 1);
  return change;
}

export const isEmptyChange = (change: BacklogChange): boolean =>
  Object.keys(change.counters).length === 0 && Object.keys(change.dueHours).length === 0 && Object.keys(change.dueMinutes).length === 0;

/**
 * Waits are kept in a histogram, not one by one, so a day's summary stays small: exact to the
 * second under a minute, then in buckets 5 % wide, each named by its lower bound (seconds).
 */
const EXACT_UNDER_SECONDS = 60;
const BUCKET_GROWTH = 1.05;

export function waitBucketOf(seconds: number): number {
  const s = Math.max(0, Math.floor(seconds));
  if (s < EXACT_UNDER_SECONDS) return s;
  let k = Math.floor(Math.log(s / EXACT_UNDER_SECONDS) / Math.log(BUCKET_GROWTH));
  // Floating point may put a bound one bucket off; settle on the bucket whose lower bound is <= s.
  while (Math.floor(EXACT_UNDER_SECONDS * BUCKET_GROWTH ** k) > s) k -= 1;
  while (Math.floor(EXACT_UNDER_SECONDS * BUCKET_GROWTH ** (k + 1)) <= s) k += 1;
  return Math.floor(EXACT_UNDER_SECONDS * BUCKET_GROWTH ** k);
}

/** One day's decisions: how many, by whom, and how long items waited for them (a histogram). */
export interface DecisionSummary {
  readonly count: number;
  readonly byModerator: Readonly<Record<string, number>>;
  /** Wait bucket (its lower bound in seconds) → decisions. */
  readonly waits: Readonly<Record<string, number>>;
}

/** The median of a histogram (bucket → count), the middle two averaged for an even count; null when empty. */
export function histogramMedian(histogram: Readonly<Record<string, number>>): number | null {
  const buckets = Object.entries(histogram)
    .map(([bucket, count]) => [Number(bucket), count] as const)
    .filter(([, count]) => count > 0)
    .sort(([a], [b]) => a - b);
  const total = buckets.reduce((sum, [, count]) => sum + count, 0);
  if (total === 0) return null;
  const at = (rank: number) => {
    let seen = 0;
    for (const [bucket, count] of buckets) {
      seen += count;
      if (rank < seen) return bucket;
    }
    return buckets.at(-1)![0];
  };
  return total % 2 ? at((total - 1) / 2) : (at(total / 2 - 1) + at(total / 2)) / 2;
}

/** What the stats route reads: a handful of counter items, whatever the backlog. */
export interface StatsCounters {
  readonly backlog: BacklogCounters;
  /** Open items by due hour, for the hours from this one on. */
  readonly dueHours: Readonly<Record<string, number>>;
  /** Open items by due minute, for the minutes of this hour. */
  readonly dueMinutes: Readonly<Record<string, number>>;
  readonly oldestWaiting: { readonly itemId: string; readonly createdAt: string } | null;
  readonly decisionDays: readonly DecisionSummary[];
}

const PRIORITIES: readonly Priority[] = ['high', 'medium', 'low'];

/**
 * The stats from the counters. Past due counts open items whose due minute has passed: everything
 * open less what falls due from this minute on.
 */
export function statsFromCounters(counters: StatsCounters, now: Date, windowDays: number): ModerationStats {
  const get = (name: string) => counters.backlog[name] ?? 0;
  const byCommunity: Record<string, number> = {};
  for (const [name, count] of Object.entries(counters.backlog)) {
    if (name.startsWith('community:') && count > 0) byCommunity[name.slice('community:'.length)] = count;
  }
  const thisHour = dueHourOf(now.toISOString());
  const thisMinute = dueMinuteOf(now.toISOString());
  const notYetDue =
    Object.entries(counters.dueHours).reduce((sum, [hour, count]) => (hour > thisHour ? sum + count : sum), 0) +
    Object.entries(counters.dueMinutes).reduce((sum, [minute, count]) => (minute >= thisMinute && minute.startsWith(thisHour) ? sum + count : sum), 0);
  const byModerator: Record<string, number> = {};
  const waits: Record<string, number> = {};
  let count = 0;
  for (const day of counters.decisionDays) {
    count += day.count;
    for (const [moderatorId, n] of Object.entries(day.byModerator)) if (n > 0) byModerator[moderatorId] = (byModerator[moderatorId] ?? 0) + n;
    for (const [bucket, n] of Object.entries(day.waits)) waits[bucket] = (waits[bucket] ?? 0) + n;
  }
  const oldest = counters.oldestWaiting;
  return {
    backlog: {
      total: get('total'),
      byPriority: Object.fromEntries(PRIORITIES.map((p) => [p, get(`priority:${p}`)])) as Record<Priority, number>,
      byCommunity,
      senior: get('senior'),
    },
    oldestWaiting: oldest
      ? { itemId: oldest.itemId, createdAt: oldest.createdAt, waitingSeconds: Math.round((now.getTime() - Date.parse(oldest.createdAt)) / 1000) }
      : null,
    pastDue: Math.max(0, get('total') - notYetDue),
    decisions: { windowDays, count, medianSecondsToDecision: histogramMedian(waits), byModerator },
  };
}

/** The days (YYYY-MM-DD) of a window ending today, newest first. */
export const windowDaysOf = (now: Date, windowDays: number): string[] =>
  Array.from({ length: windowDays }, (_, i) => new Date(now.getTime() - i * 86_400_000).toISOString().slice(0, 10));

/** The last day an open item can fall due: due times are at most the longest turnaround (7 days) after creation. */
export const LAST_DUE_DAYS_AHEAD = 8;
