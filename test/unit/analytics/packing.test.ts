/**
 * Packed analytics messages without a network: the format's size boundary, the SendMessageBatch
 * limits, all-or-nothing per message on the producer side, and per-message retry with per-event
 * bad/ lines on the archiver side (format 1 messages still read).
 */
import type { SQSClient, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { archiveBatch, eventsObjectKey } from '../../../lambdas/analytics/archive';
import { itemsOf, PACKED_FORMAT, packMessages } from '../../../lambdas/analytics/messages';
import type { LakeStore } from '../../../lambdas/analytics/ports';
import { recordClientEvents } from '../../../lambdas/analytics/publish';
import { sqsEventQueue } from '../../../lambdas/analytics/sqs-event-queue';
import { analyticsMessagingDesign } from '../../../lambdas/store/messaging-design';

const now = new Date('2026-11-23T10:00:00.000Z');
const clock = () => now;
const { maxMessageBytes, maxBatchBytes, maxBatchEntries } = analyticsMessagingDesign.packing;

const envelope = (id: string, type = 'post.viewed') => ({
  event_id: id,
  event_type: type,
  schema_version: 1,
  occurred_at: now.toISOString(),
  received_at: now.toISOString(),
  actor_id: 'a',
  community_id: null,
  post_id: null,
  product_ids: [],
  data: {},
});
const packed = (...items: unknown[]) => JSON.stringify({ v: PACKED_FORMAT, events: items });

/** An SQS client that records each SendMessageBatch's entries and refuses the entries `refuse` picks. */
function recordingClient(refuse: (body: string) => boolean = () => false) {
  const calls: { Id: string; MessageBody: string }[][] = [];
  const client = {
    send: async (command: SendMessageBatchCommand) => {
      const entries = command.input.Entries as { Id: string; MessageBody: string }[];
      calls.push(entries);
      return { Failed: entries.filter((e) => refuse(e.MessageBody)).map((e) => ({ Id: e.Id, Code: 'InternalError', SenderFault: false })) };
    },
  } as unknown as SQSClient;
  return { client, calls };
}

describe('the packed format', () => {
  test('items fill a message up to exactly the byte limit, in order; one byte more starts a second message', () => {
    // Prepare: three items whose packed message is exactly `limit` bytes (multi-byte characters count as bytes).
    const items = ['"é"', '"b"', '"c"'].map((body, i) => ({ id: `i${i}`, body }));
    const limit = Buffer.byteLength(packed('é', 'b', 'c'));

    // Act
    const fits = packMessages(items, limit);
    const over = packMessages(items, limit - 1);

    // Assess
    expect(fits.map((m) => m.itemIds)).toEqual([['i0', 'i1', 'i2']]);
    expect(Buffer.byteLength(fits[0]!.body)).toBe(limit);
    expect(itemsOf(fits[0]!.body)).toEqual({ format: PACKED_FORMAT, items: ['é', 'b', 'c'] });
    expect(over.map((m) => m.itemIds)).toEqual([['i0', 'i1'], ['i2']]);
    expect(over.every((m) => Buffer.byteLength(m.body) <= limit - 1)).toBe(true);
  });

  test('a message of one event (format 1) is read as itself; an unknown format or a packed message without events is refused with what it held', () => {
    expect(itemsOf(JSON.stringify(envelope('e1')))).toEqual({ format: 1, items: [envelope('e1')] });
    expect(() => itemsOf('{"v":3,"events":[]}')).toThrow('message format 3 is not one this archiver reads (1: one event, 2: packed)');
    expect(() => itemsOf('{"v":2,"events":{}}')).toThrow('a packed message (format 2) holds an events array, got object');
  });
});

describe('the analytics queue packs', () => {
  test('a stream-sized batch of small events is one message in one SendMessageBatch call', async () => {
    const { client, calls } = recordingClient();
    const items = Array.from({ length: 100 }, (_, i) => ({ id: `e${i}`, body: JSON.stringify(envelope(`e${i}`)) }));

    const failed = await sqsEventQueue(client, 'https://sqs.example/q').send(items);

    expect(failed).toEqual([]);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toHaveLength(1);
    expect(itemsOf(calls[0]![0]!.MessageBody).items.map((e) => (e as { event_id: string }).event_id)).toEqual(items.map((i) => i.id));
  });

  test('each SendMessageBatch call stays within ten entries and the batch byte limit; every message is at most the message limit', async () => {
    // Prepare: items of ~30 KB (eight to a message), and many of them.
    const { client, calls } = recordingClient();
    const items = Array.from({ length: 200 }, (_, i) => ({ id: `e${i}`, body: JSON.stringify('x'.repeat(30_000)) }));

    // Act
    await sqsEventQueue(client, 'https://sqs.example/q').send(items);

    // Assess
    const bytes = (entries: { MessageBody: string }[]) => entries.reduce((sum, e) => sum + Buffer.byteLength(e.MessageBody), 0);
    expect(calls.every((entries) => entries.length <= maxBatchEntries && bytes(entries) <= maxBatchBytes)).toBe(true);
    expect(calls.flat().every((e) => Buffer.byteLength(e.MessageBody) <= maxMessageBytes)).toBe(true);
    expect(calls.flat().flatMap((e) => itemsOf(e.MessageBody).items)).toHaveLength(200);
  });

  test('a refused message fails every item it carries and no other', async () => {
    // Prepare: items of ~100 KB, two to a message; the queue refuses the message carrying e2.
    const { client } = recordingClient((body) => body.includes('"e2"'));
    const items = Array.from({ length: 5 }, (_, i) => ({ id: `e${i}`, body: JSON.stringify({ id: `e${i}`, pad: 'x'.repeat(100_000) }) }));

    // Act
    const failed = await sqsEventQueue(client, 'https://sqs.example/q').send(items);

    // Assess
    expect(failed).toEqual(['e2', 'e3']);
  });

  test('a client batch is one message; when it is not queued, each accepted event says so and each rejected event keeps its own reason', async () => {
    // Prepare
    const { client, calls } = recordingClient(() => true);
    const caller = { memberId: 'sub-9', username: 'bob', groups: new Set(['members']) } as never;
    const event = (n: number) => ({
      eventId: `01JD6V8Z6M2M7Q3B8J2K4N5P${String(n).padStart(2, '0')}`,
      type: 'feed.scrolled',
      occurredAt: now.toISOString(),
      feed: 'community',
      itemsSeen: n,
    });
    const posts = { factsOf: async () => ({ found: [], unread: [] }) };

    // Act
    const { results } = await recordClientEvents({ queue: sqsEventQueue(client, 'https://sqs.example/q'), clock, posts }, caller, [
      event(10),
      { ...event(11), eventId: 'nope' },
      event(12),
    ]);

    // Assess
    expect(calls.map((entries) => entries.length)).toEqual([1]);
    expect(itemsOf(calls[0]![0]!.MessageBody).items).toHaveLength(3);
    expect(results.map((r) => [r.accepted, r.reason])).toEqual([
      [false, 'not queued (temporary failure): send it again with the same eventId'],
      [false, expect.stringMatching(/eventId must be a UUID or a ULID/)],
      [false, 'not queued (temporary failure): send it again with the same eventId'],
    ]);
  });
});

describe('archiving packed messages', () => {
  test('a packed message is retried whole when one of its events is not stored; the messages whose events all are stored are done', async () => {
    // Prepare: m1 packs a view and a scroll, m2 packs views only, m3 is one scroll (format 1); scrolls fail.
    const keys: string[] = [];
    const lake: LakeStore = {
      put: async (key) => {
        if (key.includes('feed.scrolled')) throw new Error('S3 down');
        keys.push(key);
      },
    };
    const messages = [
      { messageId: 'm1', body: packed(envelope('e1'), envelope('e2', 'feed.scrolled')) },
      { messageId: 'm2', body: packed(envelope('e3'), envelope('e4')) },
      { messageId: 'm3', body: JSON.stringify(envelope('e5', 'feed.scrolled')) },
    ];

    // Act
    const outcome = await archiveBatch({ lake, clock }, messages);

    // Assess: e1 is stored (and will be again when m1 is retried: same event id, one row in the view).
    expect(outcome.failedMessageIds).toEqual(['m1', 'm3']);
    expect(keys).toEqual([eventsObjectKey('post.viewed', '2026-11-23', ['e1', 'e3', 'e4'])]);
  });

  test('an invalid event inside a packed message goes to bad/ alone, with its position and ids only, and does not fail the message', async () => {
    // Prepare
    const bodies = new Map<string, string>();
    const lake: LakeStore = { put: async (key, body) => void bodies.set(key, new TextDecoder().decode(body)) };
    const rejected = {
      rejected: { reason: 'query: unrecognized', source: 'POST /v1/events', received_at: now.toISOString(), event: { index: 1, event_id: 'e7' } },
    };
    const invalid = { event_id: 'e8', event_type: 'post.viewed', data: { note: 'Jane Doe' } };

    // Act
    const outcome = await archiveBatch({ lake, clock }, [{ messageId: 'm1', body: packed(envelope('e6'), rejected, invalid) }]);

    // Assess
    expect(outcome.failedMessageIds).toEqual([]);
    expect(outcome.bad).toBe(2);
    expect(outcome.objects.map((o) => [o.key, o.events])).toEqual([
      [eventsObjectKey('post.viewed', '2026-11-23', ['e6']), 1],
      [expect.stringMatching(/^bad\//), 2],
    ]);
    const bad = [...bodies.entries()].find(([key]) => key.startsWith('bad/'))![1];
    expect(bad).not.toContain('Jane Doe');
    const lines = bad
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((l) => [l.message_id, l.position, l.event?.event_id])).toEqual([
      ['m1', 1, 'e7'],
      ['m1', 2, 'e8'],
    ]);
  });

  test('a message of an unknown format goes to bad/ whole, with the reason, and is not retried', async () => {
    const bodies: string[] = [];
    const lake: LakeStore = { put: async (_key, body) => void bodies.push(new TextDecoder().decode(body)) };

    const outcome = await archiveBatch({ lake, clock }, [{ messageId: 'm9', body: '{"v":3,"events":[]}' }]);

    expect(outcome.failedMessageIds).toEqual([]);
    expect(JSON.parse(bodies[0]!)).toMatchObject({ message_id: 'm9', position: null, reason: expect.stringContaining('message format 3'), event: null });
  });
});
