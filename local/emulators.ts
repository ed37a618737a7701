/**
 * DynamoDB Local and fauxqs started together with the project's tables, queues and bucket, and the
 * endpoints the handlers reach them at.
 */
import { join } from 'node:path';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { interceptLocalhostDns } from 'fauxqs';
import { ensureTables, startDynamoDbLocal, type RunningDynamoDbLocal } from './dynamodb-local';
import { LocalRuntimeError } from './local-runtime-error';
import { startMessagingLocal, type AnalyticsResources, type RunningMessagingLocal } from './messaging-local';
import { findFreePort } from './ports';
import { LOCAL_TABLES, PORT_ENV, type LocalSettings } from './settings';
import type { Teardown } from './teardown';

export interface EmulatorEndpoints {
  readonly dynamodb: string;
  readonly sqs: string;
  readonly sns: string;
  readonly s3: string;
}

export interface RunningEmulators {
  readonly endpoints: EmulatorEndpoints;
  readonly analytics: AnalyticsResources;
  /** The table's stream, which the publisher's poller reads. */
  readonly streamArn: string;
}

/**
 * Starts both emulators at once, registering their stops (and the DNS hook's removal) on `teardown`;
 * if one fails, the other is stopped before the error propagates.
 */
export async function startEmulators(settings: LocalSettings, teardown: Teardown): Promise<RunningEmulators> {
  const { region, dataDir, inMemory, freshHint } = settings;
  const dynamoDbPort = settings.dynamoDbPort === 0 ? await findFreePort() : settings.dynamoDbPort;
  const results = await Promise.allSettled([
    startDynamoDbLocal({
      port: dynamoDbPort,
      ...(inMemory ? {} : { dbPath: join(dataDir, 'dynamodb') }),
      region,
      portHint: PORT_ENV.dynamodb,
      startFreshHint: freshHint,
    }),
    startMessagingLocal({
      port: settings.fauxqsPort,
      ...(inMemory ? {} : { dataDir: join(dataDir, 'fauxqs') }),
      region,
      portHint: PORT_ENV.fauxqs,
      startFreshHint: freshHint,
    }),
  ]);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await Promise.all(results.map((r) => (r.status === 'fulfilled' ? r.value.stop() : undefined)));
    throw failed.reason;
  }
  const dynamo = (results[0] as PromiseFulfilledResult<RunningDynamoDbLocal>).value;
  const messaging = (results[1] as PromiseFulfilledResult<RunningMessagingLocal>).value;
  teardown.add(dynamo.stop);
  teardown.add(messaging.stop);

  // fauxqs names queues http://sqs.<region>.localhost:<port>/… and the SDK addresses buckets
  // virtual-hosted style (<bucket>.s3.localhost); fauxqs's DNS hook resolves *.localhost to
  // 127.0.0.1 in this process, where the handlers run. Matching the queue URLs' host keeps the
  // SQS client from warning that the QueueUrl differs from its endpoint.
  teardown.add(interceptLocalhostDns());
  return {
    endpoints: {
      dynamodb: dynamo.endpoint,
      sqs: `http://sqs.${region}.localhost:${messaging.port}`,
      sns: `http://localhost:${messaging.port}`,
      s3: `http://s3.localhost:${messaging.port}`,
    },
    analytics: messaging.resources,
    streamArn: await ensureLocalTables(dynamo.endpoint, settings),
  };
}

/** Creates the tables if missing; returns the table's stream ARN. */
async function ensureLocalTables(endpoint: string, { region, freshHint }: LocalSettings): Promise<string> {
  // Explicit keys: the handlers' environment (and its fake keys) is not set yet.
  const client = new DynamoDBClient({ endpoint, region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  let streamArn: string | undefined;
  try {
    await ensureTables(client, LOCAL_TABLES);
    streamArn = (await client.send(new DescribeTableCommand({ TableName: LOCAL_TABLES.table }))).Table?.LatestStreamArn;
  } finally {
    client.destroy();
  }
  if (!streamArn) throw new LocalRuntimeError(`table ${LOCAL_TABLES.table} has no stream: ${freshHint}`);
  return streamArn;
}
