/**
 * Producers of the analytics queue: committed table writes (via the stream) and the apps' engagement
 * events (via POST /v1/events). Both end up as the same envelope on the same queue.
 */
import type { Caller } from '../domain/caller';
import { SCHEMA_VERSION, type EventEnvelope } from './envelope';
import { toDomainEvent, type TableChange } from './domain-events';
import { ClientEvent, MAX_CLOCK_SKEW_SECONDS, MAX_EVENT_AGE_DAYS, type ClientEventResults } from './event-schemas';
import { eventMessage, rejectedMessage } from './messages';
import type { OutgoingMessage, PublisherDeps } from './ports';

/**
 * Publishes the events of a batch of committed writes, in stream order. Answers the position of
 * the first change whose event the queue did not take (the stream must deliver it and everything
 * after it again), or undefined when all are published. Redelivered changes keep their event ids.
 */
export async function publishChanges(deps: PublisherDeps, changes: readonly TableChange[]): Promise<number | undefined> {
  const receivedAt = deps.clock();
  const positionOf = new Map<string, number>();
  const messages: OutgoingMessage[] = [];
  changes.forEach((change, position) => {
    const event = toDomainEvent(change, receivedAt);
    if (!event) return;
    positionOf.set(event.event_id, position);
    messages.push(eventMessage(event));
  });
  if (messages.length === 0) return undefined;
  const failed = await deps.queue.send(messages);
  if (failed.length === 0) return undefined;
  return Math.min(...failed.map((id) => positionOf.get(id) ?? 0));
}

const DAY_MS = 24 * 3600 * 1000;

/** Why an app's event cannot be taken, or undefined when it can. */
function problemOf(candidate: unknown, now: Date): { reason: string; event?: ClientEvent } {
  const parsed = ClientEvent.safeParse(candidate);
  if (!parsed.success) {
    return { reason: parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ') };
  }
  const event = parsed.data;
  const at = Date.parse(event.occurredAt);
  if (at > now.getTime() + MAX_CLOCK_SKEW_SECONDS * 1000)
    return { reason: `occurredAt ${event.occurredAt} is in the future (at most ${MAX_CLOCK_SKEW_SECONDS} s ahead of ${now.toISOString()} is accepted)` };
  if (at < now.getTime() - MAX_EVENT_AGE_DAYS * DAY_MS) return { reason: `occurredAt ${event.occurredAt} is more than ${MAX_EVENT_AGE_DAYS} days old` };
  return { reason: '', event };
}

/** An app's event in the envelope: the actor is the token's subject, never anything the app says. */
export function toClientEnvelope(event: ClientEvent, caller: Caller, receivedAt: Date): EventEnvelope {
  const common = {
    event_id: event.eventId,
    event_type: event.type,
    schema_version: SCHEMA_VERSION,
    occurred_at: new Date(event.occurredAt).toISOString(),
    received_at: receivedAt.toISOString(),
    actor_id: caller.memberId,
    community_id: event.communityId ?? null,
  } as const;
  switch (event.type) {
    case 'post.viewed':
      return { ...common, post_id: event.postId, product_ids: [], data: { source: event.source ?? null, dwell_ms: event.dwellMs ?? null } };
    case 'product-link.clicked':
      return { ...common, post_id: event.postId, product_ids: [event.productId], data: { position: event.position ?? null } };
    case 'search.performed':
      return { ...common, post_id: null, product_ids: [], data: { query_length: event.queryLength, result_count: event.resultCount } };
    case 'feed.scrolled':
      return { ...common, post_id: null, product_ids: event.productId ? [event.productId] : [], data: { feed: event.feed, items_seen: event.itemsSeen } };
  }
}

const eventIdOf = (candidate: unknown): string | null => {
  const id = (candidate as { eventId?: unknown } | null)?.eventId;
  return typeof id === 'string' && id.length <= 128 ? id : null;
};

/**
 * Validates each of the apps' events on its own and queues the valid ones. Rejected events are
 * queued too, marked with their reason, so the archiver keeps them under bad/ (never events/).
 */
export async function recordClientEvents(deps: PublisherDeps, caller: Caller, candidates: readonly unknown[]): Promise<ClientEventResults> {
  const now = deps.clock();
  const verdicts = candidates.map((candidate, index) => ({ index, candidate, eventId: eventIdOf(candidate), ...problemOf(candidate, now) }));
  const messages = verdicts.map(
    (v): OutgoingMessage =>
      v.event
        ? eventMessage(toClientEnvelope(v.event, caller, now))
        : rejectedMessage(`rejected-${v.index}`, { reason: v.reason, source: 'POST /v1/events', received_at: now.toISOString(), raw: v.candidate }),
  );
  // Two events with one id in the same batch: the lake keeps one anyway; both are accepted.
  const failed = new Set(await deps.queue.send(messages));
  return {
    results: verdicts.map((v, i) => {
      if (!v.event) return { index: v.index, eventId: v.eventId, accepted: false, reason: v.reason };
      if (failed.has(messages[i]!.id))
        return { index: v.index, eventId: v.eventId, accepted: false, reason: 'not queued (temporary failure): send it again with the same eventId' };
      return { index: v.index, eventId: v.eventId, accepted: true };
    }),
  };
}
