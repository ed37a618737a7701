/**
 * What the notifications queue carries: the domain-events topic's messages (raw delivery, so the
 * body is the publisher's packed message, lambdas/analytics/messages.ts), and the notifier's own
 * fan-out pages (`{"v":"fan-out-page/1", ...}`), which only the notifier sends.
 */
import { itemsOf } from '../analytics/messages';
import type { FanOutPage, NotifierEvent } from './ports';

export const PAGE_FORMAT = 'fan-out-page/1';

export const pageMessage = (page: FanOutPage): string => JSON.stringify({ v: PAGE_FORMAT, ...page });

export type NotifierMessage = { readonly kind: 'events'; readonly events: readonly NotifierEvent[] } | { readonly kind: 'page'; readonly page: FanOutPage };

type Raw = Record<string, unknown>;
const isObject = (value: unknown): value is Raw => typeof value === 'object' && value !== null && !Array.isArray(value);
const string = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** An envelope as the notifier reads it; undefined for what is not one (a refused client event). */
export function eventOf(item: unknown): NotifierEvent | undefined {
  if (!isObject(item)) return undefined;
  const eventId = string(item.event_id);
  const type = string(item.event_type);
  const occurredAt = string(item.occurred_at);
  if (!eventId || !type || !occurredAt) return undefined;
  return {
    eventId,
    type,
    occurredAt,
    actorId: string(item.actor_id),
    communityId: string(item.community_id),
    postId: string(item.post_id),
    productIds: Array.isArray(item.product_ids) ? item.product_ids.filter((p): p is string => typeof p === 'string') : [],
    data: isObject(item.data) ? item.data : {},
  };
}

/** The event a page carries (the notifier's own camelCase form), checked field by field. */
function notifierEventOf(value: unknown): NotifierEvent | undefined {
  if (!isObject(value)) return undefined;
  const { eventId, type, occurredAt, actorId, communityId, postId, productIds, data } = value;
  if (!string(eventId) || !string(type) || !string(occurredAt) || !isObject(data) || !Array.isArray(productIds)) return undefined;
  return {
    eventId: eventId as string,
    type: type as string,
    occurredAt: occurredAt as string,
    actorId: string(actorId),
    communityId: string(communityId),
    postId: string(postId),
    productIds: productIds.filter((p): p is string => typeof p === 'string'),
    data,
  };
}

/** Reads a message body; throws, saying what it found, on one it cannot read (it goes to the DLQ after its retries). */
export function readMessage(body: string): NotifierMessage {
  const parsed: unknown = JSON.parse(body);
  if (isObject(parsed) && parsed.v === PAGE_FORMAT) {
    const { v: _, ...page } = parsed;
    const event = notifierEventOf(page.event);
    const source = page.source as FanOutPage['source'] | undefined;
    if (!event || !isObject(source) || typeof page.cursor !== 'string' || typeof page.type !== 'string' || !Array.isArray(page.exclude)) {
      throw new Error(`a ${PAGE_FORMAT} message without its event, type, source, cursor or exclude list`);
    }
    return { kind: 'page', page: { event, type: page.type, source, cursor: page.cursor, exclude: page.exclude.filter((m) => typeof m === 'string') } };
  }
  const { items } = itemsOf(body);
  return { kind: 'events', events: items.map(eventOf).filter((e): e is NotifierEvent => e !== undefined) };
}
