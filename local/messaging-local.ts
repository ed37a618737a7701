/**
 * fauxqs (SNS, SQS and S3 API emulator) in library mode, with the domain-events topic, the analytics
 * and notifications queues subscribed to it (raw delivery; the notifications one filtered on the
 * event type), their DLQs and the lake bucket, from the messaging designs. Creation is idempotent, so
 * a persisted data dir is reused.
 */
import { mkdir } from 'node:fs/promises';
import { startFauxqs, type FauxqsServer } from 'fauxqs';
import { LocalRuntimeError } from './local-runtime-error';
import { analyticsMessagingDesign, memberDataDesign, notificationsMessagingDesign } from '../lambdas/store/messaging-design';

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
  /** Where the stream publisher publishes; both queues below subscribe. */
  readonly domainEventsTopicArn: string;
  readonly notificationsQueueUrl: string;
  readonly notificationsDeadLetterQueueUrl: string;
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
  const notifications = createNotificationsQueues(server, region);
  const memberData = createMemberDataJobs(server, region);
  const topic = analyticsMessagingDesign.domainEventsTopic;
  const created = server.setup({
    topics: [{ name: topic.name, region }],
    subscriptions: [
      { topic: topic.name, queue: eventsQueue.name, region, attributes: { RawMessageDelivery: 'true' } },
      {
        topic: topic.name,
        queue: notificationsMessagingDesign.queue.name,
        region,
        attributes: { RawMessageDelivery: 'true', FilterPolicy: JSON.stringify({ [topic.typeAttribute]: [...notificationsMessagingDesign.eventTypes] }) },
      },
    ],
  });
  return {
    eventsQueueUrl: queue.url,
    deadLetterQueueUrl: dlq.url,
    lakeBucket: lakeBucket.name,
    domainEventsTopicArn: created.topics[0]!.arn,
    notificationsQueueUrl: notifications.url,
    notificationsDeadLetterQueueUrl: notifications.dlqUrl,
    memberDataQueueUrl: memberData.url,
    exportBucket: memberData.exportBucket,
  };
}

/** Export and erasure jobs (with their dead-letter queue) and the export archives' bucket (memberDataDesign). */
function createMemberDataJobs(server: FauxqsServer, region: string) {
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
  return { url: jobs.url, exportBucket: exportBucket.name };
}

function createNotificationsQueues(server: FauxqsServer, region: string) {
  const { queue, deadLetterQueue } = notificationsMessagingDesign;
  const dlq = server.setup({
    queues: [{ name: deadLetterQueue.name, region, attributes: { MessageRetentionPeriod: String(deadLetterQueue.retentionSeconds) } }],
  }).queues[0]!;
  const created = server.setup({
    queues: [
      {
        name: queue.name,
        region,
        attributes: {
          VisibilityTimeout: String(queue.visibilityTimeoutSeconds),
          MessageRetentionPeriod: String(queue.retentionSeconds),
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq.arn, maxReceiveCount: String(deadLetterQueue.maxReceiveCount) }),
        },
      },
    ],
  }).queues[0]!;
  return { url: created.url, dlqUrl: dlq.url };
}
