/**
 * POST /v1/events over HTTP: every event gets its own verdict, whatever its neighbours hold (one
 * nested thousands of levels deep, one that names a post it may not), accepted events take their
 * community and products from the post they name, and what bad/ keeps of a rejected event is its
 * reason and ids, never its free text (read back from the lake bucket), and a batch reaches the lake
 * once, whatever format its message has (compressed, packed from before, or one event).
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { openLake, query, syncLake } from '../../lambdas/analytics/duckdb-lake';
import { type EventEnvelope, SCHEMA_VERSION } from '../../lambdas/analytics/envelope';
import { COMPRESSED_FORMAT, eventMessage, PACKED_FORMAT, packMessages } from '../../lambdas/analytics/messages';
import { analyticsMessagingDesign } from '../../lambdas/store/messaging-design';
import { tableName } from '../../lambdas/config';
import { dynamoPostDirectory } from '../../lambdas/store/dynamo-post-directory';
import { unitsOfOutput } from '../../local/billed-usage';
import { askForConsumedCapacity, recordSdkCalls, type SdkCall } from '../../local/sdk-calls';
import { routes, type RouteSpec } from '../../lambdas/api/routes';
import { api, tokenFor } from './support/api';
import { member, openCommunity } from './support/fixtures';
import { localAnalytics, resolveLocalhostNames } from './support/local-aws';
import { pollUntil } from './support/poll';

const local = localAnalytics();
let restoreDns: () => void;
let s3: S3Client;

beforeAll(() => {
  restoreDns = resolveLocalhostNames();
  s3 = new S3Client({ forcePathStyle: false });
});
const dirs: string[] = [];
afterAll(async () => {
  s3?.destroy();
  restoreDns?.();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const now = () => new Date().toISOString();
const search = (communityId: string) => ({ eventId: randomUUID(), type: 'search.performed', occurredAt: now(), communityId, queryLength: 9, resultCount: 3 });
/** `{"a":{"a":…1}}`: `levels` objects, one in the other, as JSON text (JSON.stringify itself would overflow on it). */
const nested = (levels: number): string => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
/** An event as JSON text, with `extra` (JSON text) as one more field. */
const withExtra = (event: object, extra: string): string => `${JSON.stringify(event).slice(0, -1)},"extra":${extra}}`;
const batch = (events: readonly string[]): string => `{"events":[${events.join(',')}]}`;
/** A ULID no post has. */
const unknownPostId = () =>
  `01J${randomUUID()
    .replace(/-/g, '')
    .toUpperCase()
    .replace(/[ILOU]/g, '0')
    .slice(0, 23)}`;

/** The lines of bad/ that mention one of `ids`, once all of them are there (polled, bounded). */
async function badLinesFor(ids: readonly string[], timeoutMs = 20_000): Promise<string[]> {
  const seen = new Map<string, string>();
  const look = async () => {
    let token: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: local.lakeBucket!, Prefix: 'bad/', ContinuationToken: token }));
      for (const object of page.Contents ?? []) {
        if (seen.has(object.Key!)) continue;
        const body = await (await s3.send(new GetObjectCommand({ Bucket: local.lakeBucket!, Key: object.Key! }))).Body!.transformToString();
        seen.set(object.Key!, body);
      }
      token = page.NextContinuationToken;
    } while (token);
    return [...seen.values()].flatMap((body) => body.split('\n')).filter((line) => ids.some((id) => line.includes(id)));
  };
  return pollUntil(look, (lines) => ids.every((id) => lines.some((line) => line.includes(id))), timeoutMs);
}

/** Rows of `sql` over a fresh copy of the lake, once there are `count` of them (polled, bounded). */
function lakeRows(sql: string, count: number, timeoutMs = 20_000): Promise<Record<string, unknown>[]> {
  const look = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'chorus-lake-'));
    dirs.push(dir);
    await syncLake(s3, local.lakeBucket!, dir);
    const connection = await openLake(dir);
    const rows = await query(connection, sql);
    connection.closeSync();
    return rows;
  };
  return pollUntil(look, (rows) => rows.length >= count, timeoutMs);
}

const maybe = local.lakeBucket ? describe : describe.skip;

describe('bounds: a value too deep for a recursive reader never reaches one', () => {
  test('one event nested 5,000 levels deep is rejected alone, with a reason; the other 99 of its batch are accepted', async () => {
    // Prepare
    const viewer = await member('deep-viewer');
    const communityId = (await openCommunity('deep')).communityId;
    const events = Array.from({ length: 99 }, () => JSON.stringify(search(communityId)));
    const deep = search(communityId);
    events.splice(42, 0, withExtra(deep, nested(5_000)));

    // Act
    const res = await viewer.post('/v1/events', batch(events));

    // Assess
    expect(res.status).toBe(200);
    expect(res.body.results).toHaveLength(100);
    expect(res.body.results[42]).toEqual({ index: 42, eventId: deep.eventId, accepted: false, reason: expect.stringMatching(/nests deeper than 4 levels/) });
    expect(res.body.results.filter((r: { accepted: boolean }) => r.accepted)).toHaveLength(99);
  });

  test('an event at the depth bound is judged on its schema; one level more is refused by the bound', async () => {
    // Prepare: the event object is level 1, so extra holds 3 more levels at the bound, 4 past it.
    const viewer = await member('bound-viewer');
    const atBound = withExtra(search('bound-events'), nested(3));
    const pastBound = withExtra(search('bound-events'), nested(4));

    // Act
    const res = await viewer.post('/v1/events', batch([atBound, pastBound]));

    // Assess
    expect(res.status).toBe(200);
    expect(res.body.results[0].reason).toMatch(/unrecognized field extra/);
    expect(res.body.results[1].reason).toMatch(/nests deeper than 4 levels/);
  });

  test.each((routes as readonly RouteSpec[]).filter((r) => r.body && r.operationId !== 'recordEvents').map((r) => [r.operationId, r] as const))(
    '%s answers a body nested 5,000 levels deep with a 400 problem, never a 500',
    async (_id, route) => {
      // Prepare: path parameters valid in form (the body is read before anything is looked up).
      const values: Record<string, string> = {
        communityId: 'deep-bodies',
        postId: unknownPostId(),
        commentId: unknownPostId(),
        itemId: `post-${unknownPostId()}`,
        deskItemId: `desk-${unknownPostId()}`,
        reaction: 'like',
        sanctionId: unknownPostId(),
        memberId: 'deep-member',
      };
      const path = route.path.replace(/\{(\w+)\}/g, (_m, name: string) => values[name] ?? name);
      const token = await tokenFor('deep-body-sender', ['members', 'moderators', 'community-managers']);

      // Act
      const res = await api(token)[route.method.toLowerCase() as 'post' | 'put' | 'patch'](path, `{"deep":${nested(5_000)}}`, { 'if-match': '"1"' });

      // Assess
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(res.body.detail).toMatch(/nests deeper than 16 levels/);
    },
  );
});

describe('events are checked against the posts they name', () => {
  test('views and clicks of a post that is held, deleted or unknown, under another community, or of a product it does not link are rejected each with its reason', async () => {
    // Prepare: a published review linking one product, a held post, a deleted post, another community.
    const [{ communityId, manager }, other] = await Promise.all([openCommunity('checked'), openCommunity('checked-other')]);
    const [author, viewer] = await Promise.all([member('checked-author'), member('checked-viewer')]);
    const product = `SKU-${randomUUID().slice(0, 8).toUpperCase()}`;
    const posts = `/v1/communities/${communityId}/posts`;
    const review = (await author.post(posts, { kind: 'review', title: 't', body: 'b', productIds: [product], rating: 4 })).body;
    const deleted = (await author.post(posts, { kind: 'discussion', title: 't', body: 'b' })).body;
    expect((await author.delete(`/v1/posts/${deleted.postId}`)).status).toBe(204);
    expect((await manager.put(`/v1/communities/${communityId}/moderation-policy`, { mode: 'pre-moderation' })).status).toBe(200);
    const held = (await author.post(posts, { kind: 'discussion', title: 't', body: 'b' })).body;
    expect(held.status).toBe('held');
    const view = (postId: string, extra: object = {}) => ({ eventId: randomUUID(), type: 'post.viewed', occurredAt: now(), postId, ...extra });
    const click = (postId: string, productId: string) => ({ eventId: randomUUID(), type: 'product-link.clicked', occurredAt: now(), postId, productId });
    const unknown = unknownPostId();
    const events = [
      view(review.postId),
      click(review.postId, product),
      view(held.postId),
      view(deleted.postId),
      view(unknown),
      view(review.postId, { communityId: other.communityId }),
      click(review.postId, 'SKU-NOT-LINKED'),
    ];

    // Act
    const res = await viewer.post('/v1/events', { events });

    // Assess
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { accepted: boolean; reason?: string }) => r.reason ?? 'accepted')).toEqual([
      'accepted',
      'accepted',
      `postId ${held.postId} names no published post`,
      `postId ${deleted.postId} names no published post`,
      `postId ${unknown} names no published post`,
      `communityId ${other.communityId} is not the community of post ${review.postId} (${communityId})`,
      `productId SKU-NOT-LINKED is not linked by post ${review.postId}`,
    ]);
  });
});

(process.env.CHORUS_ISSUER_FILE !== undefined ? describe : describe.skip)('the cost of the check (DynamoDB Local)', () => {
  test('the posts of a batch are read in one BatchGetItem, half a read unit per 4 KB of each post', async () => {
    // Prepare: a client of our own that asks for consumed capacity, as the bench's recorder does; two small posts and a long one.
    const client = new DynamoDBClient({});
    const calls: SdkCall[] = [];
    askForConsumedCapacity(client, 'unitsOfCheck');
    recordSdkCalls(client, { name: 'callsOfCheck' }, (call) => calls.push(call));
    const directory = dynamoPostDirectory(DynamoDBDocumentClient.from(client), tableName());
    const { communityId } = await openCommunity('check-units');
    const author = await member('units-author');
    const posts = `/v1/communities/${communityId}/posts`;
    const small = await Promise.all([1, 2].map(async () => (await author.post(posts, { kind: 'discussion', title: 't', body: 'b' })).body.postId));
    const long = (await author.post(posts, { kind: 'discussion', title: 't', body: 'x'.repeat(20_000) })).body.postId;

    // Act
    const smallOnly = await directory.factsOf([...small, unknownPostId()]);
    const withLong = await directory.factsOf([...small, long]);

    // Assess: one call each; units as DynamoDB bills them (eventually consistent, whole items despite the projection).
    expect(calls.map((c) => c.command)).toEqual(['BatchGetItemCommand', 'BatchGetItemCommand']);
    expect(smallOnly.found.map((f) => f.postId).sort()).toEqual([...small].sort());
    expect(withLong.found).toHaveLength(3);
    const [smallUnits, longUnits] = calls.map((c) => unitsOfOutput(c.command, c.output).read);
    expect(smallUnits).toBe(1); // 2 posts under 4 KB x 0.5; an unknown id costs nothing
    expect(longUnits).toBe(1 + 0.5 * 6); // the long post's item is just over 20 KB: 6 x 4 KB
    console.log(`checking a batch's posts: ${smallUnits} RRU for 2 small posts, ${longUnits} RRU with a 20,000-character post added`);
    client.destroy();
  });
});

maybe('what the lake keeps of client events', () => {
  test("an accepted view takes its post's community and products; a rejected event leaves its reason and ids in bad/, never its free text", async () => {
    // Prepare
    const { communityId } = await openCommunity('bad-free-text');
    const [author, viewer] = await Promise.all([member('free-text-author'), member('free-text-viewer')]);
    const product = `SKU-${randomUUID().slice(0, 8).toUpperCase()}`;
    const review = (await author.post(`/v1/communities/${communityId}/posts`, { kind: 'review', title: 't', body: 'b', productIds: [product], rating: 3 }))
      .body;
    const secret = `my name is ${randomUUID()}`;
    const withQuery = { ...search(communityId), query: `tent for ${secret}` };
    const withFreeKey = { ...search(communityId), [`${secret}`]: 1 };
    const view = { eventId: randomUUID(), type: 'post.viewed', occurredAt: now(), postId: review.postId };

    // Act
    const res = await viewer.post('/v1/events', { events: [withQuery, withFreeKey, view] });

    // Assess: the verdicts, then what bad/ holds for the two rejected events.
    expect(res.body.results.map((r: { accepted: boolean }) => r.accepted)).toEqual([false, false, true]);
    const lines = await badLinesFor([withQuery.eventId, withFreeKey.eventId]);
    expect(lines).toHaveLength(2);
    const kept = lines.map((line) => JSON.parse(line));
    expect(kept.find((k) => k.event.event_id === withQuery.eventId)).toMatchObject({
      reason: 'rejected by POST /v1/events: unrecognized field query',
      event: { index: 0, event_id: withQuery.eventId, type: 'search.performed', community_id: communityId, post_id: null, product_id: null },
    });
    expect(lines.join('\n')).not.toContain(secret);
    expect(lines.join('\n')).not.toContain('tent for');
    const rows = await lakeRows(`SELECT community_id, product_ids FROM events_deduplicated WHERE event_id = '${view.eventId}'`, 1);
    expect(rows).toEqual([{ community_id: communityId, product_ids: [product] }]);
  }, 40_000);

  /** How many rows of the raw (not deduplicated) lake each of `ids` has, once all are there. */
  const rawCounts = async (ids: readonly string[]) => {
    const rows = await lakeRows(
      `SELECT event_id, count(*) AS n FROM events WHERE event_id IN (${ids.map((id) => `'${id}'`).join(', ')}) GROUP BY 1 ORDER BY 1`,
      ids.length,
    );
    return rows.map((r) => [r.event_id, Number(r.n)]);
  };
  const once = (ids: readonly string[]) => [...ids].sort().map((id) => [id, 1]);

  test('a client batch of 100 events, queued as one compressed message, reaches the lake once each (no duplicate row)', async () => {
    // Prepare
    const viewer = await member('compressed-viewer');
    const { communityId } = await openCommunity('compressed');
    const events = Array.from({ length: 100 }, () => search(communityId));

    // Act
    const res = await viewer.post('/v1/events', { events });

    // Assess
    expect(res.body.results.filter((r: { accepted: boolean }) => r.accepted)).toHaveLength(100);
    const ids = events.map((e) => e.eventId);
    expect(await rawCounts(ids)).toEqual(once(ids));
  }, 40_000);

  test('messages of every format the queue may hold reach the lake once each: compressed (3), packed (2, from before compression) and one event (1)', async () => {
    // Prepare: envelopes as the producers write them, and the three bodies (format 3 as the producers pack it).
    const sqs = new SQSClient({});
    const envelope = (communityId: string): EventEnvelope => ({
      event_id: randomUUID(),
      event_type: 'search.performed',
      schema_version: SCHEMA_VERSION,
      occurred_at: now(),
      received_at: now(),
      actor_id: null,
      community_id: communityId,
      post_id: null,
      product_ids: [],
      data: { query_length: 4, result_count: 1 },
    });
    const communityId = `formats-${randomUUID().slice(0, 8)}`;
    const [compressed, packed, single] = [[0, 1, 2], [3, 4], [5]].map((group) => group.map(() => envelope(communityId)));
    const messages = packMessages(compressed!.map(eventMessage), analyticsMessagingDesign.packing);
    expect(messages).toHaveLength(1);
    expect(JSON.parse(messages[0]!.body)).toMatchObject({ v: COMPRESSED_FORMAT });
    const bodies = [messages[0]!.body, JSON.stringify({ v: PACKED_FORMAT, events: packed }), JSON.stringify(single![0])];

    // Act: straight into the local runtime's analytics queue, as if they had waited there.
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: local.eventsQueueUrl!, Entries: bodies.map((MessageBody, i) => ({ Id: String(i), MessageBody })) }));
    sqs.destroy();

    // Assess
    const ids = [...compressed!, ...packed!, ...single!].map((e) => e.event_id);
    expect(await rawCounts(ids)).toEqual(once(ids));
  }, 40_000);
});
