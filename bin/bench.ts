/**
 * `npm run bench`: bundle sizes and cold init, warm handler overhead, DynamoDB units per route and
 * at scale, and cost per million requests, measured locally on DynamoDB Local in one run. Writes
 * bench/results.json and BENCHMARKS.md; exits 1 when a target is missed (a benchmark, not a test).
 *
 *   --only <section,...>  measure only these sections (bench/sections.ts); the others keep the figures
 *                         of the run that last measured them, and BENCHMARKS.md says which ran when
 *   BENCH_ITERATIONS   measured invocations per route (default 200)
 *   BENCH_INIT_RUNS    fresh processes per bundle for cold init (default 21)
 *   BENCH_SCALE        comma-separated table sizes for the scale check (default 1000,100000)
 *   BENCH_EVENTS_RATE  events per second of the analytics load (default 250)
 *   BENCH_EVENTS_SECONDS  how long the analytics load runs (default 40)
 *   BENCH_LAKE_DAYS    days of realistic events in the lake section (default 14)
 *   BENCH_LAKE_EVENTS_PER_DAY  events a day in the lake section (default 5000)
 *   BENCH_ONLY=member-data  only issue 15's figures: the sanction check's units, the export of 1,000 contributions
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { interceptLocalhostDns } from 'fauxqs';
import { ENV } from '../lambdas/config';
import { parsePriceTable } from '../lambdas/finance/pricing';
import { ensureTables, startDynamoDbLocal } from '../local/dynamodb-local';
import { createLambdaContext } from '../local/lambda-context';
import { startMessagingLocal } from '../local/messaging-local';
import { findFreePort } from '../local/ports';
import { buildBundles, REFERENCE } from '../bench/bundles';
import { measureColdInit } from '../bench/cold-init';
import { installRecorder } from '../bench/dynamo-recorder';
import { fixtures } from '../bench/fixtures';
import { eventRoutes, measureAnalyticsPath } from '../bench/events';
import { eventOf, measureRoutes } from '../bench/handler-overhead';
import { deskRoutes, writeDeskData } from '../bench/desk';
import { ideaRoutes, ideaScaleCheck, seededTally } from '../bench/ideas';
import { claimNextRoute, MODERATION_BUDGETS, moderationRoutes, pendingQueueRecord, writeModerationData } from '../bench/moderation';
import { evaluate, renderMarkdown, sectionsMeasuredAt, type BenchInput, type BenchResults } from '../bench/report';
import { ensureMemberState, measureMemberData, withSanctionCheck } from '../bench/member-data';
import { notificationRoutes, writeNotificationData } from '../bench/notifications';
import { BENCH_SEED, benchRoutes, writeBenchData } from '../bench/routes';
import { measureLake } from '../bench/lake';
import { measureScale, type ScaleCheck } from '../bench/scale';
import { SECTION_NAMES, selectedSections, type Section } from '../bench/sections';
import { installSqsRecorder } from '../bench/sqs-recorder';

const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
const REGION = 'us-east-1';
const TABLES = { table: 'chorus-bench', idempotencyTable: 'chorus-bench-idempotency' };
const MEMORY_MB = 1024;

const intFromEnv = (name: string, fallback: number): number => {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number >= 1, got ${value}`);
  return n;
};

const log = (line: string) => console.log(line);

/** The previous run's figures, for the sections this run does not measure (none: a first run or an unreadable file). */
async function previousResults(): Promise<Partial<BenchResults> | undefined> {
  try {
    return JSON.parse(await readFile(join(REPO_ROOT, 'bench/results.json'), 'utf8')) as Partial<BenchResults>;
  } catch {
    return undefined;
  }
}

async function main(): Promise<number> {
  const started = performance.now();
  const sections = selectedSections(process.argv.slice(2));
  const runs = (s: Section) => sections.includes(s);
  log(`sections: ${sections.join(', ')}`);
  const iterations = intFromEnv('BENCH_ITERATIONS', 200);
  const initRuns = intFromEnv('BENCH_INIT_RUNS', 21);
  const sizes = (process.env.BENCH_SCALE ?? '1000,100000').split(',').map(Number);
  const eventsRate = intFromEnv('BENCH_EVENTS_RATE', 250);
  const eventsSeconds = intFromEnv('BENCH_EVENTS_SECONDS', 40);
  const workDir = mkdtempSync(join(tmpdir(), 'chorus-bench-'));
  const phases: Record<string, number> = {};
  const phase = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    log(`${name}...`);
    const t0 = performance.now();
    const result = await run();
    phases[name] = Math.round(performance.now() - t0);
    return result;
  };
  const measured: { -readonly [K in 'bundles' | 'init' | 'routes' | 'budgets' | 'scale' | 'analytics' | 'lake' | 'memberData']?: BenchInput[K] } = {};

  try {
    // 1. Bundles and cold init ------------------------------------------------------------------
    const lambdaEnvironment = {
      AWS_REGION: REGION,
      AWS_LAMBDA_FUNCTION_NAME: 'chorus-bench',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(MEMORY_MB),
      POWERTOOLS_SERVICE_NAME: 'chorus',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      [ENV.TABLE_NAME]: TABLES.table,
      [ENV.IDEMPOTENCY_TABLE_NAME]: TABLES.idempotencyTable,
    };
    if (runs('bundles') || runs('cold-init')) {
      const bundles = await phase('bundles', () => buildBundles(join(workDir, 'bundles'), REPO_ROOT));
      for (const b of bundles) log(`  ${b.name.padEnd(12)} ${b.bytes} bytes (${b.gzipBytes} gzipped)`);
      if (runs('bundles')) measured.bundles = bundles;
      if (runs('cold-init')) {
        measured.init = await phase('cold init', async () => ({
          // As deployed: ChorusFunction sets NODE_OPTIONS=--enable-source-maps on every function.
          deployed: await measureColdInit({ bundles, runs: initRuns, workDir, environment: { ...lambdaEnvironment, NODE_OPTIONS: '--enable-source-maps' } }),
          withoutSourceMaps: await measureColdInit({ bundles, runs: initRuns, workDir, environment: lambdaEnvironment }),
        }));
      }
    }

    // 2-3. Handlers in process on DynamoDB Local ------------------------------------------------
    if (runs('routes') || runs('analytics') || runs('scale') || runs('member-data')) {
      const port = await findFreePort();
      const dynamo = await phase('DynamoDB Local', () => startDynamoDbLocal({ port, region: REGION, portHint: 'BENCH_DYNAMODB_PORT' }));
      // fauxqs (SQS and S3) with the analytics queue and lake bucket, as the local runtime creates them.
      const messaging = await startMessagingLocal({ port: await findFreePort(), region: REGION, portHint: 'BENCH_FAUXQS_PORT' });
      // fauxqs's queue URLs and the SDK's virtual-hosted bucket names are *.localhost: resolved in this process.
      const restoreDns = interceptLocalhostDns();
      const endpoints = { sqs: `http://sqs.${REGION}.localhost:${messaging.port}`, s3: `http://s3.localhost:${messaging.port}` };
      try {
        Object.assign(process.env, {
          [ENV.ANALYTICS_QUEUE_URL]: messaging.resources.eventsQueueUrl,
          [ENV.LAKE_BUCKET]: messaging.resources.lakeBucket,
          AWS_ENDPOINT_URL_SQS: endpoints.sqs,
          AWS_ENDPOINT_URL_S3: endpoints.s3,
          ...lambdaEnvironment,
          AWS_DEFAULT_REGION: REGION,
          AWS_ACCESS_KEY_ID: 'local',
          AWS_SECRET_ACCESS_KEY: 'local',
          AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
          POWERTOOLS_LOG_LEVEL: 'ERROR',
        });
        delete process.env.AWS_SESSION_TOKEN;
        const admin = new DynamoDBClient({ endpoint: dynamo.endpoint, region: REGION });
        await ensureTables(admin, TABLES);
        admin.destroy();

        // The environment is set: now the handlers' modules may load (they read it at import).
        const { dynamoClient } = await import('../lambdas/store/dynamo-client');
        const recorder = installRecorder(dynamoClient);
        const raw = new DynamoDBClient({});
        const rawSqs = new SQSClient({});
        // The producers' client; the analytics phase adds the poller's.
        const sqsRecorder = installSqsRecorder((await import('../lambdas/analytics/sqs-client')).sqsClient);
        const loadHandler = async (group: string) => (await import(`../lambdas/handlers/${group}.ts`)).handler;
        const fx = fixtures(TABLES.table, dynamo.endpoint, REGION);
        const { documentClient } = await import('../lambdas/store/dynamo-client');
        const measure = (routes: Parameters<typeof measureRoutes>[0]['routes'], n = iterations) =>
          measureRoutes({
            routes,
            loadHandler,
            recorder,
            raw,
            idempotencyTable: TABLES.idempotencyTable,
            iterations: n,
            warmup: Math.min(20, n),
            region: REGION,
            log,
            sqs: { recorder: sqsRecorder, raw: rawSqs },
            // Every authenticated route reads its caller's state for the sanction check (issue 15): written first.
            beforeRequest: ensureMemberState(documentClient, TABLES.table),
          });

        const data = await writeBenchData(fx);
        // The bench's data is written through the use cases with every store (posts created, held, approved; desk items).
        const { contentStore, deskStore, memberStore, moderationStore } = await import('../lambdas/composition/table-adapters');
        const { systemClock } = await import('../lambdas/domain/clock');
        const content = contentStore();
        const everyStore = {
          ...{ communities: content, posts: content, comments: content, reactions: content, rateLimiter: content, requests: content },
          ...{ moderation: moderationStore(), desk: deskStore(), members: memberStore(), clock: systemClock },
        };
        const moderationData = await writeModerationData(data, everyStore);
        await writeDeskData(data, everyStore);
        await writeNotificationData(data);
        const ideas = ideaRoutes(data);
        const allRoutes = () =>
          withSanctionCheck([
            ...benchRoutes(data),
            ...moderationRoutes(data, moderationData),
            ...deskRoutes(),
            ...eventRoutes(data),
            ...ideas,
            ...notificationRoutes(data),
          ]);
        if (runs('routes')) {
          measured.routes = await phase('routes', () => measure(allRoutes()));
          measured.budgets = Object.fromEntries(allRoutes().map((r) => [r.name, r.budget]));
        }

        if (runs('member-data')) {
          measured.memberData = await phase('member data', async () => {
            const s3 = new S3Client({});
            await fx.community('bench-member-data');
            const figures = await measureMemberData({
              fx,
              client: documentClient,
              table: TABLES.table,
              s3,
              bucket: messaging.resources.exportBucket,
              communityId: 'bench-member-data',
              log,
            });
            s3.destroy();
            return figures;
          });
        }

        if (runs('analytics')) {
          const context = (functionName: string) => createLambdaContext({ functionName, region: REGION, accountId: '123456789012', timeoutMs: 30_000 });
          const s3 = new S3Client({});
          measured.analytics = await phase('analytics', async () =>
            measureAnalyticsPath({
              d: data,
              sqs: rawSqs,
              s3,
              queueUrl: messaging.resources.eventsQueueUrl,
              bucket: messaging.resources.lakeBucket,
              region: REGION,
              eventsPerSecond: eventsRate,
              seconds: eventsSeconds,
              eventsHandler: await loadHandler('events'),
              archiverHandler: (await import('../lambdas/handlers/archiver')).handler,
              eventOf: (request, requestId) => eventOf(eventRoutes(data)[1]!, request, requestId),
              context,
              // The poller's receives and deletes go through its own client: recorded.
              sqsRecorder,
              dynamoRecorder: recorder,
              readyMember: ensureMemberState(documentClient, TABLES.table),
              log,
            }),
          );
          s3.destroy();
        }

        if (runs('scale')) {
          const feedRoute = benchRoutes(data).find((r) => r.operationId === 'listCommunityPosts')!;
          const scaleChecks: ScaleCheck[] = [
            {
              name: 'community feed, page of 20',
              route: (communityId) => ({ ...feedRoute, prepare: async (i) => ({ ...(await feedRoute.prepare(i)), pathParameters: { communityId } }) }),
            },
            { name: 'claim-next', route: () => claimNextRoute(data, moderationData, MODERATION_BUDGETS.claimNextItem) },
            ideaScaleCheck(ideas[1]!),
          ];
          measured.scale = await phase('scale', () =>
            measureScale({
              fx,
              communityId: 'bench-scale',
              sizes,
              checks: scaleChecks,
              parallel: 8,
              queueEvery: 10,
              queueRecord: pendingQueueRecord,
              alsoWrite: seededTally,
              measure: (r) => measure(r, Math.min(iterations, 50)),
              log,
            }),
          );
        }
        fx.destroy();
        raw.destroy();
        rawSqs.destroy();
      } finally {
        restoreDns();
        await messaging.stop();
        await dynamo.stop();
      }
    }

    // 5. The lake: realistic events over two weeks, compaction, what a report reads ----------------
    if (runs('lake')) {
      const messaging = await startMessagingLocal({ port: await findFreePort(), region: REGION, portHint: 'BENCH_FAUXQS_PORT' });
      const restoreDns = interceptLocalhostDns();
      const s3 = new S3Client({
        endpoint: `http://s3.localhost:${messaging.port}`,
        region: REGION,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      });
      try {
        measured.lake = await phase('lake', () =>
          measureLake({
            s3,
            bucket: messaging.resources.lakeBucket,
            seed: BENCH_SEED,
            days: intFromEnv('BENCH_LAKE_DAYS', 14),
            eventsPerDay: intFromEnv('BENCH_LAKE_EVENTS_PER_DAY', 5000),
            // What an invocation archived under the steady load (section 5: ~6 messages of 100 events).
            eventsPerBatch: 600,
            now: new Date(),
            log,
          }),
        );
      } finally {
        s3.destroy();
        restoreDns();
        await messaging.stop();
      }
    }

    // 4. Cost, verdicts, the report ------------------------------------------------------------
    const measuredAt = new Date().toISOString();
    const previous = sections.length === SECTION_NAMES.length ? undefined : await previousResults();
    const prices = parsePriceTable(JSON.parse(await readFile(join(REPO_ROOT, 'pricing/aws-us-east-1.json'), 'utf8')));
    const results: BenchResults = evaluate({
      measuredAt,
      sectionsMeasuredAt: sectionsMeasuredAt(sections, measuredAt, previous),
      ran: sections,
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        memoryGb: Math.round(totalmem() / 1024 ** 3),
        node: process.version,
        platform: `${process.platform}-${process.arch}`,
      },
      settings: { iterations, initRuns, scaleSizes: sizes, lambdaMemoryMb: MEMORY_MB },
      bundles: measured.bundles ?? previous?.bundles,
      referenceBundle: REFERENCE,
      init: measured.init ?? previous?.init,
      routes: measured.routes ?? previous?.routes,
      budgets: measured.budgets ?? previous?.budgets,
      scale: measured.scale ?? previous?.scale,
      analytics: measured.analytics ?? previous?.analytics,
      lake: measured.lake ?? previous?.lake,
      memberData: measured.memberData ?? previous?.memberData,
      prices,
      phasesMs: { ...phases },
      totalMs: 0,
    });
    results.totalMs = Math.round(performance.now() - started);
    // A bundle's `file` is a temporary path of this machine's run: it means nothing in the committed figures.
    const withoutPaths = (key: string, value: unknown) => (key === 'file' ? undefined : value);
    await writeFile(join(REPO_ROOT, 'bench/results.json'), `${JSON.stringify(results, withoutPaths, 2)}\n`);
    await writeFile(join(REPO_ROOT, 'BENCHMARKS.md'), renderMarkdown(results));
    log(`wrote bench/results.json and BENCHMARKS.md in ${(results.totalMs / 1000).toFixed(0)} s`);
    // Only this run's sections decide the exit code: figures carried over were judged when measured.
    const missed = results.targets.filter((t) => !t.met && sections.includes(t.section));
    for (const t of missed) log(`MISSED ${t.target}: ${t.detail}`);
    return missed.length === 0 ? 0 : 1;
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);
