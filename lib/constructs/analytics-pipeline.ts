import { Duration, Token, Validations } from 'aws-cdk-lib';
import { ComparisonOperator, TreatMissingData, type Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption, type IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import { BAD_PREFIX, EVENTS_PREFIX } from '../../lambdas/analytics/envelope';
import { analyticsMessagingDesign as design } from '../../lambdas/store/messaging-design';
import { ChorusFunction } from './chorus-function';

export interface AnalyticsPipelineProps {
  /** The community table; its stream feeds the publisher. */
  readonly table: ITable;
  /** Where the publisher publishes domain events; the analytics queue subscribes to all of them (raw delivery). */
  readonly topic: ITopic;
  /** Where the archiver writes. */
  readonly lakeBucket: IBucket;
  /**
   * How long the functions' logs are kept.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
  /**
   * Stream records per publisher invocation.
   * @default 100 (analyticsMessagingDesign.publisherSource, as the local stream poller)
   */
  readonly publisherBatchSize?: number;
  /**
   * How long the stream gathers records before invoking the publisher with fewer than a full batch.
   * @default Duration.seconds(1) (analyticsMessagingDesign.publisherSource)
   */
  readonly publisherMaxBatchingWindow?: Duration;
  /**
   * How often a failing stream batch is retried (bisected) before it goes to the dead-letter queue.
   * @default 10 (analyticsMessagingDesign.publisherSource)
   */
  readonly publisherRetryAttempts?: number;
  /**
   * The publisher's timeout.
   * @default Duration.seconds(30) (analyticsMessagingDesign.publisherSource)
   */
  readonly publisherTimeout?: Duration;
  /**
   * Queue messages per archiver invocation (one Parquet object per event type and day in a batch).
   * @default 1000 (analyticsMessagingDesign.archiverSource, as the local queue poller)
   */
  readonly archiverBatchSize?: number;
  /**
   * How long the queue gathers messages before invoking the archiver with fewer than a full batch.
   * @default Duration.seconds(2) (analyticsMessagingDesign.archiverSource)
   */
  readonly archiverMaxBatchingWindow?: Duration;
  /**
   * Concurrent archiver invocations at most (fewer, larger lake objects).
   * @default 5 (analyticsMessagingDesign.archiverSource)
   */
  readonly archiverMaxConcurrency?: number;
  /**
   * The archiver's timeout; the queue's visibility timeout must be at least 6 × this.
   * @default Duration.seconds(30) (analyticsMessagingDesign.archiverSource)
   */
  readonly archiverTimeout?: Duration;
  /**
   * How long a received message stays hidden from other archivers.
   * @default Duration.seconds(180) (analyticsMessagingDesign.eventsQueue)
   */
  readonly visibilityTimeout?: Duration;
  /**
   * How long the analytics queue keeps an event no archiver took.
   * @default Duration.days(4) (analyticsMessagingDesign.eventsQueue)
   */
  readonly retentionPeriod?: Duration;
  /**
   * Receives after which a message moves to the dead-letter queue.
   * @default 5 (analyticsMessagingDesign.deadLetterQueue)
   */
  readonly maxReceiveCount?: number;
  /**
   * How long the dead-letter queue keeps what failed, for a redrive.
   * @default Duration.days(14), the most SQS allows (analyticsMessagingDesign.deadLetterQueue)
   */
  readonly deadLetterRetentionPeriod?: Duration;
}

const entry = (name: string): string => fileURLToPath(new URL(`../../lambdas/handlers/${name}.ts`, import.meta.url));

/**
 * Table stream → publisher → domain-events topic → analytics queue → archiver → lake: large batches gathered over a window,
 * partial batch failures, a dead-letter queue after `maxReceiveCount` receives (alarmed on by
 * `deadLettersAlarm`), visibility ≥ 6 × the archiver's timeout, a concurrency cap on the archiver.
 * The batch settings default to the ones the local pollers use (analyticsMessagingDesign), so both
 * runtimes batch alike. Producers outside the pipeline (POST /v1/events) bind the queue with
 * `fn.bindAnalyticsQueue(pipeline.queue)`.
 */
export class AnalyticsPipeline extends Construct {
  readonly queue: IQueue;
  readonly deadLetterQueue: Queue;
  readonly publisher: ChorusFunction;
  readonly archiver: ChorusFunction;
  /** In ALARM as soon as anything is in the dead-letter queue; wire it to a topic (Monitoring.watch). */
  readonly deadLettersAlarm: Alarm;

  constructor(scope: Construct, id: string, props: AnalyticsPipelineProps) {
    super(scope, id);
    const { eventsQueue, deadLetterQueue, publisherSource, archiverSource } = design;
    const settings = {
      publisherBatchSize: props.publisherBatchSize ?? publisherSource.batchSize,
      publisherMaxBatchingWindow: props.publisherMaxBatchingWindow ?? Duration.seconds(publisherSource.maxBatchingWindowSeconds),
      publisherRetryAttempts: props.publisherRetryAttempts ?? publisherSource.retryAttempts,
      publisherTimeout: props.publisherTimeout ?? Duration.seconds(publisherSource.timeoutSeconds),
      archiverBatchSize: props.archiverBatchSize ?? archiverSource.batchSize,
      archiverMaxBatchingWindow: props.archiverMaxBatchingWindow ?? Duration.seconds(archiverSource.maxBatchingWindowSeconds),
      archiverMaxConcurrency: props.archiverMaxConcurrency ?? archiverSource.maxConcurrency,
      archiverTimeout: props.archiverTimeout ?? Duration.seconds(archiverSource.timeoutSeconds),
      visibilityTimeout: props.visibilityTimeout ?? Duration.seconds(eventsQueue.visibilityTimeoutSeconds),
      retentionPeriod: props.retentionPeriod ?? Duration.seconds(eventsQueue.retentionSeconds),
      maxReceiveCount: props.maxReceiveCount ?? deadLetterQueue.maxReceiveCount,
      deadLetterRetentionPeriod: props.deadLetterRetentionPeriod ?? Duration.seconds(deadLetterQueue.retentionSeconds),
    };
    validateSettings(settings);

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: settings.deadLetterRetentionPeriod,
    });
    this.queue = new Queue(this, 'EventsQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: settings.visibilityTimeout,
      retentionPeriod: settings.retentionPeriod,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: settings.maxReceiveCount },
    });

    this.publisher = new ChorusFunction(this, 'Publisher', {
      entry: entry('publisher'),
      description: 'Chorus analytics publisher: committed table writes to domain events',
      memorySize: 512,
      timeout: settings.publisherTimeout,
      ...(props.logRetention ? { logRetention: props.logRetention } : {}),
    });
    this.publisher.bindDomainEventsTopic(props.topic);
    // Every domain event, as published: the packed message is the queue message (raw delivery).
    props.topic.addSubscription(new SqsSubscription(this.queue, { rawMessageDelivery: true }));
    this.publisher.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: settings.publisherBatchSize,
        maxBatchingWindow: settings.publisherMaxBatchingWindow,
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        retryAttempts: settings.publisherRetryAttempts,
        // What the publisher gave up on is kept (stream metadata), alarmed on with the events' DLQ.
        onFailure: new SqsDlq(this.deadLetterQueue),
      }),
    );
    Validations.of(this.publisher.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'dynamodb:ListStreams (added by the stream event source) and X-Ray do not support resource-level permissions.',
    });

    this.archiver = new ChorusFunction(this, 'Archiver', {
      entry: entry('archiver'),
      description: 'Chorus analytics archiver: event batches to Parquet in the lake',
      memorySize: 1024,
      timeout: settings.archiverTimeout,
      ...(props.logRetention ? { logRetention: props.logRetention } : {}),
    });
    this.archiver.bindLake(props.lakeBucket, [EVENTS_PREFIX, BAD_PREFIX]);
    // The members' pseudonym keys (their state items): the lake's member ids are keyed pseudonyms.
    this.archiver.bindTableActions(props.table, ['dynamodb:BatchGetItem']);
    this.archiver.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: settings.archiverBatchSize,
        maxBatchingWindow: settings.archiverMaxBatchingWindow,
        reportBatchItemFailures: true,
        maxConcurrency: settings.archiverMaxConcurrency,
      }),
    );

    const deadLetters = this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) });
    this.deadLettersAlarm = deadLetters.createAlarm(this, 'DeadLettersAlarm', {
      alarmDescription: 'Analytics events are in the dead-letter queue: find why in bad/ or the archiver logs, fix, then npm run redrive.',
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}

/** SQS and event source mapping limits (Lambda developer guide). */
const MAX_BATCHING_WINDOW_S = 300;
const MAX_STREAM_BATCH = 10_000;
const MAX_QUEUE_BATCH = 10_000;
const MAX_QUEUE_BATCH_WITHOUT_WINDOW = 10;
const SQS_MAX_RETENTION_S = 14 * 24 * 3600;

/** The batch and queue settings, every one resolved (from props or the shared design). */
type Settings = {
  readonly [K in keyof AnalyticsPipelineProps as K extends 'table' | 'topic' | 'lakeBucket' | 'logRetention' ? never : K]-?: NonNullable<
    AnalyticsPipelineProps[K]
  >;
};

function validateSettings(s: Settings): void {
  const wholeBetween = (name: keyof Settings, value: number, min: number, max: number) => {
    if (!Token.isUnresolved(value) && !(Number.isInteger(value) && value >= min && value <= max)) {
      throw new Error(`${name} must be a whole number from ${min} to ${max}, got ${value}`);
    }
  };
  const window = (name: keyof Settings, value: Duration) => {
    if (!value.isUnresolved() && value.toSeconds() > MAX_BATCHING_WINDOW_S) {
      throw new Error(`${name} must be at most ${MAX_BATCHING_WINDOW_S} seconds, got ${value.toHumanString()}`);
    }
  };
  wholeBetween('publisherBatchSize', s.publisherBatchSize, 1, MAX_STREAM_BATCH);
  wholeBetween('publisherRetryAttempts', s.publisherRetryAttempts, -1, 10_000);
  wholeBetween('archiverBatchSize', s.archiverBatchSize, 1, MAX_QUEUE_BATCH);
  wholeBetween('archiverMaxConcurrency', s.archiverMaxConcurrency, 2, 1000);
  wholeBetween('maxReceiveCount', s.maxReceiveCount, 1, 1000);
  window('publisherMaxBatchingWindow', s.publisherMaxBatchingWindow);
  window('archiverMaxBatchingWindow', s.archiverMaxBatchingWindow);
  if (s.archiverBatchSize > MAX_QUEUE_BATCH_WITHOUT_WINDOW && s.archiverMaxBatchingWindow.toMilliseconds() === 0) {
    const batch = s.archiverBatchSize;
    throw new Error(`archiverMaxBatchingWindow must be above 0 when archiverBatchSize is above ${MAX_QUEUE_BATCH_WITHOUT_WINDOW}, got 0 with ${batch}`);
  }
  // AWS guidance for SQS event sources: a batch retried after a timeout must not reappear while the first attempt may still run.
  if (s.visibilityTimeout.toSeconds() < 6 * s.archiverTimeout.toSeconds()) {
    const least = 6 * s.archiverTimeout.toSeconds();
    throw new Error(`visibilityTimeout must be at least 6 × archiverTimeout (${least} s), got ${s.visibilityTimeout.toSeconds()} s`);
  }
  for (const name of ['retentionPeriod', 'deadLetterRetentionPeriod'] as const) {
    const seconds = s[name].toSeconds();
    if (seconds < 60 || seconds > SQS_MAX_RETENTION_S) throw new Error(`${name} must be from 1 minute to 14 days, got ${s[name].toHumanString()}`);
  }
  // A message must outlive its last receive in the dead-letter queue, or the redrive finds it gone.
  if (s.deadLetterRetentionPeriod.toSeconds() < s.retentionPeriod.toSeconds()) {
    const [least, got] = [s.retentionPeriod.toHumanString(), s.deadLetterRetentionPeriod.toHumanString()];
    throw new Error(`deadLetterRetentionPeriod must be at least retentionPeriod (${least}), got ${got}`);
  }
}
