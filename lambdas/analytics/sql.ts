/**
 * The analysts' SQL, written once for both engines: DuckDB locally (over the synced lake folder) and
 * Athena (over the Glue table). Only the FROM differs: `events` is a view over read_parquet(...,
 * hive_partitioning = true) in DuckDB and the Glue table in Athena.
 */
import { LAKE_COLUMNS, PARTITION_COLUMNS } from './envelope';

export const DEDUPLICATED_VIEW = 'events_deduplicated';

const COLUMNS = [...LAKE_COLUMNS.map((c) => c.name), ...PARTITION_COLUMNS.map((c) => c.name)];

/**
 * One row per event_id (the first received): at-least-once delivery may store an event twice.
 * Plain SQL both engines run; columns listed (Athena has no `SELECT * EXCLUDE`).
 */
export const deduplicatedViewSql = (source = 'events'): string =>
  `CREATE OR REPLACE VIEW ${DEDUPLICATED_VIEW} AS
SELECT ${COLUMNS.join(', ')}
FROM (
  SELECT ${COLUMNS.join(', ')}, row_number() OVER (PARTITION BY event_id ORDER BY received_at) AS copy
  FROM ${source}
) WHERE copy = 1`;

/** `npm run analytics -- report <name>`: questions analysts ask every week. */
export const REPORTS: Readonly<Record<string, { readonly description: string; readonly sql: string }>> = {
  'daily-activity': {
    description: 'Events per community and day, by type (domain events without a community are joined to their post)',
    sql: `WITH posts AS (
  SELECT post_id, max(community_id) AS community_id FROM ${DEDUPLICATED_VIEW} WHERE event_type = 'post.created' GROUP BY post_id
)
SELECT e.dt AS day, coalesce(e.community_id, p.community_id) AS community_id, e.event_type, count(*) AS events, count(DISTINCT e.actor_id) AS members
FROM ${DEDUPLICATED_VIEW} e LEFT JOIN posts p ON p.post_id = e.post_id
GROUP BY 1, 2, 3
ORDER BY 1 DESC, 2, 3`,
  },
  'top-products': {
    description: 'Products by community activity over the last 7 days: posts, reviews and their average rating, comments, reactions, views',
    sql: `WITH post_products AS (
  SELECT post_id, product_id FROM ${DEDUPLICATED_VIEW} CROSS JOIN UNNEST(product_ids) AS t(product_id) WHERE event_type = 'post.created'
), activity AS (
  SELECT pp.product_id, e.event_type, json_extract_scalar(e.data, '$.kind') AS kind, CAST(json_extract_scalar(e.data, '$.rating') AS DOUBLE) AS rating
  FROM ${DEDUPLICATED_VIEW} e JOIN post_products pp ON pp.post_id = e.post_id
  WHERE e.dt >= CAST(current_date - INTERVAL '7' DAY AS VARCHAR)
    AND e.event_type IN ('post.created', 'comment.created', 'reaction.added', 'post.viewed')
)
SELECT product_id,
  count(*) AS interactions,
  count_if(event_type = 'post.created') AS posts,
  count_if(event_type = 'post.created' AND kind = 'review') AS reviews,
  round(avg(CASE WHEN event_type = 'post.created' AND kind = 'review' THEN rating END), 2) AS average_rating,
  count_if(event_type = 'comment.created') AS comments,
  count_if(event_type = 'reaction.added') AS reactions,
  count_if(event_type = 'post.viewed') AS views
FROM activity
GROUP BY 1
ORDER BY 2 DESC, 1
LIMIT 20`,
  },
  'most-discussed-products': {
    description: 'Products with the most posts, comments and reactions over the last 7 days',
    sql: `WITH post_products AS (
  SELECT post_id, product_id FROM ${DEDUPLICATED_VIEW} CROSS JOIN UNNEST(product_ids) AS t(product_id) WHERE event_type = 'post.created'
)
SELECT pp.product_id, count(*) AS interactions, count(DISTINCT e.post_id) AS posts
FROM ${DEDUPLICATED_VIEW} e JOIN post_products pp ON pp.post_id = e.post_id
WHERE e.event_type IN ('post.created', 'comment.created', 'reaction.added') AND e.dt >= CAST(current_date - INTERVAL '7' DAY AS VARCHAR)
GROUP BY 1
ORDER BY 2 DESC, 1
LIMIT 20`,
  },
  'worst-rated-products': {
    description: 'Products by average review rating over the last 7 days (at least one review)',
    sql: `SELECT product_id, count(*) AS reviews, round(avg(CAST(json_extract_scalar(data, '$.rating') AS DOUBLE)), 2) AS average_rating
FROM ${DEDUPLICATED_VIEW} CROSS JOIN UNNEST(product_ids) AS t(product_id)
WHERE event_type = 'post.created' AND json_extract_scalar(data, '$.kind') = 'review' AND e_dt_filter
GROUP BY 1
ORDER BY 3 ASC, 2 DESC
LIMIT 20`.replace('e_dt_filter', `dt >= CAST(current_date - INTERVAL '7' DAY AS VARCHAR)`),
  },
  'moderation-outcomes': {
    description: 'Moderation decisions by reason and outcome',
    sql: `SELECT json_extract_scalar(data, '$.reason') AS reason, json_extract_scalar(data, '$.outcome') AS outcome, count(*) AS decisions
FROM ${DEDUPLICATED_VIEW}
WHERE event_type = 'moderation.decided'
GROUP BY 1, 2
ORDER BY 3 DESC`,
  },
};
