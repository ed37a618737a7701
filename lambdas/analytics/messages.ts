/**
 * What the analytics queue carries: items, each an event envelope or an event refused on the way in
 * (kept, with why, under bad/ in the lake rather than dropped), packed many to a message (below).
 */
import type { EventEnvelope } from './envelope';
import type { OutgoingMessage } from './ports';

/**
 * What is kept of an event refused on the way in: its position, ids and type, each null unless it
 * had the shape of one. Never the event as sent: its other values may be free text (a search query,
 * a name), which the lake never holds, bad/ included.
 */
export interface RejectedEventIds {
  readonly index: number;
  readonly event_id: string | null;
  readonly type: string | null;
  readonly post_id: string | null;
  readonly community_id: string | null;
  readonly product_id: string | null;
}

export interface RejectedEvent {
  readonly rejected: {
    readonly reason: string;
    readonly source: string;
    readonly received_at: string;
    readonly event: RejectedEventIds;
  };
}

export const eventMessage = (event: EventEnvelope): OutgoingMessage => ({
  id: event.event_id,
  body: JSON.stringify(event),
  routing: { type: event.event_type, community: event.community_id },
});

export const rejectedMessage = (id: string, rejected: RejectedEvent['rejected']): OutgoingMessage => ({
  id,
  body: JSON.stringify({ rejected } satisfies RejectedEvent),
});

/**
 * The packed message (format 2): many queue items (envelopes and refused events, as above) in one
 * SQS message, `{"v":2,"events":[item, ...]}`. Packing is what makes the lake pipeline cheap: SQS
 * bills per request (and per 64 KB), not per event. A message is still the unit of delivery, retry
 * and dead-lettering: the archiver stores all of its events or reports the whole message as failed,
 * and redrive moves it unchanged. Format 1 (one item, the body itself) is still read: such messages
 * may sit in the queue or the dead-letter queue from before packing.
 */
export const PACKED_FORMAT = 2;

/** The JSON around a packed message's items: `{"v":2,"events":[` and `]}`. */
const PACK_HEAD = `{"v":${PACKED_FORMAT},"events":[`;
const PACK_TAIL = ']}';
const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/** A packed message to send, and the ids of the items it carries (a failed send fails all of them). */
export interface PackedMessage extends OutgoingMessage {
  readonly itemIds: readonly string[];
}

/**
 * Packs `items` (each body one JSON value) in order into as few messages as `maxBytes` of UTF-8
 * allows. An item too large to share a message travels alone: the queue refuses it if it exceeds
 * the limit on its own, and its producer reports it as not queued.
 */
export function packMessages(items: readonly OutgoingMessage[], maxBytes: number): PackedMessage[] {
  const frame = utf8Bytes(PACK_HEAD) + utf8Bytes(PACK_TAIL);
  const packed: PackedMessage[] = [];
  let bodies: string[] = [];
  let ids: string[] = [];
  let bytes = frame;
  const close = () => {
    if (ids.length === 0) return;
    packed.push({ id: `packed-${packed.length}`, body: `${PACK_HEAD}${bodies.join(',')}${PACK_TAIL}`, itemIds: ids });
    bodies = [];
    ids = [];
    bytes = frame;
  };
  for (const item of items) {
    const itemBytes = utf8Bytes(item.body);
    // The comma before every item but the first.
    if (ids.length > 0 && bytes + 1 + itemBytes > maxBytes) close();
    bytes += itemBytes + (ids.length > 0 ? 1 : 0);
    bodies.push(item.body);
    ids.push(item.id);
  }
  close();
  return packed;
}

/** What a received message carries, in order, and its format (1: the body is the one item; 2: packed). */
export interface ReceivedItems {
  readonly format: 1 | typeof PACKED_FORMAT;
  readonly items: readonly unknown[];
}

/**
 * Unpacks a received message: a packed message's `events`, or the message itself (format 1). Throws,
 * saying what it found, when the body is not JSON (a SyntaxError) or not a format it reads.
 */
export function itemsOf(body: string): ReceivedItems {
  const parsed: unknown = JSON.parse(body);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed) || !('v' in parsed)) return { format: 1, items: [parsed] };
  const { v, events } = parsed as { v: unknown; events?: unknown };
  if (v !== PACKED_FORMAT) throw new Error(`message format ${JSON.stringify(v)} is not one this archiver reads (1: one event, ${PACKED_FORMAT}: packed)`);
  if (!Array.isArray(events))
    throw new Error(`a packed message (format ${PACKED_FORMAT}) holds an events array, got ${events === null ? 'null' : typeof events}`);
  return { format: PACKED_FORMAT, items: events };
}
