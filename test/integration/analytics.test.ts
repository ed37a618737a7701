/**
 * The analytics pipeline on the local runtime: committed writes and the apps' events end up in the
 * lake as Parquet (read back with DuckDB), once each after deduplication, with no personal data;
 * with an archiver whose lake fails part of the time and a batch delivered twice, nothing is lost or
 * doubled, and a poison message ends in the dead-letter queue while the rest of its batch is archived.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { archiveBatch } from '../../lambdas/analytics/archive';
import { s3LakeStore } from '../../lambdas/analytics/s3-lake-store';
import { openLake, query, syncLake } from '../../lambdas/analytics/duckdb-lake';
import { REPORTS, reportWindow } from '../../lambdas/analytics/sql';
import { SCHEMA_VERSION, type EventEnvelope } from '../../lambdas/analytics/envelope';
import { eventMessage, itemsOf, packMessages } from '../../lambdas/analytics/messages';
import type { LakeStore } from '../../lambdas/analytics/ports';
import { sqsEventQueue } from '../../lambdas/analytics/sqs-event-queue';
import { analyticsMessagingDesign } from '../../lambdas/store/messaging-design';
import { redrive } from '../../lambdas/analytics/redrive';
import type { Poller } from '../../local/poll-loop';
import { startQueuePoller } from '../../local/queue-poller';
import { api, tokenFor, uniqueId } from './support/api';
import { localAnalytics, resolveLocalhostNames } from './support/local-aws';
import { pollUntil } from './support/poll';

const local = localAnalytics();
const maybe = local.lakeBucket ? describe : describe.skip;
let restoreDns: () => void;
let s3: S3Client;
let sqs: SQSClient;
const dirs: string[] = [];

beforeAll(() => {
  restoreDns = resolveLocalhostNames();
  s3 = new S3Client({ forcePathStyle: false });
  sqs = new SQSClient({});
});
afterAll(async () => {
  s3?.destroy();
  sqs?.destroy();
  restoreDns?.();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

/** Copies `bucket` to a fresh folder and answers `sql` over it, until `done(rows)` or the deadline. */
function lakeRowsUntil(bucket: string, sql: string, done: (rows: Record<string, unknown>[]) => boolean, timeoutMs = 20_000) {
  const look = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'chorus-lake-'));
    dirs.push(dir);
    await syncLake(s3, bucket, dir);
    const connection = await openLake(dir);
    const rows = await query(connection, sql);
    connection.closeSync();
    return { rows, dir };
  };
  return pollUntil(look, ({ rows }) => done(rows), timeoutMs);
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

maybe('from committed writes and the apps to the lake', () => {
  test('every committed write produces exactly one event (deduplicated), partitioned by type and day, with no personal data', async () => {
    // Prepare: a community and a member's activity in it.
    const [manager, member] = await Promise.all([tokenFor('lake-manager', ['community-managers']), tokenFor('lake-member', ['members'])]);
    const communityId = uniqueId('lake');
    const secret = `Secret-${randomUUID()}`;
    expect((await api(manager).post('/v1/communities', { communityId, name: `Name ${secret}` })).status).toBe(201);
    const post = (
      await api(member).post(`/v1/communities/${communityId}/posts`, {
        kind: 'review',
        title: `Title ${secret}`,
        body: `Body ${secret} mail@example.com`,
        productIds: ['SKU-LAKE-1'],
        rating: 2,
      })
    ).body;
    expect((await api(member).patch(`/v1/posts/${post.postId}`, { body: `Edited ${secret}` }, { 'if-match': '"1"' })).status).toBe(200);
    const comment = (await api(member).post(`/v1/posts/${post.postId}/comments`, { body: `Comment ${secret}` })).body;
    expect((await api(member).put(`/v1/posts/${post.postId}/reactions/like`)).status).toBe(200);
    expect((await api(member).delete(`/v1/posts/${post.postId}/reactions/like`)).status).toBe(200);
    expect((await api(member).delete(`/v1/posts/${post.postId}/comments/${comment.commentId}`)).status).toBe(204);
    const idea = (await api(member).post(`/v1/communities/${communityId}/posts`, { kind: 'idea', title: `Idea ${secret}`, body: 'b' })).body;
    expect((await api(manager).put(`/v1/posts/${idea.postId}/idea-status`, { ideaStatus: 'planned' })).status).toBe(200);
    expect((await api(member).delete(`/v1/posts/${post.postId}`)).status).toBe(204);
    const expected = [
      'comment.created',
      'comment.deleted',
      'community.created',
      'idea.status-changed',
      'member.joined',
      'post.created',
      'post.created',
      'post.deleted',
      'post.edited',
      'reaction.added',
      'reaction.removed',
    ];

    // Act: wait for the pipeline (stream poller, publisher, queue poller, archiver).
    const sql = `SELECT event_type, count(*) AS n FROM events_deduplicated WHERE community_id = '${communityId}' OR post_id IN ('${post.postId}', '${idea.postId}') GROUP BY 1 ORDER BY 1`;
    const { rows, dir } = await lakeRowsUntil(local.lakeBucket!, sql, (r) => r.reduce((sum, row) => sum + Number(row.n), 0) >= expected.length);

    // Assess: one row per committed write, of the right types; nothing personal in any file.
    const counted = rows.flatMap((row) => Array(Number(row.n)).fill(row.event_type));
    expect(counted).toEqual(expected);
    const files = await filesUnder(join(dir, 'events'));
    // The archiver's objects, and compaction's merged ones (lake-compaction.test.ts) of closed days.
    expect(files.every((f) => /events\/v1\/event_type=[a-z.-]+\/dt=\d{4}-\d{2}-\d{2}\/(compacted-)?[0-9a-f]{32}\.parquet$/.test(f))).toBe(true);
    for (const file of files) {
      const bytes = (await readFile(file)).toString('latin1');
      expect(bytes).not.toContain(secret);
      expect(bytes).not.toContain('lake-member');
      expect(bytes).not.toContain('@example.com');
    }
    const connection = await openLake(dir);
    const [created] = await query(
      connection,
      `SELECT actor_id, product_ids, data, typeof(occurred_at) AS t FROM events_deduplicated WHERE post_id = '${post.postId}' AND event_type = 'post.created'`,
    );
    connection.closeSync();
    expect(created).toMatchObject({ product_ids: ['SKU-LAKE-1'], t: 'TIMESTAMP' });
    expect(JSON.parse(created!.data as string)).toMatchObject({ kind: 'review', rating: 2 });
  }, 40_000);

  test('the top-products report counts posts, reviews, ratings, comments, reactions and views per product', async () => {
    // Prepare: two reviews and a question about one product, with comments, reactions and views.
    const [manager, alice, bob] = await Promise.all([
      tokenFor('top-manager', ['community-managers']),
      tokenFor('top-alice', ['members']),
      tokenFor('top-bob', ['members']),
    ]);
    const communityId = uniqueId('top');
    const product = `SKU-TOP-${randomUUID().slice(0, 8).toUpperCase()}`;
    await api(manager).post('/v1/communities', { communityId, name: 'Top products' });
    const posts = `/v1/communities/${communityId}/posts`;
    const first = (await api(alice).post(posts, { kind: 'review', title: 't', body: 'b', productIds: [product], rating: 5 })).body;
    const second = (await api(bob).post(posts, { kind: 'review', title: 't', body: 'b', productIds: [product], rating: 2 })).body;
    const question = (await api(bob).post(posts, { kind: 'question', title: 'q', body: 'b', productIds: [product] })).body;
    await api(bob).post(`/v1/posts/${first.postId}/comments`, { body: 'agreed' });
    await api(alice).post(`/v1/posts/${question.postId}/comments`, { body: 'yes' });
    await api(bob).put(`/v1/posts/${first.postId}/reactions/helpful`);
    await api(alice).put(`/v1/posts/${second.postId}/reactions/like`);
    await api(bob).put(`/v1/posts/${second.postId}/reactions/like`);
    const views = [first, second, question].map((p) => ({
      eventId: randomUUID(),
      type: 'post.viewed',
      occurredAt: new Date().toISOString(),
      postId: p.postId,
      communityId,
    }));
    expect((await api(bob).post('/v1/events', { events: views })).status).toBe(200);

    // Act: the report, once the pipeline has carried everything (3 posts, 2 comments, 3 reactions, 3 views).
    const sql = `SELECT * FROM (${REPORTS['top-products']!.sql(reportWindow(new Date())).replace(/\s+LIMIT 20$/, '')}) WHERE product_id = '${product}'`;
    const { rows } = await lakeRowsUntil(local.lakeBucket!, sql, (r) => Number(r[0]?.interactions ?? 0) >= 11);

    // Assess: the numbers a person would count by hand.
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      product_id: product,
      interactions: '11',
      posts: '3',
      reviews: '2',
      average_rating: 3.5,
      comments: '2',
      reactions: '3',
      views: '3',
    });
  }, 40_000);

  test('POST /v1/events answers per event; invalid events never reach events/ but are kept under bad/ with their reason', async () => {
    // Prepare
    const token = await tokenFor('lake-viewer', ['members']);
    const communityId = uniqueId('events');
    const good = { eventId: randomUUID(), type: 'feed.scrolled', occurredAt: new Date().toISOString(), feed: 'community', communityId, itemsSeen: 12 };
    const badId = randomUUID();
    const bad = {
      eventId: badId,
      type: 'search.performed',
      occurredAt: new Date().toISOString(),
      communityId,
      queryLength: 4,
      resultCount: 2,
      query: 'my name',
    };
    const late = { ...good, eventId: randomUUID(), occurredAt: '2001-01-01T00:00:00Z' };

    // Act
    const res = await api(token).post('/v1/events', { events: [good, bad, late, 'not an event'] });
    const malformed = await api(token).post('/v1/events', { events: [] });

    // Assess
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      { index: 0, eventId: good.eventId, accepted: true },
      { index: 1, eventId: badId, accepted: false, reason: expect.stringContaining('query') },
      { index: 2, eventId: late.eventId, accepted: false, reason: expect.stringContaining('days old') },
      { index: 3, eventId: null, accepted: false, reason: expect.any(String) },
    ]);
    expect(malformed.status).toBe(422);
    const { rows, dir } = await lakeRowsUntil(
      local.lakeBucket!,
      `SELECT event_id, actor_id FROM events_deduplicated WHERE community_id = '${communityId}'`,
      (r) => r.length >= 1,
    );
    expect(rows).toEqual([{ event_id: good.eventId, actor_id: expect.any(String) }]);
    const badLines = (await Promise.all((await filesUnder(join(dir, 'bad')).catch(() => [])).map((f) => readFile(f, 'utf8')))).join('');
    expect(badLines).toContain(badId);
    expect(badLines).toMatch(/rejected by POST \/v1\/events: .*query/);
  }, 30_000);
});

const envelope = (eventType: EventEnvelope['event_type'], occurredAt = new Date().toISOString()): EventEnvelope => ({
  event_id: randomUUID(),
  event_type: eventType,
  schema_version: SCHEMA_VERSION,
  occurred_at: occurredAt,
  received_at: new Date().toISOString(),
  actor_id: 'member-1',
  community_id: 'retry-test',
  post_id: null,
  product_ids: [],
  data: { feed: 'community', items_seen: 1 },
});

maybe('archiver retries', () => {
  let poller: Poller | undefined;
  afterEach(async () => poller?.stop());

  test('with a lake failing a third of the writes, a batch delivered twice and a poison message: every event archived once after dedup, the poison in the DLQ', async () => {
    // Prepare: a queue with the production redrive policy, a bucket, and an archiver whose lake
    // (the real S3 adapter) fails a third of the writes of a message's first two deliveries, and
    // always for the poison's partition. (Random failures on every delivery would, now and then,
    // send a healthy message to the DLQ after five unlucky tries: true of S3 too, but not this test's point.)
    const name = uniqueId('retry');
    const dlqUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }))).QueueUrl!;
    const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
    const queueUrl = (
      await sqs.send(
        new CreateQueueCommand({
          QueueName: name,
          Attributes: { VisibilityTimeout: '30', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: '5' }) },
        }),
      )
    ).QueueUrl!;
    await s3.send(new CreateBucketCommand({ Bucket: name }));
    const real = s3LakeStore(s3, name);
    let writes = 0;
    let failures = 0;
    let earlyDelivery = false;
    const flaky: LakeStore = {
      async put(key, body, contentType) {
        writes += 1;
        if (key.includes('dt=2001-01-01') || (earlyDelivery && writes % 3 === 0)) {
          failures += 1;
          throw new Error('injected S3 failure');
        }
        await real.put(key, body, contentType);
      },
    };
    poller = startQueuePoller({
      client: sqs,
      queueUrl,
      queueArn: `arn:aws:sqs:us-east-1:000000000000:${name}`,
      region: 'us-east-1',
      batchSize: 25,
      maxBatchingWindowMs: 200,
      retryAfterSeconds: 0,
      handler: async (event) => {
        earlyDelivery = event.Records.every((r) => Number(r.attributes.ApproximateReceiveCount) <= 2);
        const outcome = await archiveBatch(
          { lake: flaky, clock: () => new Date() },
          event.Records.map((r) => ({ messageId: r.messageId, body: r.body })),
        );
        return { batchItemFailures: outcome.failedMessageIds.map((itemIdentifier) => ({ itemIdentifier })) };
      },
      context: () => ({}) as never,
    });
    const types = ['post.viewed', 'feed.scrolled', 'search.performed', 'product-link.clicked'] as const;
    const events = Array.from({ length: 40 }, (_, i) => envelope(types[i % types.length]!));
    const poison = envelope('post.viewed', '2001-01-01T12:00:00.000Z');

    // Act: every event sent twice (a producer retry), the poison once.
    const bodies = [...events, ...events, poison].map((e) => JSON.stringify(e));
    for (let i = 0; i < bodies.length; i += 10) {
      await sqs.send(
        new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: bodies.slice(i, i + 10).map((body, j) => ({ Id: String(j), MessageBody: body })) }),
      );
    }

    // Assess: all 40 in the lake exactly once after dedup; the poison alone in the DLQ.
    const { rows } = await lakeRowsUntil(
      name,
      'SELECT count(*) AS raw, count(DISTINCT event_id) AS distinct_ids FROM events',
      (r) => Number(r[0]?.distinct_ids) >= 40,
      25_000,
    );
    expect(Number(rows[0]!.distinct_ids)).toBe(40);
    const { rows: deduplicated } = await lakeRowsUntil(name, 'SELECT event_id FROM events_deduplicated ORDER BY 1', () => true);
    expect(deduplicated.map((r) => r.event_id)).toEqual(events.map((e) => e.event_id).sort());
    expect(failures).toBeGreaterThan(0);
    let dead: string[] = [];
    const deadline = Date.now() + 20_000;
    while (dead.length === 0 && Date.now() < deadline) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 0 }),
      );
      dead = Messages.map((m) => (JSON.parse(m.Body!) as EventEnvelope).event_id);
    }
    expect(dead).toEqual([poison.event_id]);
    console.log(
      `archiver under injected failures: ${writes} writes, ${failures} failed (${Math.round((100 * failures) / writes)} %), ${rows[0]!.raw} rows stored for 40 events`,
    );

    // And the redrive moves it back to the queue (fauxqs has no StartMessageMoveTask: receive, send, delete).
    await poller.stop();
    poller = undefined;
    const result = await redrive(sqs, dlqUrl, queueUrl);
    expect(result).toEqual({ method: 'receive-send-delete', moved: 1 });
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 2 }));
    expect(Messages.map((m) => (JSON.parse(m.Body!) as EventEnvelope).event_id)).toEqual([poison.event_id]);
  }, 60_000);

  test('a packed message with one event the lake fails is retried whole, its events once each in the deduplicated view; a dead-lettered packed message redrives unchanged', async () => {
    // Prepare: a queue with the production redrive policy, a bucket, and an archiver whose lake fails
    // the scroll partition on a message's first delivery, and the 2001 partition always (the poison).
    const name = uniqueId('packed');
    const dlqUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }))).QueueUrl!;
    const dlqArn = (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }))).Attributes!.QueueArn!;
    const { maxReceiveCount } = analyticsMessagingDesign.deadLetterQueue;
    const queueUrl = (
      await sqs.send(
        new CreateQueueCommand({
          QueueName: name,
          Attributes: { VisibilityTimeout: '30', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: String(maxReceiveCount) }) },
        }),
      )
    ).QueueUrl!;
    await s3.send(new CreateBucketCommand({ Bucket: name }));
    const real = s3LakeStore(s3, name);
    const deliveries = new Map<string, number>();
    let firstDelivery = false;
    const flaky: LakeStore = {
      async put(key, body, contentType) {
        if (key.includes('dt=2001-01-01') || (firstDelivery && key.includes('event_type=feed.scrolled/'))) throw new Error('injected S3 failure');
        await real.put(key, body, contentType);
      },
    };
    poller = startQueuePoller({
      client: sqs,
      queueUrl,
      queueArn: `arn:aws:sqs:us-east-1:000000000000:${name}`,
      region: 'us-east-1',
      batchSize: 25,
      maxBatchingWindowMs: 200,
      retryAfterSeconds: 0,
      handler: async (event) => {
        firstDelivery = event.Records.every((r) => Number(r.attributes.ApproximateReceiveCount) === 1);
        for (const r of event.Records) deliveries.set(r.body, (deliveries.get(r.body) ?? 0) + 1);
        const outcome = await archiveBatch(
          { lake: flaky, clock: () => new Date() },
          event.Records.map((r) => ({ messageId: r.messageId, body: r.body })),
        );
        return { batchItemFailures: outcome.failedMessageIds.map((itemIdentifier) => ({ itemIdentifier })) };
      },
      context: () => ({}) as never,
    });
    const queue = sqsEventQueue(sqs, queueUrl);
    const packedEvents = [envelope('post.viewed'), envelope('post.viewed'), envelope('search.performed'), envelope('feed.scrolled')];
    const poisonEvents = [envelope('post.viewed'), envelope('post.viewed', '2001-01-01T12:00:00.000Z')];
    const [packedBody = '', poisonBody = ''] = [packedEvents, poisonEvents].map((events) => {
      const messages = packMessages(events.map(eventMessage), analyticsMessagingDesign.packing);
      expect(messages).toHaveLength(1);
      return messages[0]!.body;
    });

    // Act: each group of events sent through the producers' queue adapter, as one packed message each.
    expect(await queue.send(packedEvents.map(eventMessage))).toEqual([]);
    expect(await queue.send(poisonEvents.map(eventMessage))).toEqual([]);

    // Assess: the packed message was delivered again, whole, and each of its events is in the view once.
    const ids = packedEvents.map((e) => `'${e.event_id}'`).join(', ');
    const { rows } = await lakeRowsUntil(
      name,
      `SELECT event_id, count(*) AS n FROM events_deduplicated WHERE event_id IN (${ids}) GROUP BY 1 ORDER BY 1`,
      (r) => r.length >= packedEvents.length,
      25_000,
    );
    expect(rows.map((r) => [r.event_id, Number(r.n)])).toEqual(
      packedEvents.map((e) => [e.event_id, 1]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    expect(deliveries.get(packedBody)).toBe(2);

    // And the poison message lands in the DLQ exactly as it was sent, after maxReceiveCount deliveries.
    let dead: string[] = [];
    const deadline = Date.now() + 20_000;
    while (dead.length === 0 && Date.now() < deadline) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 0 }),
      );
      dead = Messages.map((m) => m.Body!);
    }
    expect(dead).toEqual([poisonBody]);
    expect(deliveries.get(poisonBody)).toBe(maxReceiveCount);

    // And the redrive moves it back byte for byte: still one packed message with both events.
    await poller.stop();
    poller = undefined;
    expect(await redrive(sqs, dlqUrl, queueUrl)).toEqual({ method: 'receive-send-delete', moved: 1 });
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 2 }));
    expect(Messages.map((m) => m.Body)).toEqual([poisonBody]);
    expect(itemsOf(Messages[0]!.Body!).items).toEqual(poisonEvents);
  }, 60_000);
});
