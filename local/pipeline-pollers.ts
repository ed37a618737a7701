/**
 * The event source mappings, locally: the table's stream into the publisher
 * (lambdas/handlers/publisher.ts), the analytics queue into the archiver
 * (lambdas/handlers/archiver.ts) and the notifications queue into the notifier
 * (lambdas/handlers/notifier.ts), with the batch settings the CDK stack gives the real mappings.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { analyticsMessagingDesign, memberDataDesign, notificationsMessagingDesign } from '../lambdas/store/messaging-design';
import type { EmulatorEndpoints } from './emulators';
import { createLambdaContext } from './lambda-context';
import { describeStartupFailure } from './local-runtime-error';
import type { AnalyticsResources } from './messaging-local';
import type { Poller } from './poll-loop';
import { startQueuePoller } from './queue-poller';
import type { LocalSettings } from './settings';
import { startStreamPoller, type StreamCheckpoint } from './stream-poller';
import type { Teardown } from './teardown';
import type { UsageRecorder } from './usage-recorder';

/** Runs around each invocation (usage recording). */
type Around = <T>(run: () => Promise<T>) => Promise<T>;

export interface PollerClients {
  readonly streams: DynamoDBStreamsClient;
  /** Its receives and deletes are billed as the mapping's polling, so the usage recorder watches it. */
  readonly sqs: SQSClient;
}

export function createPollerClients({ region }: LocalSettings, endpoints: EmulatorEndpoints, teardown: Teardown): PollerClients {
  const clients = { streams: new DynamoDBStreamsClient({ endpoint: endpoints.dynamodb, region }), sqs: new SQSClient({ endpoint: endpoints.sqs, region }) };
  teardown.add(() => {
    clients.streams.destroy();
    clients.sqs.destroy();
  });
  return clients;
}

/**
 * Starts both pollers before any request can write: a fresh (in-memory) table's stream is read from
 * its start, a kept one right after what was delivered before a restart (what it held was published
 * when it was written).
 */
export async function startPipelinePollers(
  settings: LocalSettings,
  target: { readonly clients: PollerClients; readonly streamArn: string; readonly analytics: AnalyticsResources },
  usage: UsageRecorder,
  teardown: Teardown,
): Promise<void> {
  const { region, logger } = settings;
  const lambdaContext = (functionName: string) => () => createLambdaContext({ functionName, region, accountId: '000000000000', timeoutMs: 30_000 });
  const pollerError = (name: string) => (error: unknown) => logger.error(`${name}: ${describeStartupFailure(error)}`);
  const publisher = await startPublisherPoller({
    client: target.clients.streams,
    streamArn: target.streamArn,
    startingPosition: 'TRIM_HORIZON',
    ...(settings.inMemory ? {} : { checkpoint: fileCheckpoint(join(settings.dataDir, 'stream-checkpoint.json')) }),
    context: lambdaContext('chorus-publisher'),
    around: (run) => usage.recordPipelineInvocation('publisher', run),
    onError: pollerError('publisher'),
  });
  teardown.add(() => publisher.stop());
  // The queue consumers' event source mappings: each queue into its handler, with its source's batch and window.
  const consumers = [
    {
      name: 'archiver',
      queueUrl: target.analytics.eventsQueueUrl,
      load: () => import('../lambdas/handlers/archiver'),
      source: analyticsMessagingDesign.archiverSource,
    },
    {
      name: 'notifier',
      queueUrl: target.analytics.notificationsQueueUrl,
      load: () => import('../lambdas/handlers/notifier'),
      source: notificationsMessagingDesign.notifierSource,
    },
    {
      name: 'member-data',
      queueUrl: target.analytics.memberDataQueueUrl,
      load: () => import('../lambdas/handlers/member-data'),
      source: { batchSize: memberDataDesign.workerSource.batchSize, maxBatchingWindowSeconds: 0 },
    },
  ] as const;
  for (const consumer of consumers) {
    const poller = await startConsumerPoller({
      client: target.clients.sqs,
      queueUrl: consumer.queueUrl,
      region,
      load: consumer.load,
      source: consumer.source,
      context: lambdaContext(`chorus-${consumer.name}`),
      around: (run) => usage.recordPipelineInvocation(consumer.name, run),
      onError: pollerError(consumer.name),
    });
    teardown.add(() => poller.stop());
  }
}

/** A queue consumer's event source mapping, locally: its queue into its handler (lambdas/handlers/<name>.ts). */
async function startConsumerPoller(options: {
  readonly client: SQSClient;
  readonly queueUrl: string;
  readonly region: string;
  readonly load: () => Promise<{ readonly handler: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | undefined> }>;
  readonly source: { readonly batchSize: number; readonly maxBatchingWindowSeconds: number };
  readonly context: () => Context;
  readonly onError: (error: unknown) => void;
  readonly around: Around;
}): Promise<Poller> {
  // The handler loads once the environment is set: its composition reads it.
  const { handler } = await options.load();
  const { Attributes } = await options.client.send(new GetQueueAttributesCommand({ QueueUrl: options.queueUrl, AttributeNames: ['QueueArn'] }));
  return startQueuePoller({
    client: options.client,
    queueUrl: options.queueUrl,
    queueArn: Attributes?.QueueArn ?? options.queueUrl,
    region: options.region,
    batchSize: options.source.batchSize,
    maxBatchingWindowMs: options.source.maxBatchingWindowSeconds * 1000,
    handler: (event, context) => options.around(() => handler(event, context)),
    context: options.context,
    onError: options.onError,
  });
}

/** Stream positions kept in a small JSON file under the data dir. */
function fileCheckpoint(file: string): StreamCheckpoint {
  let positions: Record<string, string> = {};
  try {
    positions = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  } catch {
    // No file yet (or an unreadable one): start from the beginning of the stream.
  }
  return {
    positions,
    save(shardId, sequenceNumber) {
      positions = { ...positions, [shardId]: sequenceNumber };
      writeFileSync(file, JSON.stringify(positions));
    },
  };
}

/** The publisher's event source mapping, locally: the table's stream into lambdas/handlers/publisher.ts. */
async function startPublisherPoller(options: {
  readonly client: DynamoDBStreamsClient;
  readonly streamArn: string;
  readonly startingPosition: 'TRIM_HORIZON' | 'LATEST';
  readonly checkpoint?: StreamCheckpoint;
  readonly context: () => Context;
  readonly onError: (error: unknown) => void;
  readonly around: Around;
}): Promise<Poller> {
  // The handler loads once the environment is set: its composition reads it.
  const { handler } = await import('../lambdas/handlers/publisher');
  const source = analyticsMessagingDesign.publisherSource;
  return startStreamPoller({
    ...options,
    batchSize: source.batchSize,
    maxBatchingWindowMs: source.maxBatchingWindowSeconds * 1000,
    maxRetryAttempts: source.retryAttempts,
    handler: (event, context) => options.around(() => handler(event, context)),
  });
}
