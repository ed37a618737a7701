/**
 * What the analytics queue carries: items, each an event envelope or an event refused on the way in
 * (kept, with why, under bad/ in the lake rather than dropped), packed many to a message (below).
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
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
 * The packed message: many queue items (envelopes and refused events, as above) in one SQS message.
 * Packing is what makes the lake pipeline cheap: SQS bills per request and per started 64 KB of
 * payload (a send by what it carries, a receive by what it returns), not per event. A message is
 * still the unit of delivery, retry and dead-lettering: the archiver stores all of its events or
 * reports the whole message as failed, and redrive moves it unchanged.
 *
 * Format 3 (written): `{"v":3,"deflate":"<base64>"}`, the items' JSON array compressed with raw
 * DEFLATE (node:zlib, level 9), so a client batch of 100 realistic events (~36 KB of JSON) travels
 * in ~5 KB, and ten such messages still fit one 64 KB chunk of a receive. Read, never written any
 * more: format 2 (`{"v":2,"events":[item, ...]}`, the items' JSON as is) and format 1 (one item, the
 * body itself); such messages may sit in a queue or a dead-letter queue from before.
 */
export const PACKED_FORMAT = 2;
export const COMPRESSED_FORMAT = 3;

/**
 * The JSON a compressed message may inflate to at most (the items' array). Producers stop packing
 * well below it (`packMessages`'s `maxItemBytes`); a body that inflates beyond it is not one of
 * theirs, and is refused rather than inflated without bound.
 */
export const MAX_INFLATED_BYTES = 4 * 1024 * 1024;

const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/** A packed message to send, and the ids of the items it carries (a failed send fails all of them). */
export interface PackedMessage extends OutgoingMessage {
  readonly itemIds: readonly string[];
}

/** The message body (format 3) of items whose bodies are each one JSON value. */
export const compressedBody = (bodies: readonly string[]): string =>
  JSON.stringify({ v: COMPRESSED_FORMAT, deflate: deflateRawSync(`[${bodies.join(',')}]`, { level: 9 }).toString('base64') });

export interface PackingLimits {
  /** UTF-8 bytes a message body may take, compressed and encoded: 65,536 is one billed chunk. */
  readonly maxMessageBytes: number;
  /** The JSON of a message's items before compression, at most (bounds the work and memory of packing and reading). */
  readonly maxItemBytes: number;
}

/**
 * Packs `items` (each body one JSON value) in order into as few compressed messages (format 3) as
 * the limits allow: items are gathered up to `maxItemBytes` of JSON, compressed, and a group whose
 * message would exceed `maxMessageBytes` is split in two until each fits. An item that does not fit
 * a message even alone travels alone: the queue refuses it if it exceeds the queue's own limit, and
 * its producer reports it as not queued.
 */
export function packMessages(items: readonly OutgoingMessage[], limits: PackingLimits): PackedMessage[] {
  const groups: OutgoingMessage[][] = [];
  let group: OutgoingMessage[] = [];
  // The array's JSON: its brackets, each item, a comma between two.
  let bytes = 2;
  for (const item of items) {
    const itemBytes = utf8Bytes(item.body) + (group.length > 0 ? 1 : 0);
    if (group.length > 0 && bytes + itemBytes > limits.maxItemBytes) {
      groups.push(group);
      group = [];
      bytes = 2 + itemBytes - 1;
    } else bytes += itemBytes;
    group.push(item);
  }
  if (group.length > 0) groups.push(group);

  const packed: PackedMessage[] = [];
  const pack = (group: readonly OutgoingMessage[]): void => {
    const body = compressedBody(group.map((item) => item.body));
    const bodyBytes = utf8Bytes(body);
    if (group.length > 1 && bodyBytes > limits.maxMessageBytes) {
      // Into as many parts as the excess says (compression is about even over realistic items), each checked again.
      const parts = Math.min(group.length, Math.max(2, Math.ceil(bodyBytes / limits.maxMessageBytes)));
      const size = Math.ceil(group.length / parts);
      for (let i = 0; i < group.length; i += size) pack(group.slice(i, i + size));
      return;
    }
    packed.push({ id: `packed-${packed.length}`, body, itemIds: group.map((item) => item.id) });
  };
  for (const g of groups) pack(g);
  return packed;
}

/** What a received message carries, in order, and its format (1: the body is the one item; 2: packed; 3: packed and compressed). */
export interface ReceivedItems {
  readonly format: 1 | typeof PACKED_FORMAT | typeof COMPRESSED_FORMAT;
  readonly items: readonly unknown[];
}

const READS = `1: one event, ${PACKED_FORMAT}: packed, ${COMPRESSED_FORMAT}: packed and compressed`;

/** The items of a compressed message's `deflate` field, or an error saying what it held instead. */
function inflated(deflate: unknown): unknown[] {
  if (typeof deflate !== 'string')
    throw new Error(
      `a compressed message (format ${COMPRESSED_FORMAT}) holds its items in a base64 deflate string, got ${deflate === null ? 'null' : typeof deflate}`,
    );
  let json: string;
  try {
    json = inflateRawSync(Buffer.from(deflate, 'base64'), { maxOutputLength: MAX_INFLATED_BYTES }).toString('utf8');
  } catch (error) {
    throw new Error(
      `a compressed message (format ${COMPRESSED_FORMAT}) does not inflate to at most ${MAX_INFLATED_BYTES} bytes of JSON: ${(error as Error).message}`,
    );
  }
  let items: unknown;
  try {
    items = JSON.parse(json);
  } catch {
    throw new Error(`a compressed message (format ${COMPRESSED_FORMAT}) inflates to ${utf8Bytes(json)} bytes that are not JSON`);
  }
  if (!Array.isArray(items))
    throw new Error(`a compressed message (format ${COMPRESSED_FORMAT}) inflates to an array of items, got ${items === null ? 'null' : typeof items}`);
  return items;
}

/**
 * Unpacks a received message: a compressed message's items, a packed message's `events`, or the
 * message itself (format 1). Throws, saying what it found, when the body is not JSON (a SyntaxError)
 * or not a format it reads.
 */
export function itemsOf(body: string): ReceivedItems {
  const parsed: unknown = JSON.parse(body);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed) || !('v' in parsed)) return { format: 1, items: [parsed] };
  const { v, events, deflate } = parsed as { v: unknown; events?: unknown; deflate?: unknown };
  if (v === COMPRESSED_FORMAT) return { format: COMPRESSED_FORMAT, items: inflated(deflate) };
  if (v !== PACKED_FORMAT) throw new Error(`message format ${JSON.stringify(v)} is not one this archiver reads (${READS})`);
  if (!Array.isArray(events))
    throw new Error(`a packed message (format ${PACKED_FORMAT}) holds an events array, got ${events === null ? 'null' : typeof events}`);
  return { format: PACKED_FORMAT, items: events };
}
