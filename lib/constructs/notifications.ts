import { Duration } from 'aws-cdk-lib';
import { ComparisonOperator, TreatMissingData, type Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { type ITopic, SubscriptionFilter } from 'aws-cdk-lib/aws-sns';
import { SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import { analyticsMessagingDesign, notificationsMessagingDesign as design } from '../../lambdas/store/messaging-design';
import { ChorusFunction } from './chorus-function';
import { EncryptedTopic } from './encrypted-topic';

/**
 * The one topic every domain event is published to (by the stream publisher). Consumers subscribe
 * with their own queue; adding one (a partner's integration) changes no producer. Encrypted with its
 * own key, TLS only.
 */
export class DomainEventsTopic extends Construct {
  readonly topic: EncryptedTopic;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.topic = new EncryptedTopic(this, 'Topic', { displayName: 'Chorus domain events', keyDescription: 'Encrypts the Chorus domain-events topic' });
  }
}

export interface NotificationsProps {
  /** The domain-events topic; the notifications queue subscribes to the events the notifier reads. */
  readonly topic: ITopic;
  /** The community table: posts and comments read, follows and inboxes kept. */
  readonly table: ITable;
  /**
   * How long the notifier's logs are kept.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
  /**
   * Receives after which a message moves to the dead-letter queue.
   * @default 5 (notificationsMessagingDesign.deadLetterQueue)
   */
  readonly maxReceiveCount?: number;
}

const entry = fileURLToPath(new URL('../../lambdas/handlers/notifier.ts', import.meta.url));

/**
 * Domain-events topic → notifications queue (raw delivery, filtered on the event `type`) → notifier
 * → inbox entries. The notifier sends the pages of a large fan-out to its own queue. A dead-letter
 * queue after `maxReceiveCount` receives, alarmed on by `deadLettersAlarm`.
 */
export class Notifications extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly notifier: ChorusFunction;
  /** In ALARM as soon as anything is in the dead-letter queue; wire it to a topic (Monitoring.watch). */
  readonly deadLettersAlarm: Alarm;

  constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);
    const maxReceiveCount = props.maxReceiveCount ?? design.deadLetterQueue.maxReceiveCount;
    if (!(Number.isInteger(maxReceiveCount) && maxReceiveCount >= 1 && maxReceiveCount <= 1000)) {
      throw new Error(`maxReceiveCount must be a whole number from 1 to 1000, got ${maxReceiveCount}`);
    }
    const source = design.notifierSource;

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.seconds(design.deadLetterQueue.retentionSeconds),
    });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(design.queue.visibilityTimeoutSeconds),
      retentionPeriod: Duration.seconds(design.queue.retentionSeconds),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount },
    });
    props.topic.addSubscription(
      new SqsSubscription(this.queue, {
        rawMessageDelivery: true,
        filterPolicy: {
          [analyticsMessagingDesign.domainEventsTopic.typeAttribute]: SubscriptionFilter.stringFilter({ allowlist: [...design.eventTypes] }),
        },
      }),
    );

    this.notifier = new ChorusFunction(this, 'Notifier', {
      entry,
      description: 'Chorus notifier: domain events to members inbox entries',
      memorySize: 512,
      timeout: Duration.seconds(source.timeoutSeconds),
      ...(props.logRetention ? { logRetention: props.logRetention } : {}),
    });
    // Reads posts, comments, queue items and preferences; writes follows and inbox entries (transactions).
    this.notifier.bindTableActions(props.table, [
      'dynamodb:GetItem',
      'dynamodb:BatchGetItem',
      'dynamodb:Query',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:ConditionCheckItem',
    ]);
    this.notifier.bindNotificationsQueue(this.queue);
    this.notifier.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: source.batchSize,
        reportBatchItemFailures: true,
        maxConcurrency: source.maxConcurrency,
      }),
    );

    const deadLetters = this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1) });
    this.deadLettersAlarm = deadLetters.createAlarm(this, 'DeadLettersAlarm', {
      alarmDescription: 'Notification messages are in the dead-letter queue: find why in the notifier logs, fix, then redrive them.',
      threshold: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}
