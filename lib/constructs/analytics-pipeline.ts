import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { ComparisonOperator, TreatMissingData, type Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption, type IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import { BAD_PREFIX, EVENTS_PREFIX } from '../../lambdas/analytics/envelope';
import { ENV } from '../../lambdas/config';
import { analyticsMessagingDesign as design } from '../../lambdas/local/messaging-design';
import { ChorusFunction } from './chorus-function';

export interface AnalyticsPipelineProps {
  /** The community table; its stream feeds the publisher. */
  readonly table: ITable;
  /** Where the archiver writes. */
  readonly lakeBucket: IBucket;
  /**
   * How long the functions' logs are kept.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
}

const entry = (name: string): string => fileURLToPath(new URL(`../../lambdas/handlers/${name}.ts`, import.meta.url));

/**
 * Table stream → publisher → analytics queue → archiver → lake, with the settings the local pollers
 * use (analyticsMessagingDesign): large batches gathered over a window, partial batch failures,
 * a dead-letter queue after five receives, visibility ≥ 6 × the archiver's timeout, a concurrency
 * cap on the archiver. Producers outside the pipeline (POST /v1/events) are bound with bindProducer.
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
    if (eventsQueue.visibilityTimeoutSeconds < 6 * archiverSource.timeoutSeconds) {
      throw new Error(`the analytics queue's visibility timeout (${eventsQueue.visibilityTimeoutSeconds} s) must be at least 6 × the archiver's timeout (${archiverSource.timeoutSeconds} s)`);
    }

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.seconds(deadLetterQueue.retentionSeconds),
    });
    this.queue = new Queue(this, 'EventsQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(eventsQueue.visibilityTimeoutSeconds),
      retentionPeriod: Duration.seconds(eventsQueue.retentionSeconds),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: deadLetterQueue.maxReceiveCount },
    });

    this.publisher = new ChorusFunction(this, 'Publisher', {
      entry: entry('publisher'),
      description: 'Chorus analytics publisher: committed table writes to domain events',
      memorySize: 512,
      timeout: Duration.seconds(publisherSource.timeoutSeconds),
      ...(props.logRetention ? { logRetention: props.logRetention } : {}),
    });
    this.bindProducer(this.publisher);
    this.publisher.function.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: publisherSource.batchSize,
        maxBatchingWindow: Duration.seconds(publisherSource.maxBatchingWindowSeconds),
        reportBatchItemFailures: true,
        bisectBatchOnError: true,
        retryAttempts: publisherSource.retryAttempts,
        // What the publisher gave up on is kept (stream metadata), alarmed on with the events' DLQ.
        onFailure: new SqsDlq(this.deadLetterQueue),
      }),
    );

    this.archiver = new ChorusFunction(this, 'Archiver', {
      entry: entry('archiver'),
      description: 'Chorus analytics archiver: event batches to Parquet in the lake',
      memorySize: 1024,
      timeout: Duration.seconds(archiverSource.timeoutSeconds),
      environment: { [ENV.LAKE_BUCKET]: props.lakeBucket.bucketName },
      ...(props.logRetention ? { logRetention: props.logRetention } : {}),
    });
    // Writes only, and only under the two prefixes it owns: it never reads or deletes the lake.
    // (grantPut would add s3:Abort* and object ACL/legal-hold actions it has no use for.)
    this.archiver.function.addToRolePolicy(
      new PolicyStatement({ actions: ['s3:PutObject'], resources: [props.lakeBucket.arnForObjects(`${EVENTS_PREFIX}*`), props.lakeBucket.arnForObjects(`${BAD_PREFIX}*`)] }),
    );
    this.archiver.function.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: archiverSource.batchSize,
        maxBatchingWindow: Duration.seconds(archiverSource.maxBatchingWindowSeconds),
        reportBatchItemFailures: true,
        maxConcurrency: archiverSource.maxConcurrency,
      }),
    );

    const bucketId = Stack.of(this).resolve((props.lakeBucket.node.defaultChild as { logicalId: string } | undefined)?.logicalId) as string | undefined;
    for (const prefix of [EVENTS_PREFIX, BAD_PREFIX]) {
      Validations.of(this.archiver.function.role!).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${prefix}*]`,
        reason: `The archiver writes objects whose keys it derives from each batch, so it needs PutObject on the ${prefix} prefix of the lake bucket; nothing else in the bucket.`,
      });
    }
    Validations.of(this.publisher.function.role!).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'dynamodb:ListStreams (added by the stream event source) and X-Ray do not support resource-level permissions.',
    });

    const deadLetters = this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) });
    this.deadLettersAlarm = deadLetters.createAlarm(this, 'DeadLettersAlarm', {
      alarmDescription: 'Analytics events are in the dead-letter queue: find why in bad/ or the archiver logs, fix, then npm run redrive.',
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }

  /** Lets `fn` send events to the analytics queue and names it in ANALYTICS_QUEUE_URL: both or neither. */
  bindProducer(fn: ChorusFunction): void {
    fn.function.addEnvironment(ENV.ANALYTICS_QUEUE_URL, this.queue.queueUrl);
    this.queue.grantSendMessages(fn.function);
  }
}
