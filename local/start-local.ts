/**
 * The local runtime: DynamoDB Local and fauxqs with the project's tables, queues and bucket, the
 * local issuer, and the local API Gateway in front of the route groups' handlers. Used by
 * `npm start` (bin/local.ts) and the integration tests' global setup. Never imported by a handler.
 */
import { createServer, type Server } from 'node:http';
import { rm, writeFile } from 'node:fs/promises';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { SQSClient } from '@aws-sdk/client-sqs';
import { interceptLocalhostDns } from 'fauxqs';
import { routes } from '../lambdas/api/routes';
import { ENV } from '../lambdas/config';
import { assertJava, ensureTables, startDynamoDbLocal, type RunningDynamoDbLocal, type TableNames } from './dynamodb-local';
import { createHandlerLoader } from './handler-loader';
import { createLambdaContext } from './lambda-context';
import { createLocalApi, functionNameOf, type LocalApiLogger } from './local-api';
import { openLocalIssuer, type LocalIssuer, type MintTokenOptions } from './local-issuer';
import { LocalRuntimeError, describeStartupFailure } from './local-runtime-error';
import { startMessagingLocal, type AnalyticsResources, type RunningMessagingLocal } from './messaging-local';
import { assertPortFree, findFreePort } from './ports';
import { startArchiverPoller } from './queue-poller';
import { issuerFileOf, runtimeFileOf, startFreshHint } from './runtime-file';
import { seedDemoData } from './seed';
import { exportToHandlers } from './process-environment';
import { startPublisherPoller, type StreamCheckpoint } from './stream-poller';
import { installUsageRecorder } from './usage-recorder';

export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
export const DEFAULT_DATA_DIR = join(REPO_ROOT, '.data');
/** Where the local runtime records usage for the finance report. */
export const usageFileOf = (dataDir: string): string => join(dataDir, 'usage.jsonl');
export const LOCAL_TABLES: TableNames = { table: 'chorus-local', idempotencyTable: 'chorus-local-idempotency' };
/** The environment variables that override the default ports, named in "port in use" messages. */
export const PORT_ENV = { http: 'PORT', dynamodb: 'DYNAMODB_LOCAL_PORT', fauxqs: 'FAUXQS_PORT' } as const;


export interface StartLocalOptions {
  /** HTTP port of the local API. Default 3000; 0 picks a free port. */
  readonly port?: number;
  /** Where emulator data and the issuer key live. Default `.data/` in the repo root. */
  readonly dataDir?: string;
  /** DynamoDB Local's port. Default 8000; 0 picks a free port. */
  readonly dynamoDbPort?: number;
  /** fauxqs's port (SQS and S3). Default 4566; 0 picks a free port. */
  readonly fauxqsPort?: number;
  /** Keep DynamoDB Local and fauxqs in memory instead of under the data dir (tests). Default false. */
  readonly inMemory?: boolean;
  /** Only errors are logged, by the runtime and by the handlers (POWERTOOLS_LOG_LEVEL=ERROR). Default false. */
  readonly quiet?: boolean;
  /** Where the runtime's own lines go. Default the console. */
  readonly logger?: LocalApiLogger;
  /** Seed demo communities and posts once ready (idempotent). Default false. */
  readonly seed?: boolean;
  /** Default us-east-1. */
  readonly region?: string;
  /** Directory of the route groups' handler modules (<group>.ts). Default lambdas/handlers. */
  readonly handlersDir?: string;
  /** Each function's timeout. Default 10 s. */
  readonly functionTimeoutMs?: number;
}

export interface LocalRuntime {
  /** http://localhost:<port> */
  readonly baseUrl: string;
  readonly port: number;
  readonly dataDir: string;
  readonly issuer: LocalIssuer;
  readonly tables: TableNames;
  readonly endpoints: { readonly dynamodb: string; readonly sqs: string; readonly s3: string };
  readonly analytics: AnalyticsResources;
  /** Milliseconds from the call to ready. */
  readonly startupMs: number;
  mintToken(options: MintTokenOptions): Promise<string>;
  /** Stops the HTTP server, fauxqs and DynamoDB Local (no java process remains). Idempotent. */
  stop(): Promise<void>;
}

const consoleLogger: LocalApiLogger = {
  info: (message) => console.log(message),
  error: (message, error) => console.error(message, ...(error === undefined ? [] : [error])),
};

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

/** Starts the local runtime; rejects with a one-line LocalRuntimeError for known setup problems. */
export async function startLocal(options: StartLocalOptions = {}): Promise<LocalRuntime> {
  const started = Date.now();
  const base = options.logger ?? consoleLogger;
  const logger: LocalApiLogger = options.quiet ? { info: () => undefined, error: base.error } : base;
  const region = options.region ?? 'us-east-1';
  const dataDir = resolve(options.dataDir ?? DEFAULT_DATA_DIR);
  const httpPort = options.port ?? 3000;
  const requestedDynamoPort = options.dynamoDbPort ?? 8000;
  const fauxqsPort = options.fauxqsPort ?? 4566;
  const freshHint = startFreshHint(dataDir);

  // Fail fast, before starting anything, on what the developer has to fix.
  await Promise.all([
    assertJava(),
    httpPort !== 0 ? assertPortFree(httpPort, PORT_ENV.http) : undefined,
    requestedDynamoPort !== 0 ? assertPortFree(requestedDynamoPort, PORT_ENV.dynamodb) : undefined,
    fauxqsPort !== 0 ? assertPortFree(fauxqsPort, PORT_ENV.fauxqs) : undefined,
  ]);
  const dynamoDbPort = requestedDynamoPort === 0 ? await findFreePort() : requestedDynamoPort;

  const stops: (() => Promise<void>)[] = [];
  const stopAll = async (): Promise<void> => {
    // Reverse order of start; every step runs even if one fails.
    for (const stopOne of stops.splice(0).reverse()) await stopOne().catch((error: unknown) => logger.error('stopping the local runtime', error));
  };

  try {
    const [dynamo, messaging] = await startEmulators(
      () =>
        startDynamoDbLocal({
          port: dynamoDbPort,
          ...(options.inMemory ? {} : { dbPath: join(dataDir, 'dynamodb') }),
          region,
          portHint: PORT_ENV.dynamodb,
          startFreshHint: freshHint,
        }),
      () =>
        startMessagingLocal({
          port: fauxqsPort,
          ...(options.inMemory ? {} : { dataDir: join(dataDir, 'fauxqs') }),
          region,
          portHint: PORT_ENV.fauxqs,
          startFreshHint: freshHint,
        }),
    );
    stops.push(dynamo.stop, messaging.stop);

    // fauxqs names queues http://sqs.<region>.localhost:<port>/… and the SDK addresses buckets
    // virtual-hosted style (<bucket>.s3.localhost); fauxqs's DNS hook resolves *.localhost to
    // 127.0.0.1 in this process, where the handlers run. Matching the queue URLs' host keeps the
    // SQS client from warning that the QueueUrl differs from its endpoint.
    const endpoints = {
      dynamodb: dynamo.endpoint,
      sqs: `http://sqs.${region}.localhost:${messaging.port}`,
      s3: `http://s3.localhost:${messaging.port}`,
    };
    const restoreDns = interceptLocalhostDns();
    stops.push(async () => restoreDns());
    setHandlerEnvironment({ region, endpoints, quiet: options.quiet ?? false, analytics: messaging.resources });
    // What AWS would bill, recorded as we serve (GET /v1/finance/costs and npm run cost read it).
    exportToHandlers({ [ENV.COST_USAGE_FILE]: usageFileOf(dataDir) });
    const { dynamoClient: handlersDynamoClient } = await import('../lambdas/store/dynamo-client');
    const usage = installUsageRecorder({ file: usageFileOf(dataDir), dynamoClient: handlersDynamoClient });
    stops.push(async () => usage.stop());

    const dynamoClient = new DynamoDBClient({ endpoint: dynamo.endpoint, region });
    let streamArn: string | undefined;
    try {
      await ensureTables(dynamoClient, LOCAL_TABLES);
      streamArn = (await dynamoClient.send(new DescribeTableCommand({ TableName: LOCAL_TABLES.table }))).Table?.LatestStreamArn;
    } finally {
      dynamoClient.destroy();
    }

    // Request lines start once ready, so seeding shows its own progress lines only.
    let ready = false;
    const requestLogger: LocalApiLogger = {
      info: (line) => {
        if (ready) logger.info(line);
      },
      error: logger.error,
    };
    const server = createServer();
    const port = await listen(server, httpPort);
    stops.push(() => closeServer(server));
    const baseUrl = `http://localhost:${port}`;
    const issuer = await openLocalIssuer({ file: issuerFileOf(dataDir), baseUrl, startFreshHint: freshHint });
    server.on(
      'request',
      createLocalApi({
        routes,
        issuer,
        region,
        logger: requestLogger,
        loadHandler: createHandlerLoader({ handlersDir: options.handlersDir ?? join(REPO_ROOT, 'lambdas/handlers'), functionNameOf }),
        recordInvocation: (call, run) => usage.recordInvocation(call, run),
        ...(options.functionTimeoutMs ? { functionTimeoutMs: options.functionTimeoutMs } : {}),
      }),
    );

    // The analytics pipeline's event source mappings, before any request can write: a fresh
    // (in-memory) table's stream is read from its start, a kept one from now on (what it held
    // was published when it was written).
    const lambdaContext = (functionName: string) => () => createLambdaContext({ functionName, region, accountId: '000000000000', timeoutMs: 30_000 });
    const pollerError = (name: string) => (error: unknown) => logger.error(`${name}: ${describeStartupFailure(error)}`);
    if (!streamArn) throw new LocalRuntimeError(`table ${LOCAL_TABLES.table} has no stream: ${freshHint}`);
    const streamsClient = new DynamoDBStreamsClient({ endpoint: dynamo.endpoint, region });
    const sqsClient = new SQSClient({ endpoint: endpoints.sqs, region });
    stops.push(async () => {
      streamsClient.destroy();
      sqsClient.destroy();
    });
    const publisher = await startPublisherPoller({
      client: streamsClient,
      streamArn,
      // From the start of the stream, or right after what was delivered before a restart.
      startingPosition: 'TRIM_HORIZON',
      ...(options.inMemory ? {} : { checkpoint: fileCheckpoint(join(dataDir, 'stream-checkpoint.json')) }),
      context: lambdaContext('chorus-publisher'),
      around: (run) => usage.recordPipelineInvocation('publisher', run),
      onError: pollerError('publisher'),
    });
    stops.push(() => publisher.stop());
    const archiver = await startArchiverPoller({
      client: sqsClient,
      queueUrl: messaging.resources.eventsQueueUrl,
      region,
      context: lambdaContext('chorus-archiver'),
      around: (run) => usage.recordPipelineInvocation('archiver', run),
      onError: pollerError('archiver'),
    });
    stops.push(() => archiver.stop());

    const runtimeFile = runtimeFileOf(dataDir);
    await writeFile(runtimeFile, `${JSON.stringify({ baseUrl, pid: process.pid }, null, 2)}\n`);
    stops.push(() => rm(runtimeFile, { force: true }));

    if (options.seed) {
      // A handler under construction must not keep the developer from the running API.
      await seedDemoData({ baseUrl, mintToken: (o) => issuer.mintToken(o), log: logger.info }).catch((error: unknown) =>
        logger.error(`seeding stopped; the API runs without all demo data: ${describeStartupFailure(error)}`),
      );
    }
    ready = true;

    return {
      baseUrl,
      port,
      dataDir,
      issuer,
      tables: LOCAL_TABLES,
      endpoints,
      analytics: messaging.resources,
      startupMs: Date.now() - started,
      mintToken: (o) => issuer.mintToken(o),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Starts both emulators at once; if one fails, the other is stopped before the error propagates. */
async function startEmulators(
  dynamo: () => Promise<RunningDynamoDbLocal>,
  messaging: () => Promise<RunningMessagingLocal>,
): Promise<[RunningDynamoDbLocal, RunningMessagingLocal]> {
  const results = await Promise.allSettled([dynamo(), messaging()]);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await Promise.all(results.map((r) => (r.status === 'fulfilled' ? r.value.stop() : undefined)));
    throw failed.reason;
  }
  return [(results[0] as PromiseFulfilledResult<RunningDynamoDbLocal>).value, (results[1] as PromiseFulfilledResult<RunningMessagingLocal>).value];
}

/**
 * What the CDK stack sets on every function, pointed at the emulators. The SDK reads the
 * AWS_ENDPOINT_URL_<SERVICE> variables itself, so runtime code carries no endpoint configuration.
 */
function setHandlerEnvironment({ region, endpoints, quiet, analytics }: { region: string; endpoints: LocalRuntime['endpoints']; quiet: boolean; analytics: AnalyticsResources }): void {
  exportToHandlers({
    [ENV.ANALYTICS_QUEUE_URL]: analytics.eventsQueueUrl,
    [ENV.LAKE_BUCKET]: analytics.lakeBucket,
    [ENV.TABLE_NAME]: LOCAL_TABLES.table,
    [ENV.IDEMPOTENCY_TABLE_NAME]: LOCAL_TABLES.idempotencyTable,
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_SQS: endpoints.sqs,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    POWERTOOLS_SERVICE_NAME: 'chorus',
    POWERTOOLS_LOG_LEVEL: quiet ? 'ERROR' : 'INFO',
    // A developer's real session token must not ride along with the fake keys.
    AWS_SESSION_TOKEN: undefined,
  });
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolvePort, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new LocalRuntimeError(`port ${port} is in use: stop the other process or set ${PORT_ENV.http}=...`) : error),
    );
    server.listen(port, () => {
      const address = server.address();
      resolvePort(typeof address === 'object' && address ? address.port : port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolveClose) => {
    server.close(() => resolveClose());
    server.closeAllConnections();
  });
}
