/**
 * A producer of the analytics queue: the apps' engagement events (POST /v1/events), each checked on
 * its own and against the post it names, then queued in the same envelope as domain events
 * (publish.ts, the stream's producer).
 */
import * as z from 'zod/mini';
import { CommunityId, ProductId, Ulid } from '../api/common-schemas';
import type { Caller } from '../domain/caller';
import { describeBreach, jsonBreach } from '../domain/json-bounds';
import { CLIENT_EVENT_TYPES, SCHEMA_VERSION, type EventEnvelope } from './envelope';
import {
  ClientEvent,
  ClientEventId,
  MAX_CLOCK_SKEW_SECONDS,
  MAX_EVENT_AGE_DAYS,
  MAX_EVENT_CHARS,
  MAX_EVENT_DEPTH,
  type ClientEventResults,
} from './event-schemas';
import { eventMessage, rejectedMessage, type RejectedEventIds } from './messages';
import type { ClientEventDeps, OutgoingMessage, PostFacts } from './ports';

const DAY_MS = 24 * 3600 * 1000;

type Verdict = { readonly reason: string; readonly event?: undefined } | { readonly reason?: undefined; readonly event: ClientEvent };

/** Names an app may send as field names are echoed in a reason; anything else may be free text, so it is not. */
const fieldName = (key: string): string => (/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(key) ? key : '(a field whose name is not a plain name)');

const issueText = (issue: z.core.$ZodIssue): string => {
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  if (issue.code === 'unrecognized_keys') return `${where}unrecognized field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map(fieldName).join(', ')}`;
  return `${where}${issue.message}`;
};

/** Why an app's event cannot be taken on its own (before the posts it names are read), or the event. */
function verdictOf(candidate: unknown, now: Date): Verdict {
  // First, and without recursion: nothing below may meet a value nested too deep for its stack.
  const breach = jsonBreach(candidate, { maxDepth: MAX_EVENT_DEPTH, maxChars: MAX_EVENT_CHARS });
  if (breach) return { reason: `the event ${describeBreach(breach)}; a valid event is one flat object` };
  const parsed = ClientEvent.safeParse(candidate);
  if (!parsed.success) return { reason: parsed.error.issues.map(issueText).join('; ') };
  const event = parsed.data;
  const at = Date.parse(event.occurredAt);
  if (at > now.getTime() + MAX_CLOCK_SKEW_SECONDS * 1000)
    return { reason: `occurredAt ${event.occurredAt} is in the future (at most ${MAX_CLOCK_SKEW_SECONDS} s ahead of ${now.toISOString()} is accepted)` };
  if (at < now.getTime() - MAX_EVENT_AGE_DAYS * DAY_MS) return { reason: `occurredAt ${event.occurredAt} is more than ${MAX_EVENT_AGE_DAYS} days old` };
  return { event };
}

/** Events that name a post: they are checked against it, and take its community and products from it. */
type PostEvent = Extract<ClientEvent, { postId: string }>;
const namesPost = (event: ClientEvent): event is PostEvent => 'postId' in event;

/** Why an event does not fit the post it names, or undefined when it does. */
function mismatchOf(event: PostEvent, post: PostFacts | undefined, unread: ReadonlySet<string>): string | undefined {
  if (unread.has(event.postId)) return 'not checked (temporary failure reading its post): send it again with the same eventId';
  // Held, rejected, deleted and unknown posts answer alike: the reason tells no one a hidden post exists.
  if (post?.status !== 'published') return `postId ${event.postId} names no published post`;
  if (event.communityId !== undefined && event.communityId !== post.communityId)
    return `communityId ${event.communityId} is not the community of post ${event.postId} (${post.communityId})`;
  if (event.type === 'product-link.clicked' && !post.productIds.includes(event.productId))
    return `productId ${event.productId} is not linked by post ${event.postId}`;
  return undefined;
}

/** An app's event in the envelope: the actor is the token's subject, never anything the app says; a post's community and products are the post's. */
export function toClientEnvelope(event: ClientEvent, caller: Caller, receivedAt: Date, post?: Pick<PostFacts, 'communityId' | 'productIds'>): EventEnvelope {
  const common = {
    event_id: event.eventId,
    event_type: event.type,
    schema_version: SCHEMA_VERSION,
    occurred_at: new Date(event.occurredAt).toISOString(),
    received_at: receivedAt.toISOString(),
    actor_id: caller.memberId,
    community_id: post?.communityId ?? event.communityId ?? null,
  } as const;
  switch (event.type) {
    case 'post.viewed':
      return {
        ...common,
        post_id: event.postId,
        product_ids: post ? [...post.productIds] : [],
        data: { source: event.source ?? null, dwell_ms: event.dwellMs ?? null },
      };
    case 'product-link.clicked':
      return { ...common, post_id: event.postId, product_ids: [event.productId], data: { position: event.position ?? null } };
    case 'search.performed':
      return { ...common, post_id: null, product_ids: [], data: { query_length: event.queryLength, result_count: event.resultCount } };
    case 'feed.scrolled':
      return { ...common, post_id: null, product_ids: event.productId ? [event.productId] : [], data: { feed: event.feed, items_seen: event.itemsSeen } };
  }
}

/** A top-level field of what the app sent, when it is a string of the id shape it should have; never free text. */
const idField = (candidate: unknown, field: string, shape: z.ZodMiniType<string>): string | null => {
  const value = candidate !== null && typeof candidate === 'object' && !Array.isArray(candidate) ? (candidate as Record<string, unknown>)[field] : undefined;
  return shape.safeParse(value).success ? (value as string) : null;
};

const EventType = z.enum(CLIENT_EVENT_TYPES);

/** What bad/ keeps of a refused event: its ids and type, each only when it has the shape of one. No other value. */
export const rejectedIdsOf = (candidate: unknown, index: number): RejectedEventIds => ({
  index,
  event_id: idField(candidate, 'eventId', ClientEventId),
  type: idField(candidate, 'type', EventType),
  post_id: idField(candidate, 'postId', Ulid),
  community_id: idField(candidate, 'communityId', CommunityId),
  product_id: idField(candidate, 'productId', ProductId),
});

/**
 * Validates each of the apps' events on its own, checks those that name a post against it (one read
 * of all the posts the batch names), and queues the valid ones. Rejected events are queued too,
 * as their reason and ids only, so the archiver keeps them under bad/ (never events/).
 */
export async function recordClientEvents(deps: ClientEventDeps, caller: Caller, candidates: readonly unknown[]): Promise<ClientEventResults> {
  const now = deps.clock();
  const first = candidates.map((candidate) => verdictOf(candidate, now));
  const named = [...new Set(first.flatMap((v) => (v.event && namesPost(v.event) ? [v.event.postId] : [])))];
  const { found, unread } = named.length > 0 ? await deps.posts.factsOf(named) : { found: [], unread: [] };
  const posts = new Map(found.map((post) => [post.postId, post]));
  const unreadIds = new Set(unread);
  const verdicts = first.map((v): Verdict & { post?: PostFacts } => {
    if (!v.event || !namesPost(v.event)) return v;
    const reason = mismatchOf(v.event, posts.get(v.event.postId), unreadIds);
    return reason ? { reason } : { event: v.event, post: posts.get(v.event.postId)! };
  });
  const messages = verdicts.map(
    (v, index): OutgoingMessage =>
      v.event
        ? eventMessage(toClientEnvelope(v.event, caller, now, v.post))
        : rejectedMessage(`rejected-${index}`, {
            reason: v.reason,
            source: 'POST /v1/events',
            received_at: now.toISOString(),
            event: rejectedIdsOf(candidates[index], index),
          }),
  );
  // Two events with one id in the same batch: the lake keeps one anyway; both are accepted.
  const failed = new Set(await deps.queue.send(messages));
  return {
    results: verdicts.map((v, index) => {
      const eventId = idField(candidates[index], 'eventId', ClientEventId);
      if (!v.event) return { index, eventId, accepted: false, reason: v.reason };
      if (failed.has(messages[index]!.id))
        return { index, eventId, accepted: false, reason: 'not queued (temporary failure): send it again with the same eventId' };
      return { index, eventId, accepted: true };
    }),
  };
}
