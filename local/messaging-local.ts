/**
 * fauxqs (SQS and S3 API emulator) in library mode, with the analytics queue, its DLQ and the lake
 * bucket from analyticsMessagingDesign. Creation is idempotent, so a persisted data dir is reused.
 */
import { mkdir } from 'node:fs/promises';
import { startFauxqs, type FauxqsServer } from 'fauxqs';
import { LocalRuntimeError } from './local-runtime-error';
import { analyticsMessagingDesign, memberDataDesign } from '../lambdas/store/messaging-design';

export interface MessagingLocalOptions {
  readonly port: number;
  /** Directory of fauxqs's SQLite file; undefined keeps everything in memory. */
  readonly dataDir?: string;
  readonly region: string;
  readonly portHint: string;
  /** How to recover from unreadable data. Default: delete the data directory. */
  readonly startFreshHint?: string;
}

export interface AnalyticsResources {
  readonly eventsQueueUrl: string;
  readonly deadLetterQueueUrl: string;
  readonly lakeBucket: string;
  /** Export and erasure jobs, and the export archives (memberDataDesign). */
  readonly memberDataQueueUrl: string;
  readonly exportBucket: string;
}

export interface RunningMessagingLocal {
  /** http://127.0.0.1:<port>, for SQS. */
  readonly endpoint: string;
  readonly port: number;
  readonly resources: AnalyticsResources;
  readonly server: FauxqsServer;
  stop(): Promise<void>;
}

export async function startMessagingLocal(options: MessagingLocalOptions): Promise<RunningMessagingLocal> {
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  let server: FauxqsServer;
  try {
    server = await startFauxqs({
      port: options.port,
      logger: false,
      host: 'localhost',
      defaultRegion: options.region,
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new LocalRuntimeError(`port ${options.port} is in use: stop the other process or set ${options.portHint}=...`);
    if (options.dataDir) {
      throw new LocalRuntimeError(
        `fauxqs cannot open its data in ${options.dataDir} (${(error as Error).message}): ${options.startFreshHint ?? `delete ${options.dataDir} to start fresh`}`,
      );
    }
    throw error;
  }
  try {
    return { endpoint: server.address, port: server.port, resources: createAnalyticsResources(server, options.region), server, stop: () => server.stop() };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

function createAnalyticsResources(server: FauxqsServer, region: string): AnalyticsResources {
  const { eventsQueue, deadLetterQueue, lakeBucket } = analyticsMessagingDesign;
  const dlq = server.setup({
    queues: [{ name: deadLetterQueue.name, region, attributes: { MessageRetentionPeriod: String(deadLetterQueue.retentionSeconds) } }],
    buckets: [lakeBucket.name],
  }).queues[0]!;
  const queue = server.setup({
    queues: [
      {
        name: eventsQueue.name,
        region,
        attributes: {
          VisibilityTimeout: String(eventsQueue.visibilityTimeoutSeconds),
          MessageRetentionPeriod: String(eventsQueue.retentionSeconds),
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: String(deadLetterQueue.maxReceiveCount) }),
        },
      },
    ],
  }).queues[0]!;
  const { jobsQueue, deadLetterQueue: jobsDlq, exportBucket } = memberDataDesign;
  const jobsDeadLetters = server.setup({
    queues: [{ name: jobsDlq.name, region, attributes: { MessageRetentionPeriod: String(jobsDlq.retentionSeconds) } }],
    buckets: [exportBucket.name],
  }).queues[0]!;
  const jobs = server.setup({
    queues: [
      {
        name: jobsQueue.name,
        region,
        attributes: {
          VisibilityTimeout: String(jobsQueue.visibilityTimeoutSeconds),
          MessageRetentionPeriod: String(jobsQueue.retentionSeconds),
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: jobsDeadLetters.arn, maxReceiveCount: String(jobsDlq.maxReceiveCount) }),
        },
      },
    ],
  }).queues[0]!;
  return { eventsQueueUrl: queue.url, deadLetterQueueUrl: dlq.url, lakeBucket: lakeBucket.name, memberDataQueueUrl: jobs.url, exportBucket: exportBucket.name };
}
