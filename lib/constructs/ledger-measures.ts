import { type CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import { CfnWorkGroup } from 'aws-cdk-lib/aws-athena';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import { EVENTS_PREFIX } from '../../lambdas/analytics/envelope';
import { ENV } from '../../lambdas/config';
import { ChorusFunction } from './chorus-function';

/** What the job reads: the lake's bucket and catalogue (AnalyticsLake implements it). */
export interface LakeCatalogue {
  readonly bucket: IBucket;
  readonly resultsBucket: IBucket;
  readonly databaseName: string;
  readonly tableName: string;
}

export interface LedgerMeasuresProps {
  /** The community table: the directory of communities, and where the measures are stored. */
  readonly table: ITable;
  readonly lake: LakeCatalogue;
  /**
   * When the daily run starts (UTC): after compaction (01:30), so the closed day is read merged.
   * @default 02:30 UTC every day
   */
  readonly schedule?: ScheduleExpression;
  /**
   * Athena cancels a query of the job's workgroup past this many bytes scanned.
   * @default 10 GiB
   */
  readonly bytesScannedCutoffPerQuery?: number;
  /**
   * How long the job's logs are kept.
   * @default RetentionDays.ONE_MONTH
   */
  readonly logRetention?: RetentionDays;
}

/** Where the job's query results go in the lake's results bucket (its 30-day lifecycle applies). */
export const LEDGER_RESULTS_PREFIX = 'ledger/';

const logicalIdOf = (bucket: IBucket): string => String(Stack.of(bucket).resolve((bucket.node.defaultChild as CfnElement).logicalId));
const MIN_BYTES_SCANNED_CUTOFF = 10 * 1024 ** 2;

/**
 * The ledger's lake measures in AWS, pay-per-use: EventBridge Scheduler invokes the job
 * (lambdas/handlers/ledger-measures.ts) once a day; it runs the ledger's measures SQL on Athena in a
 * workgroup of its own (scan-limited per query, results under ledger/ of the lake's results bucket,
 * which expire) and stores each community-week's measures in the table, where GET /v1/finance/ledger
 * reads them. The job may read the lake's events, query in its workgroup, list communities and write
 * measures: nothing else.
 */
export class LedgerMeasures extends Construct {
  readonly job: ChorusFunction;
  readonly workGroup: CfnWorkGroup;
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: LedgerMeasuresProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const cutoff = props.bytesScannedCutoffPerQuery ?? 10 * 1024 ** 3;
    if (!(Number.isInteger(cutoff) && cutoff >= MIN_BYTES_SCANNED_CUTOFF))
      throw new Error(`bytesScannedCutoffPerQuery must be a whole number of bytes, at least ${MIN_BYTES_SCANNED_CUTOFF} (10 MB), got ${cutoff}`);
    const { lake } = props;

    this.workGroup = new CfnWorkGroup(this, 'WorkGroup', {
      name: `${stack.stackName}-ledger`,
      description: "The ledger-measures job's lake queries: scan-limited, results expiring in the lake's results bucket",
      state: 'ENABLED',
      recursiveDeleteOption: false,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: cutoff,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: `s3://${lake.resultsBucket.bucketName}/${LEDGER_RESULTS_PREFIX}`,
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
        },
      },
    });

    this.job = new ChorusFunction(this, 'Job', {
      entry: fileURLToPath(new URL('../../lambdas/handlers/ledger-measures.ts', import.meta.url)),
      description: "Chorus ledger measures: each community-week's lake measures computed on Athena and stored for the ledger",
      memorySize: 512,
      timeout: Duration.minutes(15),
      ...(props.logRetention ? { logRetention: props.logRetention } : {}),
    });
    this.job.bindTableActions(props.table, ['dynamodb:Query', 'dynamodb:PutItem']);
    this.grantLakeQueries(lake);

    const role = new Role(this, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
      description: 'EventBridge Scheduler invokes the ledger-measures job',
    });
    this.schedule = new Schedule(this, 'Daily', {
      schedule: props.schedule ?? ScheduleExpression.cron({ minute: '30', hour: '2' }),
      description: "Computes the ledger's lake measures once a day, after compaction",
      target: new LambdaInvoke(this.job, { input: ScheduleTargetInput.fromObject({}), retryAttempts: 2, role }),
    });
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${stack.resolve((this.job.node.defaultChild as CfnFunction).logicalId)}.Arn>:*]`,
      reason: "lambda:InvokeFunction on the job's versions (the grant adds them); this role invokes nothing else.",
    });
  }

  /**
   * Names the workgroup and database (LEDGER_ATHENA_WORKGROUP, LEDGER_ATHENA_DATABASE) and grants what
   * an Athena query of the lake needs with the caller's credentials: the query actions on this
   * workgroup, the catalogue's database and events table, reading events/ of the lake, and writing and
   * reading results under ledger/ of the results bucket.
   */
  private grantLakeQueries(lake: LakeCatalogue): void {
    const stack = Stack.of(this);
    const fn = this.job;
    fn.addEnvironment(ENV.LEDGER_ATHENA_WORKGROUP, this.workGroup.ref);
    fn.addEnvironment(ENV.LEDGER_ATHENA_DATABASE, lake.databaseName);
    const workGroupArn = stack.formatArn({ service: 'athena', resource: 'workgroup', resourceName: this.workGroup.ref });
    fn.addToRolePolicy(
      new PolicyStatement({ actions: ['athena:StartQueryExecution', 'athena:GetQueryExecution', 'athena:GetQueryResults'], resources: [workGroupArn] }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['glue:GetDatabase', 'glue:GetTable'],
        resources: [
          stack.formatArn({ service: 'glue', resource: 'catalog' }),
          stack.formatArn({ service: 'glue', resource: 'database', resourceName: lake.databaseName }),
          stack.formatArn({ service: 'glue', resource: 'table', resourceName: `${lake.databaseName}/${lake.tableName}` }),
        ],
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [lake.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${EVENTS_PREFIX}*`] } },
      }),
    );
    fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [lake.bucket.arnForObjects(`${EVENTS_PREFIX}*`)] }));
    fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetBucketLocation'], resources: [lake.bucket.bucketArn, lake.resultsBucket.bucketArn] }));
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [lake.resultsBucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${LEDGER_RESULTS_PREFIX}*`] } },
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload'],
        resources: [lake.resultsBucket.arnForObjects(`${LEDGER_RESULTS_PREFIX}*`)],
      }),
    );
    Validations.of(fn.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(lake.bucket)}.Arn>/${EVENTS_PREFIX}*]`,
      reason: `Athena reads the lake's objects with the caller's credentials, and a query reads whichever partitions it needs: GetObject under ${EVENTS_PREFIX} only.`,
    });
    Validations.of(fn.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logicalIdOf(lake.resultsBucket)}.Arn>/${LEDGER_RESULTS_PREFIX}*]`,
      reason: `Athena writes each query's results under a key it makes (${LEDGER_RESULTS_PREFIX}<query id>.csv) with the caller's credentials, and the job reads them back: that prefix only.`,
    });
  }
}
