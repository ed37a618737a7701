import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import { EVENTS_PREFIX } from '../../lambdas/analytics/envelope';
import { ChorusFunction } from './chorus-function';

export interface LakeCompactionProps {
  /** The lake whose closed days are compacted. */
  readonly lakeBucket: IBucket;
  /**
   * When the daily run starts (UTC): after the day has closed and the archiver has flushed it.
   * @default 01:30 UTC every day
   */
  readonly schedule?: ScheduleExpression;
  /**
   * Memory of the compactor: a merged object of up to 128 MB is built in memory from its inputs' rows.
   * @default 3008
   */
  readonly memorySize?: number;
  /**
   * The compactor's timeout (Lambda allows 15 minutes at most).
   * @default Duration.minutes(15)
   */
  readonly timeout?: Duration;
  /**
   * How long the compactor's logs are kept.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
}

/**
 * Daily lake compaction, pay-per-use: EventBridge Scheduler invokes the compactor
 * (lambdas/handlers/compactor.ts) once a day; it merges the small objects of the closed days'
 * partitions (yesterday and the days late events may still reach) and deletes them once the merged
 * object is verified. No cluster, no Glue job: one invocation a day, seconds at today's traffic.
 */
export class LakeCompaction extends Construct {
  readonly compactor: ChorusFunction;
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: LakeCompactionProps) {
    super(scope, id);
    const memorySize = props.memorySize ?? 3008;
    const timeout = props.timeout ?? Duration.minutes(15);
    if (!Number.isInteger(memorySize) || memorySize < 512 || memorySize > 10_240)
      throw new Error(`memorySize must be a whole number of MB from 512 to 10240, got ${memorySize}`);
    if (timeout.toSeconds() < 60 || timeout.toSeconds() > 900) throw new Error(`timeout must be from 1 to 15 minutes, got ${timeout.toHumanString()}`);

    this.compactor = new ChorusFunction(this, 'Compactor', {
      entry: fileURLToPath(new URL('../../lambdas/handlers/compactor.ts', import.meta.url)),
      description: "Chorus lake compaction: a closed day's small Parquet objects merged into objects of up to 128 MB",
      memorySize,
      timeout,
      ...(props.logRetention ? { logRetention: props.logRetention } : {}),
    });
    this.compactor.bindLakeCompaction(props.lakeBucket, EVENTS_PREFIX);

    // The scheduler's own role, inside this construct (the target would otherwise add one at the stack's root).
    const role = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } } }),
      description: 'EventBridge Scheduler invokes the lake compactor',
    });
    this.schedule = new Schedule(this, 'Daily', {
      schedule: props.schedule ?? ScheduleExpression.cron({ minute: '30', hour: '1' }),
      description: 'Compacts the lake once a day, after the day has closed',
      target: new LambdaInvoke(this.compactor, { input: ScheduleTargetInput.fromObject({}), retryAttempts: 2, role }),
    });
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).resolve((this.compactor.node.defaultChild as CfnFunction).logicalId)}.Arn>:*]`,
      reason: "lambda:InvokeFunction on the compactor's versions (the grant adds them); this role invokes nothing else.",
    });
  }
}
