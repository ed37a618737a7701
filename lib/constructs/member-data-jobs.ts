import { Duration, RemovalPolicy, Token, Validations } from 'aws-cdk-lib';
import { ComparisonOperator, TreatMissingData, type Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption, type IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import { memberDataDesign as design } from '../../lambdas/store/messaging-design';
import { ChorusFunction } from './chorus-function';
import { SecureBucket } from './secure-bucket';

export interface MemberDataJobsProps {
  /** The community table: what the worker exports and erases. */
  readonly table: ITable;
  /**
   * How long an export archive is kept before the bucket deletes it.
   * @default Duration.days(7) (memberDataDesign.exportBucket)
   */
  readonly archiveRetention?: Duration;
  /**
   * The worker's timeout; the queue's visibility timeout is 6 × this.
   * @default Duration.minutes(15) (memberDataDesign.workerSource)
   */
  readonly workerTimeout?: Duration;
  /**
   * How long the functions' logs are kept.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
}

/**
 * Export and erasure of a member's data, pay per use: a queue of jobs (one message each, a
 * dead-letter queue after 3 receives, alarmed), a worker Lambda that takes one job at a time, and
 * the bucket of export archives, which deletes each after `archiveRetention`. The API's privacy
 * function binds it with `fn.bindMemberDataJobs(jobs)` (send jobs, sign archive URLs).
 */
export class MemberDataJobs extends Construct {
  readonly queue: IQueue;
  readonly deadLetterQueue: Queue;
  readonly bucket: IBucket;
  readonly worker: ChorusFunction;
  /** In ALARM as soon as a job is in the dead-letter queue. */
  readonly deadLettersAlarm: Alarm;

  constructor(scope: Construct, id: string, props: MemberDataJobsProps) {
    super(scope, id);
    const archiveRetention = props.archiveRetention ?? Duration.days(design.exportBucket.expireAfterDays);
    const workerTimeout = props.workerTimeout ?? Duration.seconds(design.workerSource.timeoutSeconds);
    if (!Token.isUnresolved(archiveRetention.toDays()) && (archiveRetention.toDays() < 1 || archiveRetention.toDays() > 30)) {
      throw new Error(`archiveRetention must be 1 to 30 days (an archive of personal data is not kept longer), got ${archiveRetention.toDays()} days`);
    }
    if (!Token.isUnresolved(workerTimeout.toSeconds()) && (workerTimeout.toSeconds() < 30 || workerTimeout.toSeconds() > 900)) {
      throw new Error(`workerTimeout must be 30 to 900 seconds (Lambda's maximum), got ${workerTimeout.toSeconds()} seconds`);
    }

    this.bucket = new SecureBucket(this, 'ExportBucket', {
      lifecycleRules: [{ expiration: archiveRetention, abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      // Kept if the stack goes (a bucket with objects cannot be deleted); its archives expire all the same.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Export archives live 7 days; server access logs would keep who fetched which archive of personal data for longer than the archive. CloudTrail data events are the audit if one is wanted.',
    });

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.seconds(design.deadLetterQueue.retentionSeconds),
    });
    this.queue = new Queue(this, 'JobsQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(workerTimeout.toSeconds() * 6),
      retentionPeriod: Duration.seconds(design.jobsQueue.retentionSeconds),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: design.deadLetterQueue.maxReceiveCount },
    });

    this.worker = new ChorusFunction(this, 'Worker', {
      entry: fileURLToPath(new URL('../../lambdas/handlers/member-data.ts', import.meta.url)),
      description: "Chorus member data: exports and erasures of a member's data",
      memorySize: design.workerSource.memorySize,
      timeout: workerTimeout,
      ...(props.logRetention ? { logRetention: props.logRetention } : {}),
    });
    this.worker.bindTable(props.table);
    this.worker.bindExportArchives(this.bucket, 'worker');
    this.worker.addEventSource(new SqsEventSource(this.queue, { batchSize: design.workerSource.batchSize, reportBatchItemFailures: true }));

    this.deadLettersAlarm = this.deadLetterQueue
      .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) })
      .createAlarm(this, 'DeadLettersAlarm', {
        alarmDescription: 'An export or erasure job failed 3 times: read the worker logs (they name the job, never the member), fix, redrive.',
        threshold: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
  }
}
