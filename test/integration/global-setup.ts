/**
 * Starts the local runtime for the integration tests: free ports, a fresh temp data dir, DynamoDB
 * Local in memory, no seed, and the test build's fault injection (support/crash-after-commit.ts).
 * Test files find it through process.env (inherited by jest's workers):
 * CHORUS_BASE_URL and CHORUS_ISSUER_FILE (see support/api.ts); CHORUS_ANALYTICS_QUEUE_URL,
 * CHORUS_ANALYTICS_DLQ_URL, CHORUS_LAKE_BUCKET, CHORUS_DOMAIN_EVENTS_TOPIC_ARN, CHORUS_NOTIFICATIONS_QUEUE_URL and the SDK endpoint variables (support/local-aws.ts).
 *
 * When CHORUS_BASE_URL is already set, the tests target that (deployed) stack and nothing starts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { installCrashAfterCommit } from './support/crash-after-commit';
import { LOCAL_RUNTIME_KEY, type IntegrationGlobals } from './support/globals';

type StartLocalModule = typeof import('../../local/start-local');
type ErrorModule = typeof import('../../local/local-runtime-error');

export default async function globalSetup(): Promise<void> {
  if (process.env.CHORUS_BASE_URL) {
    // Read by test/summary-reporter.js, which lists the local-only tests that therefore did not run.
    process.env.CHORUS_TARGETS_DEPLOYED_STACK = '1';
    console.log(`\nintegration tests target ${process.env.CHORUS_BASE_URL} (CHORUS_BASE_URL is set: no local runtime started)`);
    return;
  }
  const started = Date.now();
  // jest runs this file as CommonJS, but the runtime imports ESM-only packages (fauxqs) and the
  // handlers it imports are TypeScript ESM: tsx loads that module graph natively.
  const { startLocal } = (await tsImport('../../local/start-local.ts', import.meta.url)) as StartLocalModule;
  const { describeStartupFailure } = (await tsImport('../../local/local-runtime-error.ts', import.meta.url)) as ErrorModule;
  const dataDir = await mkdtemp(join(tmpdir(), 'chorus-integration-'));
  try {
    const runtime = await startLocal({
      port: 0,
      dynamoDbPort: 0,
      fauxqsPort: 0,
      dataDir,
      inMemory: true,
      quiet: true,
      seed: false,
      // Creates whose Idempotency-Key asks for it crash after their write commits (exactly-once.test.ts).
      instrumentHandlerClients: (clients) => installCrashAfterCommit(clients.dynamoClient),
    });
    (globalThis as IntegrationGlobals)[LOCAL_RUNTIME_KEY] = { runtime, dataDir };
    process.env.CHORUS_BASE_URL = runtime.baseUrl;
    process.env.CHORUS_ISSUER_FILE = runtime.issuer.file;
    process.env.CHORUS_ANALYTICS_QUEUE_URL = runtime.analytics.eventsQueueUrl;
    process.env.CHORUS_ANALYTICS_DLQ_URL = runtime.analytics.deadLetterQueueUrl;
    process.env.CHORUS_LAKE_BUCKET = runtime.analytics.lakeBucket;
    process.env.CHORUS_DOMAIN_EVENTS_TOPIC_ARN = runtime.analytics.domainEventsTopicArn;
    process.env.CHORUS_NOTIFICATIONS_QUEUE_URL = runtime.analytics.notificationsQueueUrl;
    console.log(`\nlocal runtime for integration tests at ${runtime.baseUrl}, ready in ${Date.now() - started} ms`);
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw new Error(`the local runtime for the integration tests did not start: ${describeStartupFailure(error)}`);
  }
}
