/**
 * POST /v1/events and the analytics path behind it, on fauxqs (the SQS and S3 emulator the local
 * runtime uses): the route's entries for the per-route measurements, and a steady load through the
 * real archiver, delivered by the local stand-in for the SQS event source mapping
 * (local/queue-poller.ts) with the stack's batch size and window.
 */
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, PurgeQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { archiveBatch } from '../lambdas/analytics/archive';
import { EVENTS_PREFIX } from '../lambdas/analytics/envelope';
import type { LakeStore } from '../lambdas/analytics/ports';
import { toClientEnvelope } from '../lambdas/analytics/client-events';
import type { ClientEvent } from '../lambdas/analytics/event-schemas';
import { eventMessage, itemsOf } from '../lambdas/analytics/messages';
import { analyticsMessagingDesign } from '../lambdas/store/messaging-design';
import { startQueuePoller } from '../local/queue-poller';
import { sessionStream } from './population';
import { BENCH_SEED, type BenchData, type RouteBench, type UnitBudget } from './routes';
import { type DynamoRecorder, sumUnits } from './dynamo-recorder';
import type { RecordedSqsCall, SqsRecorder } from './sqs-recorder';
import { median, round } from './stats';

/** Distinct posts a session of `events` events names: one in five (a member views and acts on ~20 posts in 100 events). */
export const distinctPostsOf = (events: number) => Math.max(1, Math.round(events / 5));

/**
 * Realistic client batches (bench/population.ts): one member's last minute, about `distinctPostsOf`
 * posts drawn by popularity, the apps' mix of event types and values. Seeded: the same every run.
 */
export function sessions(d: Pick<BenchData, 'population'>, seed = BENCH_SEED): (events: number, at?: Date) => ClientEvent[] {
  const draw = sessionStream(d.population, seed);
  return (events, at = new Date()) => draw({ events, distinctPosts: distinctPostsOf(events), from: at.getTime() - 60_000, to: at.getTime() });
}

/** The post facts an envelope carries (its community and products), as the events route reads them from the table. */
const factsOf = (d: Pick<BenchData, 'population'>) => {
  const byId = new Map(d.population.posts.map((p) => [p.postId, { communityId: p.communityId, productIds: p.productIds }]));
  return (e: ClientEvent) => ('postId' in e ? byId.get(e.postId) : undefined);
};

/**
 * The SQS requests a client batch of `events` small events cannot do with fewer: they pack into one
 * compressed message (lambdas/analytics/messages.ts, format 3: ~0.36 KB an event as JSON, ~55 B
 * compressed and encoded), one SendMessageBatch call, billed one request per started 64 KB.
 */
export const sqsRequestsFor = (events: number) => Math.max(1, Math.ceil((events * 55) / 65_536));

export function eventRoutes(d: BenchData): RouteBench[] {
  return [10, 100].map((size): RouteBench => {
    const session = sessions(d, BENCH_SEED + size);
    const posts = distinctPostsOf(size);
    const budget: UnitBudget = {
      // One BatchGetItem of the distinct posts the events name, eventually consistent, each under 4 KB.
      read: posts * 0.5,
      write: 1,
      sqsRequests: sqsRequestsFor(size),
      reason:
        `the member's rate window, under 1 KB (1 WRU: in their own RATE# partition, no index keys); one BatchGetItem of the ${posts} distinct posts the session's events name (0.5 RRU each: eventually consistent, under 4 KB); ` +
        `the batch packed into one compressed message (~55 B an event, one billed request per started 64 KB): ${sqsRequestsFor(size)} SQS request${sqsRequestsFor(size) > 1 ? 's' : ''}`,
    };
    return {
      name: `record ${size} events`,
      operationId: 'recordEvents',
      status: 200,
      budget,
      // A member per iteration: one member's apps may send only EVENTS_PER_MINUTE events a minute.
      prepare: async (i) => ({
        body: { events: session(size) },
        caller: { memberId: `bench-app-user-a-${i}`, groups: ['members'] },
        twins: { [`bench-app-user-a-${i}`]: `bench-app-user-b-${i}` },
      }),
      check: (body) => {
        const results = (body as { results: { accepted: boolean; reason?: string }[] }).results;
        const refused = results.filter((r) => !r.accepted);
        if (refused.length > 0) throw new Error(`record ${size} events: ${refused.length} refused, e.g. ${refused[0]!.reason}`);
      },
    };
  });
}

// ---------------------------------------------------------------------------------------------
// The analytics path under a steady load

export interface AnalyticsFigure {
  readonly load: {
    readonly eventsPerSecond: number;
    readonly seconds: number;
    readonly eventsPerRequest: number;
    readonly eventsSent: number;
    readonly eventsByType: Readonly<Record<string, number>>;
  };
  /** POST /v1/events under the load: its requests, the DynamoDB units they consumed and their summed handler time. */
  readonly producer?: { readonly requests: number; readonly readUnits: number; readonly writeUnits: number; readonly handlerMsTotal: number };
  readonly source: { readonly batchSize: number; readonly maxBatchingWindowSeconds: number; readonly archiverMemoryMb: number };
  readonly archiver: {
    readonly invocations: number;
    readonly messagesPerInvocation: { readonly median: number; readonly min: number; readonly max: number };
    readonly handlerMsMedian: number;
    readonly handlerMsTotal: number;
    /** Events archived over the archiver's summed handler time. */
    readonly eventsPerSecond: number;
    readonly failedMessages: number;
  };
  readonly lake: {
    readonly objects: number;
    readonly events: number;
    readonly bytes: number;
    readonly eventsPerObject: number;
    readonly bytesPerEvent: number;
    /** The events' envelope JSON as queued, per event. */
    readonly rawJsonBytesPerEvent: number;
    readonly byType: readonly {
      readonly eventType: string;
      readonly objects: number;
      readonly events: number;
      readonly bytes: number;
      readonly bytesPerEvent: number;
    }[];
  };
  /** The same events archived in full batches (batchSize messages per call), in memory. */
  readonly fullBatch: {
    readonly batchSize: number;
    readonly objects: number;
    readonly eventsPerObject: number;
    readonly bytesPerEvent: number;
    readonly msPerBatch: number;
    readonly eventsPerSecond: number;
  };
  /**
   * SQS requests the path made per event: the producer's sends, the poller's receives and deletes.
   * Sends and receives are each billed one request per started 64 KB of the payload they carry
   * (bench/sqs-recorder.ts reads a receive's from its response). `receivedPayload`, in runs before
   * receives were billed by their payload, estimated the chunks received on top of one per receive
   * (which counted a receive of under 64 KB twice); now 0.
   */
  readonly sqsRequestsPerEvent: { readonly send: number; readonly receive: number; readonly delete: number; readonly receivedPayload: number };
  /** The same requests as billed, counted (the per-event figures are these over `load.eventsSent`), and the receive calls' yield. */
  readonly sqsRequests?: SqsRequestCounts;
  /** Events a message carried (packed, format 3), as received. */
  readonly eventsPerMessage: number;
  /** A message body's mean size as received (compressed and base64-encoded), in bytes. */
  readonly messageBytes?: number;
  /**
   * The same path with a backlog: the producer queues `events` first, then the poller drains them,
   * so every receive finds ten messages or more waiting, as at any rate of 100 messages a second and
   * more (10,000 events/s in client batches of 100). What receives and deletes cost when they are full.
   */
  readonly backlog?: {
    readonly events: number;
    readonly sqsRequests: SqsRequestCounts;
    readonly sqsRequestsPerEvent: { readonly send: number; readonly receive: number; readonly delete: number; readonly total: number };
  };
  readonly drainMs: number;
}

export interface SqsRequestCounts {
  readonly send: number;
  readonly receive: number;
  readonly delete: number;
  /** ReceiveMessage calls, empty ones included, and the messages they returned on average. */
  readonly receiveCalls: number;
  readonly messagesPerReceive: number;
}

/** What the recorded calls bill, by kind, and how many messages a receive returned. */
function countsOf(calls: readonly RecordedSqsCall[]): SqsRequestCounts {
  const billed = (name: string) => calls.filter((c) => c.command === name).reduce((sum, c) => sum + c.billedRequests, 0);
  const receives = calls.filter((c) => c.command === 'ReceiveMessageCommand');
  const messages = receives.reduce((sum, c) => sum + (c.messages ?? 0), 0);
  return {
    send: billed('SendMessageBatchCommand'),
    receive: billed('ReceiveMessageCommand'),
    delete: billed('DeleteMessageBatchCommand'),
    receiveCalls: receives.length,
    messagesPerReceive: round(messages / Math.max(1, receives.length), 2),
  };
}

export interface AnalyticsOptions {
  readonly d: BenchData;
  readonly sqs: SQSClient;
  readonly s3: S3Client;
  readonly queueUrl: string;
  readonly bucket: string;
  readonly region: string;
  readonly eventsPerSecond: number;
  readonly seconds: number;
  readonly eventsHandler: (event: unknown, context: Context) => Promise<{ statusCode?: number; body?: string }>;
  readonly archiverHandler: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;
  readonly eventOf: (request: { body: unknown; caller: { memberId: string; groups: ['members'] } }, requestId: string) => unknown;
  readonly context: (functionName: string) => Context;
  readonly sqsRecorder: SqsRecorder;
  /** The handlers' DynamoDB calls, for the producer's units under the load. */
  readonly dynamoRecorder: DynamoRecorder;
  /**
   * Readies a member as the routes phase does (their state item, which a first contribution would
   * otherwise create), so the load costs what a returning member's batch costs.
   */
  readonly readyMember?: (memberId: string) => Promise<void>;
  readonly log: (line: string) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function queueDepth(sqs: SQSClient, queueUrl: string): Promise<number> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
  );
  return Number(Attributes?.ApproximateNumberOfMessages ?? 0) + Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
}

interface Invocation {
  readonly messages: number;
  readonly events: number;
  readonly bytes: number;
  readonly ms: number;
  readonly failed: number;
}

/** The local stand-in for the event source mapping, with the stack's batch settings, on a recorded client of its own. */
function startArchiverPoller(o: AnalyticsOptions, invocations: Invocation[]) {
  const design = analyticsMessagingDesign.archiverSource;
  // The poller's own client, so its receives and deletes are recorded (o.sqs is the unrecorded raw client).
  const pollerClient = new SQSClient({});
  o.sqsRecorder.watch(pollerClient);
  const poller = startQueuePoller({
    client: pollerClient,
    queueUrl: o.queueUrl,
    queueArn: o.queueUrl,
    region: o.region,
    batchSize: design.batchSize,
    maxBatchingWindowMs: design.maxBatchingWindowSeconds * 1000,
    handler: async (event, context) => {
      const t0 = performance.now();
      const response = await o.archiverHandler(event, context);
      // Events, not messages: a packed message carries many; a failed message's events count once it is archived.
      const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
      const events = event.Records.filter((r) => !failed.has(r.messageId)).reduce((sum, r) => sum + itemsOf(r.body).items.length, 0);
      const bytes = event.Records.reduce((sum, r) => sum + Buffer.byteLength(r.body), 0);
      invocations.push({ messages: event.Records.length, events, bytes, ms: performance.now() - t0, failed: failed.size });
      return response;
    },
    context: () => o.context('chorus-bench-archiver'),
    onError: (error) => o.log(`  archiver poller: ${(error as Error).message}`),
  });
  return {
    async stop() {
      await poller.stop();
      pollerClient.destroy();
    },
  };
}

/**
 * The backlog phase: `requests` more client batches queued with no archiver running, then drained by
 * the poller (other members than the steady load's: each may send only EVENTS_PER_MINUTE a minute).
 */
async function measureBacklog(
  o: AnalyticsOptions,
  requests: number,
  session: (events: number) => ClientEvent[],
): Promise<NonNullable<AnalyticsFigure['backlog']>> {
  const perRequest = 100;
  o.sqsRecorder.take();
  for (let r = 0; r < requests; r++) {
    const memberId = o.d.population.members[(requests + r) % o.d.population.members.length]!;
    const result = await o.eventsHandler(
      o.eventOf({ body: { events: session(perRequest) }, caller: { memberId, groups: ['members'] } }, `bench-backlog-${r}`),
      o.context('chorus-bench-events'),
    );
    if (result.statusCode !== 200) throw new Error(`POST /v1/events answered ${result.statusCode}: ${result.body ?? ''}`);
  }
  const events = requests * perRequest;
  const invocations: Invocation[] = [];
  const poller = startArchiverPoller(o, invocations);
  const archived = () => invocations.reduce((sum, i) => sum + i.events, 0);
  for (let n = 0; n < 600 && archived() < events; n++) await sleep(100);
  await poller.stop();
  if (archived() < events) throw new Error(`the archiver archived ${archived()} of ${events} backlog events within 60 s`);
  const sqsRequests = countsOf(o.sqsRecorder.take());
  const perEvent = (n: number) => round(n / events, 4);
  return {
    events,
    sqsRequests,
    sqsRequestsPerEvent: {
      send: perEvent(sqsRequests.send),
      receive: perEvent(sqsRequests.receive),
      delete: perEvent(sqsRequests.delete),
      total: perEvent(sqsRequests.send + sqsRequests.receive + sqsRequests.delete),
    },
  };
}

export async function measureAnalyticsPath(o: AnalyticsOptions): Promise<AnalyticsFigure> {
  const design = analyticsMessagingDesign.archiverSource;
  // What the route measurements queued is not part of the steady load.
  await o.sqs.send(new PurgeQueueCommand({ QueueUrl: o.queueUrl }));
  for (let n = 0; n < 50 && (await queueDepth(o.sqs, o.queueUrl)) > 0; n++) await sleep(100);

  const invocations: Invocation[] = [];
  o.sqsRecorder.take();
  const poller = startArchiverPoller(o, invocations);

  // The producer: POST /v1/events with 100 events, at a fixed rate, through the real handler.
  const perRequest = 100;
  const requests = Math.round((o.eventsPerSecond * o.seconds) / perRequest);
  const intervalMs = (perRequest / o.eventsPerSecond) * 1000;
  const eventsByType: Record<string, number> = {};
  const session = sessions(o.d);
  const facts = factsOf(o.d);
  const memberOf = (r: number) => o.d.population.members[r % o.d.population.members.length]!;
  // The steady load's members and the backlog's (requests more), outside the recorded window.
  for (let r = 0; r < 2 * requests; r++) await o.readyMember?.(memberOf(r));
  let rawJsonBytes = 0;
  const started = performance.now();
  o.dynamoRecorder.take();
  let producerMs = 0;
  for (let r = 0; r < requests; r++) {
    const due = started + r * intervalMs;
    if (due > performance.now()) await sleep(due - performance.now());
    const events = session(perRequest);
    // Many app users, as in production: one member may send only EVENTS_PER_MINUTE events a minute.
    const memberId = memberOf(r);
    for (const e of events) {
      eventsByType[e.type] = (eventsByType[e.type] ?? 0) + 1;
      rawJsonBytes += Buffer.byteLength(
        eventMessage(toClientEnvelope(e, { memberId, username: memberId, groups: new Set(['members']) }, new Date(), facts(e))).body,
      );
    }
    const t0 = performance.now();
    const result = await o.eventsHandler(
      o.eventOf({ body: { events }, caller: { memberId, groups: ['members'] } }, `bench-load-${r}`),
      o.context('chorus-bench-events'),
    );
    producerMs += performance.now() - t0;
    if (result.statusCode !== 200) throw new Error(`POST /v1/events answered ${result.statusCode}: ${result.body ?? ''}`);
  }
  const loadEnded = performance.now();
  const producerUnits = sumUnits(o.dynamoRecorder.take().map((c) => c.units));
  const eventsSent = requests * perRequest;
  const archived = () => invocations.reduce((sum, i) => sum + i.events, 0);
  for (let n = 0; n < 600 && archived() < eventsSent; n++) await sleep(100);
  const drainMs = performance.now() - loadEnded;
  await poller.stop();
  const sqsCalls = o.sqsRecorder.take();
  if (archived() < eventsSent) throw new Error(`the archiver archived ${archived()} of ${eventsSent} events within 60 s of the load's end`);

  // The lake, as S3 lists it.
  const objects: { key: string; size: number }[] = [];
  let token: string | undefined;
  do {
    const page = await o.s3.send(new ListObjectsV2Command({ Bucket: o.bucket, Prefix: EVENTS_PREFIX, ContinuationToken: token }));
    for (const item of page.Contents ?? []) objects.push({ key: item.Key!, size: item.Size ?? 0 });
    token = page.NextContinuationToken;
  } while (token);
  const bytes = objects.reduce((sum, x) => sum + x.size, 0);
  const byType = Object.entries(eventsByType).map(([eventType, events]) => {
    const mine = objects.filter((x) => x.key.includes(`event_type=${eventType}/`));
    const typeBytes = mine.reduce((sum, x) => sum + x.size, 0);
    return { eventType, objects: mine.length, events, bytes: typeBytes, bytesPerEvent: round(typeBytes / events, 1) };
  });

  // Full batches, in memory: what the lake would hold if every invocation got batchSize messages.
  const sizes: number[] = [];
  const memoryLake: LakeStore = { put: async (_key, body) => void sizes.push(body.byteLength) };
  const now = new Date();
  const messages = session(design.batchSize, now).map((e, n) => {
    const memberId = o.d.population.members[n % 50]!;
    return { messageId: `m-${n}`, body: eventMessage(toClientEnvelope(e, { memberId, username: memberId, groups: new Set(['members']) }, now, facts(e))).body };
  });
  const batchMs: number[] = [];
  for (let n = 0; n < 5; n++) {
    sizes.length = 0;
    const t0 = performance.now();
    await archiveBatch({ lake: memoryLake, clock: () => now }, messages);
    batchMs.push(performance.now() - t0);
  }
  const fullBytes = sizes.reduce((sum, s) => sum + s, 0);

  const backlog = await measureBacklog(o, requests, session);

  const handlerMsTotal = invocations.reduce((sum, i) => sum + i.ms, 0);
  const counts = invocations.map((i) => i.messages);
  const sqsRequests = countsOf(sqsCalls);
  const delivered = invocations.reduce((sum, i) => sum + i.messages, 0);
  return {
    load: { eventsPerSecond: o.eventsPerSecond, seconds: o.seconds, eventsPerRequest: perRequest, eventsSent, eventsByType },
    producer: {
      requests,
      readUnits: round(producerUnits.read, 1),
      writeUnits: round(producerUnits.write, 1),
      handlerMsTotal: round(producerMs, 1),
    },
    source: { batchSize: design.batchSize, maxBatchingWindowSeconds: design.maxBatchingWindowSeconds, archiverMemoryMb: 1024 },
    archiver: {
      invocations: invocations.length,
      messagesPerInvocation: { median: median(counts), min: Math.min(...counts), max: Math.max(...counts) },
      handlerMsMedian: round(median(invocations.map((i) => i.ms)), 2),
      handlerMsTotal: round(handlerMsTotal, 1),
      eventsPerSecond: Math.round(archived() / (handlerMsTotal / 1000)),
      failedMessages: invocations.reduce((sum, i) => sum + i.failed, 0),
    },
    lake: {
      objects: objects.length,
      events: eventsSent,
      bytes,
      eventsPerObject: round(eventsSent / objects.length, 1),
      bytesPerEvent: round(bytes / eventsSent, 1),
      rawJsonBytesPerEvent: round(rawJsonBytes / eventsSent, 1),
      byType,
    },
    fullBatch: {
      batchSize: design.batchSize,
      objects: sizes.length,
      eventsPerObject: round(design.batchSize / sizes.length, 1),
      bytesPerEvent: round(fullBytes / design.batchSize, 1),
      msPerBatch: round(median(batchMs), 1),
      eventsPerSecond: Math.round(design.batchSize / (median(batchMs) / 1000)),
    },
    sqsRequestsPerEvent: {
      send: round(sqsRequests.send / eventsSent, 4),
      receive: round(sqsRequests.receive / eventsSent, 4),
      delete: round(sqsRequests.delete / eventsSent, 4),
      receivedPayload: 0,
    },
    sqsRequests,
    messageBytes: Math.round(invocations.reduce((sum, i) => sum + i.bytes, 0) / Math.max(1, delivered)),
    backlog,
    eventsPerMessage: round(
      invocations.reduce((sum, i) => sum + i.events, 0) /
        Math.max(
          1,
          invocations.reduce((sum, i) => sum + i.messages - i.failed, 0),
        ),
      1,
    ),
    drainMs: Math.round(drainMs),
  };
}
