/**
 * Packed analytics messages without a network: the compressed format's round trip and size boundaries, the SendMessageBatch
 * limits, all-or-nothing per message on the producer side, and per-message retry with per-event
 * bad/ lines on the archiver side (format 1 messages still read).
 */
import type { SQSClient, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { archiveBatch, eventsObjectKey } from '../../../lambdas/analytics/archive';
import { deflateRawSync } from 'node:zlib';
import { COMPRESSED_FORMAT, compressedBody, itemsOf, MAX_INFLATED_BYTES, PACKED_FORMAT, packMessages } from '../../../lambdas/analytics/messages';
import type { LakeStore } from '../../../lambdas/analytics/ports';
import { recordClientEvents } from '../../../lambdas/analytics/client-events';
import { packByRoute } from '../../../lambdas/analytics/sns-event-topic';
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

/** Text that does not compress (seeded, so the same every run): what makes a message's size predictable here. */
function noise(chars: number, seed: number): string {
  let x = seed;
  const bytes = Buffer.alloc(Math.ceil((chars * 3) / 4));
  for (let i = 0; i < bytes.length; i++) {
    x = (Math.imul(x, 1_103_515_245) + 12_345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes.toString('base64').slice(0, chars);
}

const limits = { maxMessageBytes, maxItemBytes: analyticsMessagingDesign.packing.maxItemBytes };
const item = (id: string, value: unknown) => ({ id, body: JSON.stringify(value) });

describe('the packed format', () => {
  test('packed items come back in order, as they were, from one compressed message (format 3)', () => {
    // Prepare: envelopes, a refused event and multi-byte text.
    const items = [
      item('e1', envelope('e1')),
      item('r', { rejected: { reason: 'ünïcode ✓', event: { index: 1 } } }),
      item('e2', envelope('e2', 'feed.scrolled')),
    ];

    // Act
    const messages = packMessages(items, limits);

    // Assess
    expect(messages.map((m) => m.itemIds)).toEqual([['e1', 'r', 'e2']]);
    expect(JSON.parse(messages[0]!.body)).toEqual({ v: COMPRESSED_FORMAT, deflate: expect.stringMatching(/^[A-Za-z0-9+/]+=*$/) });
    expect(itemsOf(messages[0]!.body)).toEqual({ format: COMPRESSED_FORMAT, items: items.map((i) => JSON.parse(i.body)) });
  });

  test('a message holds items up to exactly the byte limit of its compressed body; one byte less splits it, each part within the limit', () => {
    // Prepare: three items whose compressed message is exactly `limit` bytes.
    const items = [0, 1, 2].map((n) => item(`i${n}`, noise(3000, n + 1)));
    const limit = Buffer.byteLength(compressedBody(items.map((i) => i.body)));

    // Act
    const fits = packMessages(items, { ...limits, maxMessageBytes: limit });
    const over = packMessages(items, { ...limits, maxMessageBytes: limit - 1 });

    // Assess
    expect(fits.map((m) => m.itemIds)).toEqual([['i0', 'i1', 'i2']]);
    expect(Buffer.byteLength(fits[0]!.body)).toBe(limit);
    expect(over.map((m) => m.itemIds)).toEqual([['i0', 'i1'], ['i2']]);
    expect(over.every((m) => Buffer.byteLength(m.body) <= limit - 1)).toBe(true);
    expect(over.flatMap((m) => itemsOf(m.body).items)).toEqual(items.map((i) => JSON.parse(i.body)));
  });

  test('items are gathered up to exactly maxItemBytes of JSON before compressing; one byte less starts another message', () => {
    // Prepare: the items' JSON array is exactly `bytes` long (brackets and commas included; é is two bytes).
    const items = ['"é"', '"b"', '"c"'].map((body, n) => ({ id: `i${n}`, body }));
    const bytes = Buffer.byteLength('["é","b","c"]');

    // Act
    const fits = packMessages(items, { maxMessageBytes, maxItemBytes: bytes });
    const over = packMessages(items, { maxMessageBytes, maxItemBytes: bytes - 1 });

    // Assess
    expect(fits.map((m) => m.itemIds)).toEqual([['i0', 'i1', 'i2']]);
    expect(over.map((m) => m.itemIds)).toEqual([['i0', 'i1'], ['i2']]);
  });

  test('an item too large to fit a message even alone travels alone, intact', () => {
    const items = [item('small', envelope('s')), item('huge', noise(100_000, 7)), item('small2', envelope('t'))];

    const messages = packMessages(items, limits);

    expect(messages.map((m) => m.itemIds)).toEqual([['small'], ['huge'], ['small2']]);
    expect(itemsOf(messages[1]!.body).items).toEqual([noise(100_000, 7)]);
  });

  test('messages written before compression are still read: one event (format 1) as itself, packed (format 2) as its events', () => {
    expect(itemsOf(JSON.stringify(envelope('e1')))).toEqual({ format: 1, items: [envelope('e1')] });
    expect(itemsOf(packed(envelope('e1'), envelope('e2')))).toEqual({ format: PACKED_FORMAT, items: [envelope('e1'), envelope('e2')] });
  });

  test('an unknown format, or a packed or compressed message without its items, is refused with what it held', () => {
    const deflated = (json: string) => JSON.stringify({ v: COMPRESSED_FORMAT, deflate: deflateRawSync(json).toString('base64') });
    expect(() => itemsOf('{"v":4,"events":[]}')).toThrow('message format 4 is not one this archiver reads (1: one event, 2: packed, 3: packed and compressed)');
    expect(() => itemsOf('{"v":2,"events":{}}')).toThrow('a packed message (format 2) holds an events array, got object');
    expect(() => itemsOf('{"v":3,"events":[]}')).toThrow('a compressed message (format 3) holds its items in a base64 deflate string, got undefined');
    expect(() => itemsOf('{"v":3,"deflate":"bm90IGRlZmxhdGU="}')).toThrow(/a compressed message \(format 3\) does not inflate/);
    expect(() => itemsOf(deflated('{"events":[]}'))).toThrow('a compressed message (format 3) inflates to an array of items, got object');
    expect(() => itemsOf(deflated('[1,'))).toThrow('a compressed message (format 3) inflates to 3 bytes that are not JSON');
  });

  test('a compressed body that inflates beyond MAX_INFLATED_BYTES is refused, not inflated without bound; one that inflates to exactly it is read', () => {
    // Prepare: arrays of one string, exactly at the bound and one byte over (it compresses to a few KB).
    const array = (bytes: number) => `["${'0'.repeat(bytes - 4)}"]`;
    const body = (json: string) => JSON.stringify({ v: COMPRESSED_FORMAT, deflate: deflateRawSync(json).toString('base64') });

    // Act / Assess
    expect(itemsOf(body(array(MAX_INFLATED_BYTES))).items[0]).toHaveLength(MAX_INFLATED_BYTES - 4);
    expect(() => itemsOf(body(array(MAX_INFLATED_BYTES + 1)))).toThrow(/does not inflate to at most 4194304 bytes of JSON/);
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
    // Prepare: items of ~30 KB that do not compress (two to a message), and many of them.
    const { client, calls } = recordingClient();
    const items = Array.from({ length: 200 }, (_, i) => ({ id: `e${i}`, body: JSON.stringify(noise(30_000, i)) }));

    // Act
    await sqsEventQueue(client, 'https://sqs.example/q').send(items);

    // Assess
    const bytes = (entries: { MessageBody: string }[]) => entries.reduce((sum, e) => sum + Buffer.byteLength(e.MessageBody), 0);
    expect(calls.every((entries) => entries.length <= maxBatchEntries && bytes(entries) <= maxBatchBytes)).toBe(true);
    expect(calls.flat().every((e) => Buffer.byteLength(e.MessageBody) <= maxMessageBytes)).toBe(true);
    expect(calls.flat().flatMap((e) => itemsOf(e.MessageBody).items)).toHaveLength(200);
  });

  test('a refused message fails every item it carries and no other', async () => {
    // Prepare: items of ~20 KB that do not compress (a few to a message); the queue refuses the message carrying e2.
    const carries = (body: string, id: string) => itemsOf(body).items.some((i) => (i as { id: string }).id === id);
    const { client, calls } = recordingClient((body) => carries(body, 'e2'));
    const items = Array.from({ length: 8 }, (_, i) => ({ id: `e${i}`, body: JSON.stringify({ id: `e${i}`, pad: noise(20_000, i) }) }));

    // Act
    const failed = await sqsEventQueue(client, 'https://sqs.example/q').send(items);

    // Assess: exactly the items of that message, and it carried more than e2.
    const refused = calls.flat().find((e) => carries(e.MessageBody, 'e2'))!;
    const carried = itemsOf(refused.MessageBody).items.map((i) => (i as { id: string }).id);
    expect(carried.length).toBeGreaterThan(1);
    expect(calls.flat().length).toBeGreaterThan(1);
    expect(failed).toEqual(carried);
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

describe('the domain-events topic packs', () => {
  test('one compressed message per event type and community, each within one billed chunk with its attributes, its items in order', () => {
    // Prepare: three items of one route whose message would fit the chunk alone but not with its attributes, and another route.
    const { attributeBytes } = analyticsMessagingDesign.domainEventsTopic;
    const routed = (id: string, type: string, community: string, value: unknown) => ({ id, body: JSON.stringify(value), routing: { type, community } });
    const bigOf = (chars: number) => [0, 1, 2].map((i) => routed(`b${i}`, 'post.created', 'c1', noise(chars, i + 1)));
    let chars = 21_000;
    while (Buffer.byteLength(compressedBody(bigOf(chars).map((i) => i.body))) <= maxMessageBytes - attributeBytes) chars += 50;
    const big = bigOf(chars);
    expect(Buffer.byteLength(compressedBody(big.map((i) => i.body)))).toBeLessThanOrEqual(maxMessageBytes);
    const small = [routed('s0', 'comment.created', 'c2', envelope('s0')), routed('s1', 'comment.created', 'c2', envelope('s1'))];

    // Act
    const messages = packByRoute([big[0]!, small[0]!, ...big.slice(1), small[1]!]);

    // Assess
    expect(messages.every((m) => Buffer.byteLength(m.body) + attributeBytes <= maxMessageBytes)).toBe(true);
    expect(messages.every((m) => itemsOf(m.body).format === COMPRESSED_FORMAT)).toBe(true);
    expect(messages.filter((m) => m.type === 'post.created').map((m) => [m.community, m.itemIds])).toEqual([
      ['c1', ['b0', 'b1']],
      ['c1', ['b2']],
    ]);
    expect(messages.filter((m) => m.type === 'comment.created').map((m) => [m.community, m.itemIds])).toEqual([['c2', ['s0', 's1']]]);
  });
});

describe('archiving packed messages', () => {
  test('a packed message is retried whole when one of its events is not stored; the messages whose events all are stored are done', async () => {
    // Prepare: m1 packs a view and a scroll (compressed, format 3), m2 views only (format 2), m3 is one scroll (format 1); scrolls fail.
    const keys: string[] = [];
    const lake: LakeStore = {
      put: async (key) => {
        if (key.includes('feed.scrolled')) throw new Error('S3 down');
        keys.push(key);
      },
    };
    const messages = [
      { messageId: 'm1', body: compressedBody([envelope('e1'), envelope('e2', 'feed.scrolled')].map((e) => JSON.stringify(e))) },
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

    const outcome = await archiveBatch({ lake, clock }, [{ messageId: 'm9', body: '{"v":4,"events":[]}' }]);

    expect(outcome.failedMessageIds).toEqual([]);
    expect(JSON.parse(bodies[0]!)).toMatchObject({ message_id: 'm9', position: null, reason: expect.stringContaining('message format 4'), event: null });
  });
});
