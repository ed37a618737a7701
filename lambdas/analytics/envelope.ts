/**
 * The one event envelope, defined once: the zod schema the archiver validates with, the Parquet
 * schema it writes, and the Glue table's columns (lib/constructs/analytics-lake.ts) all come from
 * LAKE_COLUMNS below, so the lake's writer and its catalogue cannot drift.
 *
 * `event_type` and `dt` are not stored in the files: they are the Hive partitions of the object key
 * (events/v1/event_type=<type>/dt=YYYY-MM-DD/…), which Athena (partition projection) and DuckDB
 * (hive_partitioning) both turn back into columns.
 */
import * as z from 'zod/mini';
import '../api/zod-english';

/** Bumped when the envelope's columns change incompatibly; also the `v1` of the object prefix. */
export const SCHEMA_VERSION = 1;
export const EVENTS_PREFIX = `events/v${SCHEMA_VERSION}/`;
export const BAD_PREFIX = 'bad/';

/** Domain events, derived from the table's stream (lambdas/analytics/domain-events.ts). */
export const DOMAIN_EVENT_TYPES = [
  'community.created',
  'post.created',
  'post.edited',
  'post.deleted',
  'post.published',
  'post.unpublished',
  'idea.status-changed',
  'idea.voted',
  'idea.unvoted',
  'idea.merged',
  'idea.unmerged',
  'idea.assigned',
  'comment.created',
  'comment.deleted',
  'comment.published',
  'comment.unpublished',
  'reaction.added',
  'reaction.removed',
  'member.joined',
  'report.filed',
  'moderation.decided',
  'moderation.claimed',
  'moderation.lease-extended',
  'moderation.released',
  'moderation.lease-expired',
  'answer.accepted',
  'desk.entered',
  'desk.responded',
  'desk.closed',
  'brand-reply.posted',
  'brand-reply.edited',
  'brand-reply.withdrawn',
  'member.sanctioned',
  'member.sanction-lifted',
  'member.appeal-decided',
] as const;

/** Every event that carries a post's whole state (status, kind, rating, version): its latest version is the post now. */
export const POST_STATE_EVENT_TYPES = [
  'post.created',
  'post.edited',
  'post.published',
  'post.unpublished',
  'post.deleted',
  'idea.status-changed',
  'answer.accepted',
] as const;
/** Engagement events the apps send to POST /v1/events (lambdas/analytics/event-schemas.ts). */
export const CLIENT_EVENT_TYPES = ['post.viewed', 'product-link.clicked', 'search.performed', 'feed.scrolled'] as const;
/**
 * Every event type the lake knows: the Glue table's partition projection enumerates these, so a new
 * type is added here (and nowhere else in the catalogue).
 */
export const EVENT_TYPES = [...DOMAIN_EVENT_TYPES, ...CLIENT_EVENT_TYPES] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Ids: stream record ids, client UUIDs/ULIDs; no spaces, nothing that needs escaping in SQL. */
const Id = z.string().check(z.regex(/^[A-Za-z0-9:._-]{1,128}$/, 'must be 1-128 letters, digits, colons, dots, dashes or underscores'));
/** A string of 1 to max characters, or null. */
const optionalId = (max: number) => z.nullable(z.string().check(z.minLength(1), z.maxLength(max)));

export const EventEnvelope = z.strictObject({
  event_id: Id,
  event_type: z.enum(EVENT_TYPES),
  schema_version: z.literal(SCHEMA_VERSION),
  occurred_at: z.iso.datetime(),
  received_at: z.iso.datetime(),
  /** Pseudonymous member id (the JWT `sub`), never an e-mail or a name; null when unknown. */
  actor_id: optionalId(128),
  community_id: optionalId(64),
  post_id: optionalId(64),
  product_ids: z.array(z.string().check(z.minLength(1), z.maxLength(64))).check(z.maxLength(100)),
  /** Type-specific fields: ids, enums, counts; never free text. */
  data: z.record(z.string(), z.unknown()),
});
export type EventEnvelope = z.infer<typeof EventEnvelope>;

/** A column of the lake's files, with its Parquet and its Glue (Hive DDL) type. */
export interface LakeColumn {
  readonly name: keyof EventEnvelope;
  readonly kind: 'string' | 'int' | 'timestamp' | 'string-list' | 'json';
  readonly required: boolean;
  readonly comment: string;
}

export const LAKE_COLUMNS: readonly LakeColumn[] = [
  { name: 'event_id', kind: 'string', required: true, comment: 'Set by the producer, kept across retries: deduplicate by it' },
  { name: 'schema_version', kind: 'int', required: true, comment: 'Envelope version' },
  { name: 'occurred_at', kind: 'timestamp', required: true, comment: 'When it happened (UTC)' },
  { name: 'received_at', kind: 'timestamp', required: true, comment: 'When Chorus received it (UTC)' },
  { name: 'actor_id', kind: 'string', required: false, comment: 'Pseudonymous member id (JWT sub)' },
  { name: 'community_id', kind: 'string', required: false, comment: 'Community, when known' },
  { name: 'post_id', kind: 'string', required: false, comment: 'Post, when the event concerns one' },
  { name: 'product_ids', kind: 'string-list', required: false, comment: 'Products (SKUs) concerned' },
  { name: 'data', kind: 'json', required: false, comment: 'Type-specific fields as JSON' },
];

/** The partition columns, in key order. */
export const PARTITION_COLUMNS = [
  { name: 'event_type', comment: 'Event type, e.g. post.created' },
  { name: 'dt', comment: 'UTC day of occurred_at, YYYY-MM-DD' },
] as const;

/** Hive DDL type of a column, as Glue and Athena declare it. */
export const glueTypeOf = (column: LakeColumn): string =>
  ({ string: 'string', int: 'int', timestamp: 'timestamp', 'string-list': 'array<string>', json: 'string' })[column.kind];

/** The UTC day partition of an ISO timestamp. */
export const dayOf = (iso: string): string => new Date(iso).toISOString().slice(0, 10);
