/**
 * The ledger's lake measures, computed by a scheduled job and stored per community and week, so the
 * ledger route reads a few items and never waits on the lake. The job runs the same SQL on Athena in
 * AWS (lambdas/handlers/ledger-measures.ts, EventBridge Scheduler) and on DuckDB locally (the local
 * runtime's timer, `npm run ledger -- --refresh`).
 */
import type { Clock } from '../domain/clock';
import { allCommunityEvents, type LakeSql, measureWeeks, type WeekMeasures } from './value';
import { dayOf, mondayOf, weekIndexOf, weekStart } from './weeks';

/** One community-week's measures as a run computed them. */
export interface StoredWeekMeasures {
  readonly communityId: string;
  /** The week's Monday, YYYY-MM-DD. */
  readonly weekStart: string;
  readonly measures: WeekMeasures;
  /** The engine that computed them (Athena, DuckDB), printed in the report. */
  readonly engine: string;
  /** ISO time of the run. */
  readonly computedAt: string;
}

/** Where the job keeps what it computed (the community table). */
export interface MeasureStore {
  put(weeks: readonly StoredWeekMeasures[]): Promise<void>;
  /** The stored weeks of a community from `fromWeek` to `toWeek` (Mondays, YYYY-MM-DD), inclusive. */
  read(communityId: string, fromWeek: string, toWeek: string): Promise<StoredWeekMeasures[]>;
}

/** The week's events of every community (stored under this id, which no community can have). */
export const ALL_COMMUNITIES = '_all';

/** A community's weeks of measures, and every community's events in those weeks (null: not known). */
export interface MeasuredWeeks {
  readonly measures: WeekMeasures[];
  readonly allEvents: (number | null)[];
  readonly source: string;
  readonly notes: string[];
}

/** What the ledger reads its measures from. */
export interface MeasureSource {
  weeks(communityId: string, anchor: Date, weekCount: number, endedWeeks: number): Promise<MeasuredWeeks>;
}

/** The lake itself, queried now (the job; the unit tests). */
export const lakeMeasures = (lake: LakeSql): MeasureSource => ({
  async weeks(communityId, anchor, weekCount, endedWeeks) {
    const [measures, allEvents] =
      weekCount > 0
        ? await Promise.all([measureWeeks(lake, communityId, anchor, weekCount, endedWeeks), allCommunityEvents(lake, anchor, weekCount)])
        : [[], []];
    return { measures, allEvents, source: `the lake (${lake.engine}), events deduplicated by event_id`, notes: [] };
  },
});

/** What the job stored: the route's source. Weeks the job has not measured yet say so. */
export const storedMeasures = (store: MeasureStore): MeasureSource => ({
  async weeks(communityId, anchor, weekCount) {
    const measures: WeekMeasures[] = Array.from({ length: weekCount }, () => ({}));
    const allEvents: (number | null)[] = Array.from({ length: weekCount }, () => null);
    if (weekCount === 0) return { measures, allEvents, source: 'no weeks', notes: [] };
    const [from, to] = [dayOf(anchor), dayOf(weekStart(anchor, weekCount - 1))];
    const [stored, totals] = await Promise.all([store.read(communityId, from, to), store.read(ALL_COMMUNITIES, from, to)]);
    for (const week of totals) {
      const w = weekIndexOf(anchor, Date.parse(`${week.weekStart}T00:00:00Z`));
      if (w >= 0 && w < weekCount) allEvents[w] = week.measures.lakeEvents ?? null;
    }
    let latest: StoredWeekMeasures | undefined;
    const measured = new Set<number>();
    for (const week of stored) {
      const w = weekIndexOf(anchor, Date.parse(`${week.weekStart}T00:00:00Z`));
      if (w < 0 || w >= weekCount) continue;
      measures[w] = week.measures;
      measured.add(w);
      if (!latest || week.computedAt > latest.computedAt) latest = week;
    }
    const missing = Array.from({ length: weekCount }, (_, w) => w).filter((w) => !measured.has(w));
    const notes =
      missing.length === 0
        ? []
        : [
            `Lake measures not computed yet for ${missing.length === 1 ? 'the week of' : `${missing.length} weeks, from the week of`} ${dayOf(weekStart(anchor, missing[0]!))}: ` +
              'the ledger-measures job computes them (daily in AWS; locally hourly or npm run ledger -- --refresh).',
          ];
    const source = latest
      ? `the lake (${latest.engine}), events deduplicated by event_id; computed by the ledger-measures job, last at ${latest.computedAt}`
      : 'the lake: not computed yet by the ledger-measures job';
    return { measures, allEvents, source, notes };
  },
});

/** Every community with its opening time. */
export type CommunityLister = () => Promise<readonly { readonly communityId: string; readonly openedAt: Date }[]>;

export interface RefreshDeps {
  readonly lake: LakeSql;
  readonly store: MeasureStore;
  readonly communities: CommunityLister;
  readonly clock: Clock;
}

/** Communities measured at once: each is two lake queries, Athena runs a workgroup's queries concurrently. */
const CONCURRENCY = 4;

/**
 * The job: every community's weeks since it opened (the current one so far included), measured on the
 * lake and stored, and every community's events per week (the allocation key's denominator). All weeks
 * each run: new members and retention depend on the whole history, and a late event may change a
 * closed week. A run for one community (`only`) leaves the all-community totals as the last full run
 * stored them.
 */
export async function refreshLedgerMeasures(deps: RefreshDeps, only?: string): Promise<{ communities: number; weeks: number }> {
  const now = deps.clock();
  const all = (await deps.communities()).filter((c) => only === undefined || c.communityId === only);
  let weeks = 0;
  let next = 0;
  const worker = async () => {
    while (next < all.length) {
      const community = all[next++]!;
      const anchor = mondayOf(community.openedAt);
      const weekCount = Math.max(0, weekIndexOf(anchor, mondayOf(now).getTime()) + 1);
      const endedWeeks = Math.max(0, Math.min(weekCount, weekIndexOf(anchor, now.getTime())));
      if (weekCount === 0) continue;
      const measured = await measureWeeks(deps.lake, community.communityId, anchor, weekCount, endedWeeks);
      await deps.store.put(
        measured.map((measures, w) => ({
          communityId: community.communityId,
          weekStart: dayOf(weekStart(anchor, w)),
          measures,
          engine: deps.lake.engine,
          computedAt: now.toISOString(),
        })),
      );
      weeks += measured.length;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  if (only === undefined && all.length > 0) {
    const anchor = mondayOf(new Date(Math.min(...all.map((c) => c.openedAt.getTime()))));
    const weekCount = weekIndexOf(anchor, mondayOf(now).getTime()) + 1;
    const events = await allCommunityEvents(deps.lake, anchor, weekCount);
    await deps.store.put(
      events.map((lakeEvents, w) => ({
        communityId: ALL_COMMUNITIES,
        weekStart: dayOf(weekStart(anchor, w)),
        measures: { lakeEvents },
        engine: deps.lake.engine,
        computedAt: now.toISOString(),
      })),
    );
  }
  return { communities: all.length, weeks };
}
