/**
 * POST /v1/events: a batch of engagement events from the apps. The batch's shape is validated by the
 * route (a malformed batch is a 400); each event is then validated on its own, so one bad event
 * never costs the others (the answer says per event whether it was accepted and why not).
 *
 * Events carry ids, enums and counts only: a search event says how long the query was and how many
 * results it had, never the query (free text may hold anything, names included).
 */
import * as z from 'zod/mini';
import { CommunityId, ProductId, Ulid } from '../api/common-schemas';
import { CLIENT_EVENT_TYPES } from './envelope';

export const MAX_EVENTS_PER_BATCH = 100;
/**
 * Bounds of one event, checked (without recursion) before anything else reads it: every valid event
 * is one flat object of well under a kilobyte, so these refuse nothing valid, and an event nested
 * thousands of levels deep is refused alone instead of overflowing the stack of what would read it.
 */
export const MAX_EVENT_DEPTH = 4;
export const MAX_EVENT_CHARS = 4096;
/** How far in the past an app may date an event (offline apps send late), and how far in the future (clock skew). */
export const MAX_EVENT_AGE_DAYS = 7;
export const MAX_CLOCK_SKEW_SECONDS = 300;

/** A producer-chosen id, kept across retries: a UUID or a ULID. */
export const ClientEventId = z
  .string({ error: 'eventId must be a string' })
  .check(
    z.regex(
      /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9A-HJKMNP-TV-Z]{26})$/,
      'eventId must be a UUID or a ULID, the same on every retry',
    ),
  )
  .register(z.globalRegistry, { id: 'ClientEventId', example: '01JD6V8Z6M2M7Q3B8J2K4N5P6R' });

const base = {
  eventId: ClientEventId,
  occurredAt: z.iso
    .datetime({ offset: true, error: 'occurredAt must be an ISO 8601 date-time' })
    .register(z.globalRegistry, { description: `at most ${MAX_EVENT_AGE_DAYS} days in the past and ${MAX_CLOCK_SKEW_SECONDS} seconds in the future` }),
};
const count = (field: string, max: number) =>
  z.int(`${field} must be a whole number`).check(z.minimum(0, `${field} must be at least 0`), z.maximum(max, `${field} must be at most ${max}`));

export const PostViewed = z
  .strictObject({
    ...base,
    type: z.literal('post.viewed'),
    postId: Ulid,
    communityId: z.optional(CommunityId),
    source: z.optional(z.enum(['feed', 'search', 'product', 'member', 'link', 'notification'])),
    dwellMs: z.optional(count('dwellMs', 24 * 3600 * 1000)),
  })
  .register(z.globalRegistry, { id: 'PostViewedEvent' });

export const ProductLinkClicked = z
  .strictObject({
    ...base,
    type: z.literal('product-link.clicked'),
    postId: Ulid,
    productId: ProductId,
    communityId: z.optional(CommunityId),
    position: z.optional(count('position', 1000)),
  })
  .register(z.globalRegistry, { id: 'ProductLinkClickedEvent' });

export const SearchPerformed = z
  .strictObject({
    ...base,
    type: z.literal('search.performed'),
    communityId: z.optional(CommunityId),
    queryLength: count('queryLength', 1000),
    resultCount: count('resultCount', 1_000_000),
  })
  .register(z.globalRegistry, { id: 'SearchPerformedEvent' });

export const FeedScrolled = z
  .strictObject({
    ...base,
    type: z.literal('feed.scrolled'),
    feed: z.enum(['community', 'product', 'member']),
    communityId: z.optional(CommunityId),
    productId: z.optional(ProductId),
    itemsSeen: count('itemsSeen', 10_000),
  })
  .register(z.globalRegistry, { id: 'FeedScrolledEvent' });

export const ClientEvent = z.discriminatedUnion('type', [PostViewed, ProductLinkClicked, SearchPerformed, FeedScrolled]).register(z.globalRegistry, {
  id: 'ClientEvent',
  description:
    `one engagement event, validated on its own: one that breaks this schema, nests deeper than ${MAX_EVENT_DEPTH} levels or is larger than ` +
    `${MAX_EVENT_CHARS} characters as JSON, is dated out of bounds, or names no published post (or a community or product that post ` +
    'does not have) is rejected in its own result, and the other events of the batch go on',
});
export type ClientEvent = z.infer<typeof ClientEvent>;

// Every client event type the lake knows has a schema here, and no other.
const _exhaustive: readonly ClientEvent['type'][] = CLIENT_EVENT_TYPES;
void _exhaustive;

/**
 * The request: the batch is checked here (an array of 1-100 elements); each element is checked
 * against ClientEvent by the use case, so one bad event is rejected alone.
 */
export const ClientEventBatch = z.strictObject({
  events: z
    .array(
      z.unknown().register(z.globalRegistry, {
        description:
          `a ClientEvent; each is validated on its own: at most ${MAX_EVENT_DEPTH} levels of objects and arrays deep and ` +
          `${MAX_EVENT_CHARS} characters as JSON, then its schema, its time, and the post it names`,
      }),
      { error: 'events must be an array' },
    )
    .check(z.minLength(1, 'events must hold at least 1 event'), z.maxLength(MAX_EVENTS_PER_BATCH, `events must hold at most ${MAX_EVENTS_PER_BATCH} events`)),
});

/**
 * The batch as the document states it: what the route checks, and the schema each event is then
 * held to on its own (an event that breaks it is rejected alone, in its result, not the batch).
 */
export const ClientEventBatchContract = z
  .strictObject({
    events: z.array(ClientEvent).check(z.minLength(1), z.maxLength(MAX_EVENTS_PER_BATCH)),
  })
  .register(z.globalRegistry, { id: 'ClientEventBatch' });

export const ClientEventResult = z
  .object({
    index: z.int().register(z.globalRegistry, { description: 'position of the event in the request' }),
    eventId: z.nullable(z.string()).register(z.globalRegistry, { description: 'the event id, when one could be read' }),
    accepted: z.boolean(),
    reason: z.optional(z.string()).register(z.globalRegistry, {
      description:
        'why the event was rejected: it is too deep or too large; it breaks its schema (the fields named); its occurredAt is too old or in the future; ' +
        "its postId names no published post; its communityId is not the post's community; its productId is not linked by the post; " +
        'or a temporary failure (not checked or not queued: send it again with the same eventId)',
    }),
  })
  .register(z.globalRegistry, { id: 'ClientEventResult' });

export const ClientEventResults = z.object({ results: z.array(ClientEventResult) }).register(z.globalRegistry, { id: 'ClientEventResults' });
export type ClientEventResults = z.infer<typeof ClientEventResults>;
