/**
 * The analysts' SQL, written once for both engines: DuckDB locally (over the synced lake folder) and
 * Athena (over the Glue table). Only the FROM differs: `events` is a view over read_parquet(...,
 * hive_partitioning = true) in DuckDB and the Glue table in Athena.
 */
import { LAKE_COLUMNS, PARTITION_COLUMNS, POST_STATE_EVENT_TYPES } from './envelope';

export const DEDUPLICATED_VIEW = 'events_deduplicated';

const COLUMNS = [...LAKE_COLUMNS.map((c) => c.name), ...PARTITION_COLUMNS.map((c) => c.name)];

/**
 * One row per event_id (the first received): at-least-once delivery may store an event twice.
 * A copy of an event has its event's type and day (both follow from the event itself), so the
 * window also partitions by the Hive partitions: a filter on `event_type` or `dt` is then pushed
 * below the window, and a report reads only its window's files (test/integration/lake-reports.test.ts).
 * Plain SQL both engines run; columns listed (Athena has no `SELECT * EXCLUDE`).
 */
export const deduplicatedViewSql = (source = 'events'): string =>
  `CREATE OR REPLACE VIEW ${DEDUPLICATED_VIEW} AS
SELECT ${COLUMNS.join(', ')}
FROM (
  SELECT ${COLUMNS.join(', ')}, row_number() OVER (PARTITION BY event_type, dt, event_id ORDER BY received_at) AS copy
  FROM ${source}
) WHERE copy = 1`;

/** The days a report covers, both ends included, as the `dt` partition values (UTC YYYY-MM-DD). */
export interface ReportWindow {
  readonly from: string;
  readonly to: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The last `days` UTC days up to `today`, computed here and written into the SQL as string literals:
 * `current_date - INTERVAL '7' DAY` is a date in Trino but a timestamp in DuckDB, whose text then
 * compares differently with `dt`; literals mean the same in both engines.
 */
export function reportWindow(today: Date, days = 7): ReportWindow {
  if (!Number.isInteger(days) || days < 1 || days > 3660) throw new RangeError(`days must be a whole number from 1 to 3660, got ${days}`);
  const to = today.toISOString().slice(0, 10);
  const from = new Date(Date.parse(`${to}T00:00:00.000Z`) - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  return { from, to };
}

/** `dt` within the window: a partition filter both engines prune files with. */
const within = ({ from, to }: ReportWindow): string => {
  if (!DAY.test(from) || !DAY.test(to)) throw new RangeError(`a report window is two YYYY-MM-DD days, got ${from} to ${to}`);
  return `dt BETWEEN '${from}' AND '${to}'`;
};

const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * Posts written in the window, as they stand now: every post event carries the post's whole state and
 * a version that every change bumps, so the highest version is the post now. All of a post's events
 * follow its creation, so the window's files hold them all.
 */
const postsNow = (window: ReportWindow) => `posts_now AS (
  SELECT post_id,
    max_by(product_ids, version) AS product_ids,
    max_by(kind, version) AS kind,
    max_by(status, version) AS status,
    max_by(rating, version) AS rating
  FROM (
    SELECT post_id, event_type, product_ids, json_extract_scalar(data, '$.kind') AS kind, json_extract_scalar(data, '$.status') AS status,
      CAST(json_extract_scalar(data, '$.rating') AS DOUBLE) AS rating, CAST(json_extract_scalar(data, '$.version') AS INTEGER) AS version
    FROM ${DEDUPLICATED_VIEW}
    WHERE event_type IN (${list(POST_STATE_EVENT_TYPES)}) AND ${within(window)}
  ) post_events
  GROUP BY post_id
  HAVING count_if(event_type = 'post.created') > 0
), published_products AS (
  SELECT post_id, product_id, kind, rating FROM posts_now CROSS JOIN UNNEST(product_ids) AS t(product_id) WHERE status = 'published'
)`;

/**
 * Views as reports count them: at most one per member, post and UTC day (`dt`), however often the
 * app reports the same member looking at the same post that day.
 */
const memberViews = (window: ReportWindow) =>
  `SELECT DISTINCT dt, community_id, post_id, actor_id FROM ${DEDUPLICATED_VIEW} WHERE event_type = 'post.viewed' AND ${within(window)}`;

/**
 * Per post, its comments standing now (published, not deleted) and its reactions standing now. No
 * ordering by time is needed: each comment event says whether it made the comment visible (+1) or
 * not (-1); a member's reaction alternates added, removed, so adds minus removals is what stands.
 */
const engagementNow = (window: ReportWindow) => `comments_now AS (
  SELECT post_id, sum(CASE
      WHEN event_type = 'comment.created' THEN IF(json_extract_scalar(data, '$.status') = 'published', 1, 0)
      WHEN event_type = 'comment.deleted' THEN IF(json_extract_scalar(data, '$.status') = 'published', -1, 0)
      ELSE IF(json_extract_scalar(data, '$.status') = 'published', 1, 0) - IF(json_extract_scalar(data, '$.status_before') = 'published', 1, 0)
    END) AS comments
  FROM ${DEDUPLICATED_VIEW}
  WHERE event_type IN ('comment.created', 'comment.deleted', 'comment.published', 'comment.unpublished') AND ${within(window)}
  GROUP BY post_id
), reactions_now AS (
  SELECT post_id, count_if(event_type = 'reaction.added') - count_if(event_type = 'reaction.removed') AS reactions
  FROM ${DEDUPLICATED_VIEW}
  WHERE event_type IN ('reaction.added', 'reaction.removed') AND ${within(window)}
  GROUP BY post_id
), views AS (
  SELECT post_id, count(*) AS views
  FROM (${memberViews(window)}) member_views
  GROUP BY post_id
)`;

/**
 * Ideas written in the window, each with its owner team now (its last assignment; `(unassigned)`),
 * when it first reached each status, and its status now (its last move; open if it never moved).
 */
const ideaLifecycles = (window: ReportWindow) => `ideas AS (
  SELECT post_id, min(occurred_at) AS opened_at
  FROM ${DEDUPLICATED_VIEW}
  WHERE event_type = 'post.created' AND json_extract_scalar(data, '$.kind') = 'idea' AND ${within(window)}
  GROUP BY post_id
), moves AS (
  SELECT post_id, json_extract_scalar(data, '$.to') AS status, occurred_at
  FROM ${DEDUPLICATED_VIEW}
  WHERE event_type = 'idea.status-changed' AND ${within(window)}
), teams AS (
  SELECT post_id, max_by(json_extract_scalar(data, '$.team'), occurred_at) AS team
  FROM ${DEDUPLICATED_VIEW}
  WHERE event_type = 'idea.assigned' AND ${within(window)}
  GROUP BY post_id
), idea_lifecycles AS (
  SELECT i.post_id, coalesce(t.team, '(unassigned)') AS team, i.opened_at,
    min(CASE WHEN m.status = 'under-review' THEN m.occurred_at END) AS reviewed_at,
    min(CASE WHEN m.status = 'planned' THEN m.occurred_at END) AS planned_at,
    min(CASE WHEN m.status = 'shipped' THEN m.occurred_at END) AS shipped_at,
    coalesce(max_by(m.status, m.occurred_at), 'open') AS status_now
  FROM ideas i
  LEFT JOIN moves m ON m.post_id = i.post_id
  LEFT JOIN teams t ON t.post_id = i.post_id
  GROUP BY i.post_id, t.team, i.opened_at
)`;

/** p50 and p90 of the hours from one milestone to the next, over the ideas that reached both. */
const leadTime = (from: string, to: string, name: string) =>
  ['0.5', '0.9'].map((p) => `round(approx_percentile(date_diff('minute', ${from}, ${to}) / 60.0, ${p}), 1) AS ${name}_p${Number(p) * 100}_h`).join(',\n  ');

export interface Report {
  readonly description: string;
  /** The report's SQL over the given window of days. */
  readonly sql: (window: ReportWindow) => string;
}

/** `npm run analytics -- report <name> [--days N]`: questions analysts ask every week. */
export const REPORTS: Readonly<Record<string, Report>> = {
  'daily-activity': {
    description: 'Events per community and day, by type, over the window (views: at most one per member and post a day)',
    // Every event counts once (its event_id), except views: one per member, post and day (its post_id).
    sql: (window) => `SELECT dt AS day, community_id, event_type, count(*) AS events, count(DISTINCT actor_id) AS members
FROM (
  SELECT DISTINCT dt, community_id, event_type, actor_id, IF(event_type = 'post.viewed', post_id, event_id) AS counted
  FROM ${DEDUPLICATED_VIEW}
  WHERE ${within(window)}
) counted_events
GROUP BY 1, 2, 3
ORDER BY 1 DESC, 2, 3`,
  },
  'top-products': {
    description:
      'Products of the posts written in the window, as they stand now: published posts and reviews, average rating, standing comments and reactions, views',
    sql: (window) => `WITH ${postsNow(window)}, ${engagementNow(window)}
SELECT pp.product_id,
  count(*) + sum(coalesce(c.comments, 0)) + sum(coalesce(r.reactions, 0)) + sum(coalesce(v.views, 0)) AS interactions,
  count(*) AS posts,
  count_if(pp.kind = 'review') AS reviews,
  round(avg(CASE WHEN pp.kind = 'review' THEN pp.rating END), 2) AS average_rating,
  sum(coalesce(c.comments, 0)) AS comments,
  sum(coalesce(r.reactions, 0)) AS reactions,
  sum(coalesce(v.views, 0)) AS views
FROM published_products pp
LEFT JOIN comments_now c ON c.post_id = pp.post_id
LEFT JOIN reactions_now r ON r.post_id = pp.post_id
LEFT JOIN views v ON v.post_id = pp.post_id
GROUP BY 1
ORDER BY 2 DESC, 1
LIMIT 20`,
  },
  'most-discussed-products': {
    description: 'Products of the posts written in the window, by standing comments and reactions on their published posts',
    sql: (window) => `WITH ${postsNow(window)}, ${engagementNow(window)}
SELECT pp.product_id, sum(coalesce(c.comments, 0)) + sum(coalesce(r.reactions, 0)) AS interactions, count(*) AS posts
FROM published_products pp
LEFT JOIN comments_now c ON c.post_id = pp.post_id
LEFT JOIN reactions_now r ON r.post_id = pp.post_id
GROUP BY 1
ORDER BY 2 DESC, 1
LIMIT 20`,
  },
  'worst-rated-products': {
    description: 'Products by the average rating of the reviews written in the window that are published now (at least one)',
    sql: (window) => `WITH ${postsNow(window)}
SELECT product_id, count(*) AS reviews, round(avg(rating), 2) AS average_rating
FROM published_products
WHERE kind = 'review'
GROUP BY 1
ORDER BY 3 ASC, 2 DESC, 1
LIMIT 20`,
  },
  'response-times': {
    description:
      "Time to first staff response per community, kind and week (Monday): responded, met, missed, attainment, p50/p90 (nearest rank over the wait's 5 % bucket, as GET /v1/desk/stats computes them)",
    sql: (window) => `WITH responses AS (
  SELECT community_id,
    json_extract_scalar(data, '$.kind') AS kind,
    CAST(date_trunc('week', occurred_at) AS DATE) AS week,
    CAST(json_extract_scalar(data, '$.wait_bucket') AS BIGINT) AS wait_bucket,
    json_extract_scalar(data, '$.met') = 'true' AS met
  FROM ${DEDUPLICATED_VIEW}
  WHERE event_type IN ('desk.responded', 'desk.closed') AND ${within(window)}
), ranked AS (
  SELECT *,
    row_number() OVER (PARTITION BY community_id, kind, week ORDER BY wait_bucket) AS position,
    count(*) OVER (PARTITION BY community_id, kind, week) AS in_group
  FROM responses
)
SELECT CAST(week AS VARCHAR) AS week, community_id, kind,
  count(*) AS responded,
  count_if(met) AS met,
  count_if(NOT met) AS missed,
  round(100.0 * count_if(met) / count(*), 2) AS attainment_percent,
  min(CASE WHEN position >= ceil(0.5 * in_group) THEN wait_bucket END) AS p50_seconds,
  min(CASE WHEN position >= ceil(0.9 * in_group) THEN wait_bucket END) AS p90_seconds
FROM ranked
GROUP BY 1, 2, 3
ORDER BY 1 DESC, 2, 3`,
  },
  'idea-pipeline': {
    description:
      'Per owner team: ideas written in the window, how many wait in each status now, and lead times in hours (p50 / p90) from open to under-review to planned to shipped',
    sql: (window) => `WITH ${ideaLifecycles(window)}
SELECT team, count(*) AS ideas,
  count_if(status_now = 'open') AS waiting_open,
  count_if(status_now = 'under-review') AS waiting_under_review,
  count_if(status_now = 'planned') AS waiting_planned,
  count_if(status_now = 'shipped') AS shipped,
  count_if(status_now IN ('declined', 'merged')) AS closed_otherwise,
  ${leadTime('opened_at', 'reviewed_at', 'open_to_review')},
  ${leadTime('reviewed_at', 'planned_at', 'review_to_planned')},
  ${leadTime('planned_at', 'shipped_at', 'planned_to_shipped')},
  ${leadTime('opened_at', 'shipped_at', 'open_to_shipped')}
FROM idea_lifecycles
GROUP BY team
ORDER BY team`,
  },
  'voter-return': {
    description:
      "Per idea shipped in the window: its voters (merged duplicates' voters included), and the share of them active in the community in the 30 days before it shipped and in the 30 days after (run it with --days of at least 60)",
    sql: (window) => `WITH shipped AS (
  SELECT post_id, min_by(community_id, occurred_at) AS community_id, min(occurred_at) AS shipped_at
  FROM ${DEDUPLICATED_VIEW}
  WHERE event_type = 'idea.status-changed' AND json_extract_scalar(data, '$.to') = 'shipped' AND ${within(window)}
  GROUP BY post_id
), merged_into AS (
  SELECT post_id AS from_post_id, json_extract_scalar(data, '$.into_post_id') AS post_id
  FROM ${DEDUPLICATED_VIEW}
  WHERE event_type = 'idea.merged' AND ${within(window)}
), votes AS (
  SELECT DISTINCT post_id, actor_id FROM (
    SELECT post_id, actor_id FROM ${DEDUPLICATED_VIEW} WHERE event_type = 'idea.voted' AND ${within(window)}
    UNION ALL
    SELECT m.post_id, v.actor_id FROM ${DEDUPLICATED_VIEW} v JOIN merged_into m ON m.from_post_id = v.post_id
    WHERE v.event_type = 'idea.voted' AND ${within(window)}
  ) all_votes
), activity AS (
  SELECT actor_id, community_id, post_id, event_type, occurred_at FROM ${DEDUPLICATED_VIEW}
  WHERE actor_id IS NOT NULL AND ${within(window)}
), voter_activity AS (
  SELECT s.post_id, v.actor_id,
    count_if(date_diff('second', a.occurred_at, s.shipped_at) BETWEEN 1 AND ${30 * 86_400}) > 0 AS active_before,
    count_if(date_diff('second', s.shipped_at, a.occurred_at) BETWEEN 0 AND ${30 * 86_400}) > 0 AS active_after
  FROM shipped s
  JOIN votes v ON v.post_id = s.post_id
  LEFT JOIN activity a ON a.actor_id = v.actor_id AND a.community_id = s.community_id
    -- Voting for this idea is what made them a voter, not a return.
    AND NOT (a.post_id = s.post_id AND a.event_type IN ('idea.voted', 'idea.unvoted'))
  GROUP BY s.post_id, v.actor_id
)
SELECT s.post_id, s.community_id, s.shipped_at, count(va.actor_id) AS voters,
  count_if(va.active_before) AS active_before, count_if(va.active_after) AS active_after,
  round(CAST(count_if(va.active_before) AS DOUBLE) / nullif(count(va.actor_id), 0), 3) AS share_before,
  round(CAST(count_if(va.active_after) AS DOUBLE) / nullif(count(va.actor_id), 0), 3) AS share_after
FROM shipped s LEFT JOIN voter_activity va ON va.post_id = s.post_id
GROUP BY s.post_id, s.community_id, s.shipped_at
ORDER BY s.shipped_at, s.post_id`,
  },
  'moderation-outcomes': {
    description: 'Moderation decisions in the window by reason and outcome',
    sql: (window) => `SELECT json_extract_scalar(data, '$.reason') AS reason, json_extract_scalar(data, '$.outcome') AS outcome, count(*) AS decisions
FROM ${DEDUPLICATED_VIEW}
WHERE event_type = 'moderation.decided' AND ${within(window)}
GROUP BY 1, 2
ORDER BY 3 DESC, 1, 2`,
  },
};
