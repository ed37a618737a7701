/**
 * The archiver's use case: a batch of queue messages to Parquet objects in the lake.
 *
 * - Valid events are grouped by partition (event_type, UTC day) and written one object per group,
 *   keyed by a hash of the group's sorted event ids: a redelivered batch overwrites its objects
 *   instead of adding copies. Duplicates that still reach the lake (a retried batch composed
 *   differently) share their event_id; the deduplicated view keeps one.
 * - A message carries one event (format 1) or many (packed, format 2; packed and compressed,
 *   format 3: messages.ts); each event is classified on its own. Anything that is not a valid
 *   envelope is kept, with the reason and its ids only, under bad/ (JSON lines), without failing
 *   the message that carried it.
 * - A message counts as archived only once every object holding one of its events is stored: the
 *   messages with an event in a group whose write failed are reported as failures, whole, and the
 *   queue delivers them again (after maxReceiveCount deliveries, to the dead-letter queue); the
 *   other messages are done. A retried packed message writes again the events whose objects were
 *   stored: those objects' keys are derived from event ids, and the deduplicated view keeps one row
 *   per event_id, so the repeat is absorbed (at least once in the lake, exactly once in the view).
 */
import { createHash } from 'node:crypto';
import { BAD_PREFIX, EVENTS_PREFIX, EventEnvelope, dayOf } from './envelope';
import { itemsOf, type ReceivedItems, type RejectedEvent } from './messages';
import { toParquet } from './parquet';
import type { ArchiverDeps, ReceivedMessage } from './ports';
import { pseudonymise } from './pseudonyms';

export interface ArchivedObject {
  readonly key: string;
  readonly events: number;
  readonly bytes: number;
}

/** An object the lake did not store, and why: its messages are delivered again. */
export interface FailedObject {
  readonly key: string;
  readonly messages: number;
  readonly error: Error;
}

export interface ArchiveOutcome {
  /** Messages to deliver again: their object could not be stored. */
  readonly failedMessageIds: readonly string[];
  readonly objects: readonly ArchivedObject[];
  /** Each object the lake refused, with the lake's error, for the handler to log. */
  readonly failures: readonly FailedObject[];
  /** Items kept under bad/ (not events), with their reasons there. */
  readonly bad: number;
}

/**
 * A line of bad/: why the message is not an event, and the ids it carried. Never the message as
 * sent: refused client events may hold free text (a search query, a name), and the lake keeps none.
 */
interface BadEvent {
  readonly message_id: string;
  /** Its position in a packed message (format 2 or 3); null for a message of one event. */
  readonly position: number | null;
  readonly reason: string;
  readonly received_at: string;
  /** Ids and type of what was refused, each only where it had the shape of one; null when nothing could be read. */
  readonly event: Readonly<Record<string, unknown>> | null;
}

type Verdict = { readonly ok: true; readonly event: EventEnvelope } | { readonly ok: false; readonly bad: BadEvent };

/** An id-shaped string (what the envelope's ids look like), or null: free text never passes. */
const idOrNull = (value: unknown): string | null => (typeof value === 'string' && /^[A-Za-z0-9:._-]{1,128}$/.test(value) ? value : null);

/** The ids of something that is not a valid envelope, from its top-level fields only. */
const envelopeIdsOf = (value: unknown): Record<string, unknown> | null => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const fields = value as Record<string, unknown>;
  return {
    event_id: idOrNull(fields.event_id),
    event_type: idOrNull(fields.event_type),
    actor_id: idOrNull(fields.actor_id),
    community_id: idOrNull(fields.community_id),
    post_id: idOrNull(fields.post_id),
  };
};

/** What a message holds: one verdict per item it carries (an envelope, or the reason it is not one). */
export function classify(message: ReceivedMessage, now: Date): Verdict[] {
  let received: ReceivedItems;
  try {
    received = itemsOf(message.body);
  } catch (error) {
    const reason = error instanceof SyntaxError ? `the message is not JSON (${message.body.length} characters)` : (error as Error).message;
    return [{ ok: false, bad: { message_id: message.messageId, position: null, reason, received_at: now.toISOString(), event: null } }];
  }
  return received.items.map((item, index) => classifyItem(item, message.messageId, received.format === 1 ? null : index, now));
}

function classifyItem(parsed: unknown, messageId: string, position: number | null, now: Date): Verdict {
  const bad = (reason: string, event: BadEvent['event'], receivedAt = now.toISOString()): Verdict => ({
    ok: false,
    bad: { message_id: messageId, position, reason, received_at: receivedAt, event },
  });
  const rejected = (parsed as Partial<RejectedEvent> | null)?.rejected;
  if (rejected && typeof rejected === 'object' && typeof rejected.reason === 'string') {
    // Messages queued before the producer kept ids only carried the event as sent: none of it is kept.
    const ids = rejected.event && typeof rejected.event === 'object' ? (rejected.event as unknown as Record<string, unknown>) : null;
    return bad(`rejected by ${String(rejected.source)}: ${rejected.reason}`, ids, typeof rejected.received_at === 'string' ? rejected.received_at : undefined);
  }
  const envelope = EventEnvelope.safeParse(parsed);
  if (!envelope.success) {
    const reason = envelope.error.issues.map((i) => `${i.path.join('.') || 'envelope'}: ${i.message}`).join('; ');
    return bad(`not a valid event envelope: ${reason}`, envelopeIdsOf(parsed));
  }
  return { ok: true, event: envelope.data };
}

const hashOf = (ids: readonly string[]): string =>
  createHash('sha256')
    .update([...ids].sort().join('\n'))
    .digest('hex')
    .slice(0, 32);

/** The object key of a group of events: its partition and a hash of its sorted event ids. */
export const eventsObjectKey = (eventType: string, day: string, eventIds: readonly string[]): string =>
  `${EVENTS_PREFIX}event_type=${eventType}/dt=${day}/${hashOf(eventIds)}.parquet`;

export const badObjectKey = (day: string, messageIds: readonly string[]): string => `${BAD_PREFIX}dt=${day}/${hashOf(messageIds)}.jsonl`;

interface Group {
  readonly key: string;
  readonly contentType: string;
  readonly messageIds: string[];
  readonly body: () => Uint8Array;
  readonly events: number;
}

type Partitions = Map<string, { eventType: string; day: string; events: Map<string, EventEnvelope>; messageIds: Set<string> }>;

async function pseudonymiseAll(keys: NonNullable<ArchiverDeps['pseudonyms']>, partitions: Partitions): Promise<Partitions> {
  const all = [...partitions.values()].flatMap((p) => [...p.events.values()]);
  const replaced = new Map((await pseudonymise(keys, all)).map((e) => [e.event_id, e]));
  return new Map([...partitions].map(([id, p]) => [id, { ...p, events: new Map([...p.events.keys()].map((eventId) => [eventId, replaced.get(eventId)!])) }]));
}

export async function archiveBatch(deps: ArchiverDeps, messages: readonly ReceivedMessage[]): Promise<ArchiveOutcome> {
  const now = deps.clock();
  const partitions: Partitions = new Map();
  const bad: BadEvent[] = [];
  for (const message of messages) {
    for (const verdict of classify(message, now)) {
      if (!verdict.ok) {
        bad.push(verdict.bad);
        continue;
      }
      const { event } = verdict;
      const day = dayOf(event.occurred_at);
      const id = `${event.event_type}/${day}`;
      let partition = partitions.get(id);
      if (!partition) {
        partition = { eventType: event.event_type, day, events: new Map(), messageIds: new Set() };
        partitions.set(id, partition);
      }
      // The same event twice in one batch (a producer retry): one row, both messages done.
      if (!partition.events.has(event.event_id)) partition.events.set(event.event_id, event);
      partition.messageIds.add(message.messageId);
    }
  }

  // Member ids never reach the lake: one read of the batch's members' keys, then their pseudonyms.
  const pseudonymous = deps.pseudonyms ? await pseudonymiseAll(deps.pseudonyms, partitions) : partitions;
  const groups: Group[] = [...pseudonymous.values()].map((p) => {
    const events = [...p.events.values()].sort((a, b) => a.event_id.localeCompare(b.event_id));
    return {
      key: eventsObjectKey(
        p.eventType,
        p.day,
        events.map((e) => e.event_id),
      ),
      contentType: 'application/vnd.apache.parquet',
      messageIds: [...p.messageIds],
      body: () => toParquet(events),
      events: events.length,
    };
  });
  if (bad.length > 0) {
    groups.push({
      key: badObjectKey(
        dayOf(now.toISOString()),
        bad.map((b) => (b.position === null ? b.message_id : `${b.message_id}#${b.position}`)),
      ),
      contentType: 'application/x-ndjson',
      messageIds: [...new Set(bad.map((b) => b.message_id))],
      body: () => new TextEncoder().encode(`${bad.map((b) => JSON.stringify(b)).join('\n')}\n`),
      events: bad.length,
    });
  }

  const results = await Promise.allSettled(
    groups.map(async (group): Promise<ArchivedObject> => {
      const body = group.body();
      await deps.lake.put(group.key, body, group.contentType);
      return { key: group.key, events: group.events, bytes: body.byteLength };
    }),
  );
  return {
    // A message with events in several failed groups is reported once.
    failedMessageIds: [...new Set(results.flatMap((result, i) => (result.status === 'rejected' ? groups[i]!.messageIds : [])))],
    objects: results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : [])),
    failures: results.flatMap((result, i) =>
      result.status === 'rejected'
        ? [
            {
              key: groups[i]!.key,
              messages: groups[i]!.messageIds.length,
              error: result.reason instanceof Error ? result.reason : new Error(String(result.reason)),
            },
          ]
        : [],
    ),
    bad: bad.length,
  };
}
