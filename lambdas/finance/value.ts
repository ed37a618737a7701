/**
 * Value, measured from the lake: weekly measures of one community, and money only through the unit
 * values finance sets (pricing/value.json). The SQL is written once for both engines, like
 * lambdas/analytics/sql.ts: DuckDB locally, Athena in AWS; only plain functions both know
 * (count_if, date_diff('day', ...), json_extract_scalar, CAST), dates as literals.
 *
 * A measure is one entry of MEASURES: its SQL over the community's events of the week, or, for what
 * Chorus does not record yet, the reason it is not measured (printed in the report, never guessed).
 */
import { DEDUPLICATED_VIEW } from '../analytics/sql';
import { dayOf } from './weeks';

export type MeasureId =
  | 'activeMembers'
  | 'contributors'
  | 'newMembers'
  | 'week4Retention'
  | 'posts'
  | 'reviews'
  | 'comments'
  | 'productLinkClicks'
  | 'answeredQuestions'
  | 'timeToFirstStaffResponseHours'
  | 'shippedIdeas'
  | 'shippedIdeaVoters'
  | 'lakeEvents';

export interface Measure {
  readonly id: MeasureId;
  readonly label: string;
  /** What is counted, printed beside the figure. */
  readonly definition: string;
  /**
   * A SQL aggregate over `weekly_events` (columns: week, event_type, actor_id, post_id, kind, data,
   * first_week: the actor's first week, answered_week: the post's first answer's week).
   */
  readonly sql?: string;
  /** The aggregate is NULL in a week with nothing to aggregate (a median), not 0. */
  readonly nullable?: true;
  /** Measured by the retention query. */
  readonly cohort?: true;
  /** Measured by the shipped-idea voters query. */
  readonly voters?: true;
  /** Why it is not measured yet (printed in the report). */
  readonly notMeasured?: string;
}

export const MEASURES: readonly Measure[] = [
  {
    id: 'activeMembers',
    label: 'active members',
    definition: 'members with any event in the community that week (views and product-link clicks included)',
    sql: 'count(DISTINCT actor_id)',
  },
  {
    id: 'contributors',
    label: 'contributors',
    definition: 'members who wrote a post, review or comment that week',
    sql: "count(DISTINCT CASE WHEN event_type IN ('post.created', 'comment.created') THEN actor_id END)",
  },
  {
    id: 'newMembers',
    label: 'new members',
    definition: 'members whose first event in the community since it opened is that week',
    sql: 'count(DISTINCT CASE WHEN week = first_week THEN actor_id END)',
  },
  {
    id: 'week4Retention',
    label: 'week-4 retention',
    definition: "share of the week's new members active again 4 weeks later (shown once that week has ended)",
    cohort: true,
  },
  {
    id: 'posts',
    label: 'posts',
    definition: 'posts written (questions, discussions, ideas; reviews counted apart)',
    sql: "count_if(event_type = 'post.created' AND kind <> 'review')",
  },
  { id: 'reviews', label: 'reviews', definition: 'reviews written', sql: "count_if(event_type = 'post.created' AND kind = 'review')" },
  { id: 'comments', label: 'comments', definition: 'comments written', sql: "count_if(event_type = 'comment.created')" },
  {
    id: 'productLinkClicks',
    label: 'product-link clicks',
    definition: 'clicks on product links in posts',
    sql: "count_if(event_type = 'product-link.clicked')",
  },
  {
    id: 'answeredQuestions',
    label: 'answered questions',
    definition:
      "questions first answered that week: an answer the asker accepted (answer.accepted) or the desk's first official response to a question (desk.responded), whichever came first",
    sql: "count(DISTINCT CASE WHEN week = answered_week AND event_type IN ('answer.accepted', 'desk.responded') THEN post_id END)",
  },
  {
    id: 'timeToFirstStaffResponseHours',
    label: 'time to first staff response (h)',
    definition:
      "median hours from a desk item entering the desk to its first official staff comment, over the items first answered that way that week (desk.responded via official-comment; the desk's own clock, as GET /v1/desk/stats)",
    sql: "approx_percentile(CASE WHEN event_type = 'desk.responded' AND json_extract_scalar(data, '$.via') = 'official-comment' THEN CAST(json_extract_scalar(data, '$.wait_seconds') AS DOUBLE) END, 0.5) / 3600.0",
    nullable: true,
  },
  {
    id: 'shippedIdeas',
    label: 'shipped ideas',
    definition: 'ideas moved to shipped that week (idea.status-changed to shipped)',
    sql: "count(DISTINCT CASE WHEN event_type = 'idea.status-changed' AND json_extract_scalar(data, '$.to') = 'shipped' THEN post_id END)",
  },
  {
    id: 'shippedIdeaVoters',
    label: 'voters of shipped ideas',
    definition:
      "members whose vote stood on an idea shipped that week (their last idea.voted / idea.unvoted on it a vote; a merged duplicate's voters count for the idea it went into), each counted once",
    voters: true,
  },
  {
    id: 'lakeEvents',
    label: 'events recorded',
    definition:
      "every event the lake recorded in the community that week (views and clicks included): its share of all communities' events allocates the event pipeline's cost",
    sql: 'count(*)',
  },
];

/** What finance values a unit of a measure at, and why. */
export interface UnitValue {
  readonly measure: MeasureId;
  /** US dollars per unit, or null: no value set (the measure is still shown). */
  readonly usd: number | null;
  readonly per: string;
  readonly rationale: string;
}

export interface ValueTable {
  readonly version: string;
  readonly currency: 'USD';
  readonly note: string;
  readonly unitValues: readonly UnitValue[];
}

const MEASURE_IDS = new Set<string>(MEASURES.map((m) => m.id));

export function parseValueTable(json: unknown): ValueTable {
  const fail = (message: string): never => {
    throw new Error(`pricing/value.json: ${message}`);
  };
  const t = json as Partial<ValueTable> | null;
  if (!t || typeof t.version !== 'string' || t.currency !== 'USD' || !Array.isArray(t.unitValues)) return fail('needs version, currency USD and unitValues');
  const seen = new Set<string>();
  const unitValues = t.unitValues.map((u, i) => {
    if (!MEASURE_IDS.has(u?.measure)) fail(`unitValues[${i}].measure must be one of ${[...MEASURE_IDS].join(', ')}, got ${String(u?.measure)}`);
    if (seen.has(u.measure)) fail(`unitValues[${i}]: ${u.measure} is valued twice`);
    seen.add(u.measure);
    if (u.usd !== null && !(typeof u.usd === 'number' && u.usd >= 0)) fail(`unitValues[${i}].usd must be US dollars >= 0 or null, got ${String(u.usd)}`);
    if (typeof u.rationale !== 'string' || u.rationale.length < 10 || typeof u.per !== 'string')
      fail(`unitValues[${i}] needs what it is per and its rationale`);
    return { measure: u.measure, usd: u.usd, per: u.per, rationale: u.rationale };
  });
  return { version: t.version, currency: 'USD', note: typeof t.note === 'string' ? t.note : '', unitValues };
}

const COMMUNITY = /^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$/;

/**
 * The community's events since `anchor` (its opening Monday) up to `lastDay`, each with its week
 * index (0 = the anchor's) and its actor's first week there.
 */
function weeklyEvents(communityId: string, anchor: Date, lastDay: string): string {
  if (!COMMUNITY.test(communityId)) throw new RangeError(`communityId must be 3-40 lowercase letters, digits or dashes, got ${communityId}`);
  const first = dayOf(anchor);
  return `community_events AS (
  SELECT event_type, actor_id, post_id, occurred_at, data, json_extract_scalar(data, '$.kind') AS kind,
    CAST(floor(date_diff('day', DATE '${first}', CAST(dt AS DATE)) / 7.0) AS INTEGER) AS week
  FROM ${DEDUPLICATED_VIEW}
  WHERE community_id = '${communityId}' AND dt BETWEEN '${first}' AND '${lastDay}'
), firsts AS (
  SELECT actor_id, min(week) AS first_week FROM community_events WHERE actor_id IS NOT NULL GROUP BY actor_id
), answers AS (
  SELECT post_id, min(week) AS answered_week FROM community_events
  WHERE event_type = 'answer.accepted' OR (event_type = 'desk.responded' AND kind = 'question')
  GROUP BY post_id
), weekly_events AS (
  SELECT e.week, e.event_type, e.actor_id, e.post_id, e.kind, e.data, f.first_week, a.answered_week
  FROM community_events e LEFT JOIN firsts f ON f.actor_id = e.actor_id LEFT JOIN answers a ON a.post_id = e.post_id
)`;
}

const column = (id: string): string => id.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** One row per week with events: `week` and a column per measured measure (snake_case of its id). */
export function weeklyMeasuresSql(communityId: string, anchor: Date, lastDay: string): string {
  const measured = MEASURES.filter((m) => m.sql);
  return `WITH ${weeklyEvents(communityId, anchor, lastDay)}
SELECT week, ${measured.map((m) => `${m.sql} AS ${column(m.id)}`).join(',\n  ')}
FROM weekly_events
GROUP BY week
ORDER BY week`;
}

/** Per week from `anchor`: the events of every community (the denominator of a community's event share). */
export function allCommunityEventsSql(anchor: Date, lastDay: string): string {
  const first = dayOf(anchor);
  return `SELECT CAST(floor(date_diff('day', DATE '${first}', CAST(dt AS DATE)) / 7.0) AS INTEGER) AS week, count(*) AS events
FROM ${DEDUPLICATED_VIEW}
WHERE community_id IS NOT NULL AND dt BETWEEN '${first}' AND '${lastDay}'
GROUP BY 1
ORDER BY 1`;
}

/** Every community's events in each of `weeks` weeks from `anchor`. */
export async function allCommunityEvents(lake: LakeSql, anchor: Date, weeks: number): Promise<number[]> {
  const lastDay = dayOf(new Date(anchor.getTime() + weeks * 7 * 86_400_000 - 86_400_000));
  const out = Array.from({ length: weeks }, () => 0);
  for (const row of await lake.query(allCommunityEventsSql(anchor, lastDay))) {
    const w = num(row.week);
    if (w >= 0 && w < weeks) out[w] = num(row.events);
  }
  return out;
}

/** Per cohort week: its new members and how many of them were active again 4 weeks later. */
export function cohortRetentionSql(communityId: string, anchor: Date, lastDay: string): string {
  return `WITH ${weeklyEvents(communityId, anchor, lastDay)}, actor_weeks AS (
  SELECT DISTINCT actor_id, week FROM community_events WHERE actor_id IS NOT NULL
)
SELECT f.first_week AS week, count(*) AS cohort, count(a.actor_id) AS retained
FROM firsts f LEFT JOIN actor_weeks a ON a.actor_id = f.actor_id AND a.week = f.first_week + 4
GROUP BY f.first_week
ORDER BY 1`;
}

/**
 * Per week: the members whose vote stood on an idea shipped that week. A vote stands when the
 * member's last vote event on the idea is idea.voted; a merged duplicate's standing votes count for
 * the idea it went into (its votes moved there: idea.merged, not idea.voted, tells that).
 */
export function shippedIdeaVotersSql(communityId: string, anchor: Date, lastDay: string): string {
  return `WITH ${weeklyEvents(communityId, anchor, lastDay)}, shipped AS (
  SELECT post_id, min(week) AS week FROM community_events
  WHERE event_type = 'idea.status-changed' AND json_extract_scalar(data, '$.to') = 'shipped'
  GROUP BY post_id
), merged_into AS (
  SELECT post_id AS from_post_id, max_by(json_extract_scalar(data, '$.into_post_id'), occurred_at) AS into_post_id
  FROM community_events WHERE event_type IN ('idea.merged', 'idea.unmerged') GROUP BY post_id
  HAVING max_by(event_type, occurred_at) = 'idea.merged'
), standing AS (
  SELECT post_id, actor_id FROM community_events
  WHERE event_type IN ('idea.voted', 'idea.unvoted') AND actor_id IS NOT NULL
  GROUP BY post_id, actor_id
  HAVING max_by(event_type, occurred_at) = 'idea.voted'
), votes AS (
  SELECT coalesce(m.into_post_id, v.post_id) AS post_id, v.actor_id
  FROM standing v LEFT JOIN merged_into m ON m.from_post_id = v.post_id
)
SELECT s.week, count(DISTINCT v.actor_id) AS voters
FROM shipped s JOIN votes v ON v.post_id = s.post_id
GROUP BY s.week
ORDER BY 1`;
}

/** Measures of one week: a number, or null when not known for that week (retention not yet due). */
export type WeekMeasures = Readonly<Partial<Record<MeasureId, number | null>>>;

/** Runs SQL on the lake: DuckDB locally, Athena in AWS. */
export interface LakeSql {
  /** The engine, named in the report. */
  readonly engine: string;
  query(sql: string): Promise<Record<string, unknown>[]>;
}

const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : typeof v === 'string' ? Number(v) : typeof v === 'number' ? v : 0);

/**
 * The measures of `weeks` weeks from `anchor`, from the lake. A cohort's retention is known once
 * its fourth week after has ended (`endedWeeks`: the weeks wholly before the report's end).
 */
export async function measureWeeks(lake: LakeSql, communityId: string, anchor: Date, weeks: number, endedWeeks: number): Promise<WeekMeasures[]> {
  const lastDay = dayOf(new Date(anchor.getTime() + weeks * 7 * 86_400_000 - 86_400_000));
  const [weekly, cohorts, voters] = await Promise.all([
    lake.query(weeklyMeasuresSql(communityId, anchor, lastDay)),
    lake.query(cohortRetentionSql(communityId, anchor, lastDay)),
    lake.query(shippedIdeaVotersSql(communityId, anchor, lastDay)),
  ]);
  const out: Record<string, number | null>[] = Array.from({ length: weeks }, () => ({
    ...Object.fromEntries(MEASURES.filter((m) => m.sql).map((m) => [m.id, m.nullable ? null : 0])),
    shippedIdeaVoters: 0,
  }));
  for (const row of weekly) {
    const target = out[num(row.week)];
    if (!target) continue;
    for (const m of MEASURES) {
      const value = row[column(m.id)];
      if (m.sql) target[m.id] = m.nullable && (value === null || value === undefined) ? null : num(value);
    }
  }
  for (const row of voters) {
    const target = out[num(row.week)];
    if (target) target.shippedIdeaVoters = num(row.voters);
  }
  for (let w = 0; w < weeks; w++) out[w]!.week4Retention = null;
  for (const row of cohorts) {
    const w = num(row.week);
    const cohort = num(row.cohort);
    if (out[w] && cohort > 0 && w + 4 < endedWeeks) out[w]!.week4Retention = num(row.retained) / cohort;
  }
  return out;
}

/** A week's value in money: each measured measure with a unit value, times it. */
export function moneyOf(measures: WeekMeasures, table: ValueTable): { usd: number; parts: { measure: MeasureId; units: number; usd: number }[] } {
  const parts = table.unitValues.flatMap((u) => {
    const units = measures[u.measure];
    return u.usd === null || units === undefined || units === null ? [] : [{ measure: u.measure, units, usd: units * u.usd }];
  });
  return { usd: parts.reduce((s, p) => s + p.usd, 0), parts };
}
