/**
 * The local runtime: DynamoDB Local and fauxqs with the project's tables, queues and bucket, the
 * local issuer, the local API Gateway in front of the route groups' handlers, and the pollers that
 * stand in for the analytics pipeline's event source mappings. Used by `npm start` (bin/local.ts)
 * and the integration tests' global setup. Never imported by a handler.
 */
import type { TableNames } from './dynamodb-local';
import { startApiServer } from './api-server';
import { startEmulators, type EmulatorEndpoints } from './emulators';
import { loadHandlerClients, setHandlerEnvironment } from './handler-environment';
import { startIdeasWorker } from './ideas-worker-timer';
import type { LocalIssuer, MintTokenOptions } from './local-issuer';
import { startLivePollers } from './live-pollers';
import { liveUrlOf } from './live-server';
import { describeStartupFailure } from './local-runtime-error';
import type { AnalyticsResources } from './messaging-local';
import { createPollerClients, startPipelinePollers } from './pipeline-pollers';
import { writeRuntimeFile } from './runtime-file';
import { seedDemoData } from './seed';
import { LOCAL_TABLES, assertStartable, resolveSettings, usageFileOf, type StartLocalOptions } from './settings';
import { createTeardown } from './teardown';
import { installUsageRecorder } from './usage-recorder';
import { ledgerLakeDir, localRefreshDeps, startLedgerMeasuresTimer } from './ledger-measures-timer';

export type { StartLocalOptions } from './settings';

export interface LocalRuntime {
  /** http://localhost:<port> */
  readonly baseUrl: string;
  /** ws://localhost:<port>/live: the WebSocket API (live updates). */
  readonly liveUrl: string;
  readonly port: number;
  readonly dataDir: string;
  readonly issuer: LocalIssuer;
  readonly tables: TableNames;
  readonly endpoints: EmulatorEndpoints;
  readonly analytics: AnalyticsResources;
  /** Milliseconds from the call to ready. */
  readonly startupMs: number;
  mintToken(options: MintTokenOptions): Promise<string>;
  /** Stops the HTTP server, fauxqs and DynamoDB Local (no java process remains). Idempotent. */
  stop(): Promise<void>;
}

/** Starts the local runtime; rejects with a one-line LocalRuntimeError for known setup problems. */
export async function startLocal(options: StartLocalOptions = {}): Promise<LocalRuntime> {
  const started = Date.now();
  const settings = resolveSettings(options);
  const { logger, dataDir } = settings;
  await assertStartable(settings);
  const teardown = createTeardown((error) => logger.error('stopping the local runtime', error));
  try {
    const emulators = await startEmulators(settings, teardown);
    setHandlerEnvironment(settings, emulators);
    const handlerClients = await loadHandlerClients();
    options.instrumentHandlerClients?.(handlerClients);
    const pollerClients = createPollerClients(settings, emulators.endpoints, teardown);
    const usage = installUsageRecorder({
      file: usageFileOf(dataDir),
      clients: { dynamodb: [handlerClients.dynamoClient], sqs: [handlerClients.sqsClient, pollerClients.sqs], s3: [handlerClients.s3Client] },
    });
    teardown.add(() => usage.stop());

    const api = await startApiServer(settings, usage, teardown);
    await startPipelinePollers(settings, { clients: pollerClients, streamArn: emulators.streamArn, analytics: emulators.analytics }, usage, teardown);
    await startLivePollers(settings, { client: pollerClients.streams, streamArn: emulators.streamArn }, usage, teardown);
    const ideasWorker = await startIdeasWorker({ region: settings.region, onError: (error) => logger.error(`ideas worker: ${describeStartupFailure(error)}`) });
    teardown.add(() => ideasWorker.stop());
    const ledgerMeasures = startLedgerMeasuresTimer({
      deps: localRefreshDeps({
        dynamo: handlerClients.dynamoClient,
        s3: handlerClients.s3Client,
        table: LOCAL_TABLES.table,
        bucket: emulators.analytics.lakeBucket,
        dir: ledgerLakeDir(dataDir),
      }),
      onError: (error) => logger.error(`ledger measures: ${describeStartupFailure(error)}`),
    });
    teardown.add(() => ledgerMeasures.stop());
    teardown.add(
      await writeRuntimeFile(dataDir, {
        baseUrl: api.baseUrl,
        sqs: emulators.endpoints.sqs,
        s3: emulators.endpoints.s3,
        dynamodb: emulators.endpoints.dynamodb,
      }),
    );

    if (settings.seed) {
      // A handler under construction must not keep the developer from the running API.
      await seedDemoData({ baseUrl: api.baseUrl, mintToken: (o) => api.issuer.mintToken(o), log: logger.info }).catch((error: unknown) =>
        logger.error(`seeding stopped; the API runs without all demo data: ${describeStartupFailure(error)}`),
      );
    }
    api.ready();

    return {
      baseUrl: api.baseUrl,
      liveUrl: liveUrlOf(api.baseUrl),
      port: api.port,
      dataDir,
      issuer: api.issuer,
      tables: LOCAL_TABLES,
      endpoints: emulators.endpoints,
      analytics: emulators.analytics,
      startupMs: Date.now() - started,
      mintToken: (o) => api.issuer.mintToken(o),
      stop: () => teardown.run(),
    };
  } catch (error) {
    await teardown.run();
    throw error;
  }
}
