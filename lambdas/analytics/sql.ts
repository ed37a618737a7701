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
  'moderation-outcomes': {
    description: 'Moderation decisions in the window by reason and outcome',
    sql: (window) => `SELECT json_extract_scalar(data, '$.reason') AS reason, json_extract_scalar(data, '$.outcome') AS outcome, count(*) AS decisions
FROM ${DEDUPLICATED_VIEW}
WHERE event_type = 'moderation.decided' AND ${within(window)}
GROUP BY 1, 2
ORDER BY 3 DESC, 1, 2`,
  },
};
