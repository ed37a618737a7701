/**
 * The ledger's lake measures in the synthesised template: a daily EventBridge Scheduler schedule
 * invokes the job (pay-per-use), which queries the lake on Athena in a workgroup of its own with a
 * bytes-scanned limit and expiring results, and may do nothing else than read the lake's events,
 * query in that workgroup, list communities and store measures. The finance (API) function has no
 * Athena permission: the route reads stored measures.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Table, AttributeType } from 'aws-cdk-lib/aws-dynamodb';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { EVENTS_PREFIX } from '../../lambdas/analytics/envelope';
import { LEDGER_RESULTS_PREFIX, LedgerMeasures } from '../../lib/constructs/ledger-measures';
import { logicalIdOf, type Statement, synthesizeForThisFile } from './stack';

const chorus = synthesizeForThisFile();
const { ofType, statementsOfRole } = chorus;
const actionsOf = (statements: Statement[]) => statements.flatMap((s) => [s.Action].flat()).sort();

test('a daily schedule invokes the job after compaction, with retries', () => {
  const job = chorus.stack.ledgerMeasures.job;
  const schedules = ofType('AWS::Scheduler::Schedule').filter(([, s]) => JSON.stringify(s.Properties.Target.Arn).includes(logicalIdOf(job)));
  expect(schedules).toHaveLength(1);
  expect(schedules[0]![1].Properties).toMatchObject({
    ScheduleExpression: 'cron(30 2 * * ? *)',
    State: 'ENABLED',
    Target: { Input: '{}', RetryPolicy: { MaximumRetryAttempts: 2 } },
  });
  expect(chorus.resources[logicalIdOf(job)]!.Properties).toMatchObject({ Timeout: 900, MemorySize: 512 });
});

test("the job's workgroup enforces a bytes-scanned limit per query and writes results under ledger/ of the lake's expiring results bucket", () => {
  const workGroup = chorus.resources[chorus.stack.resolve(chorus.stack.ledgerMeasures.workGroup.logicalId) as string]!;
  expect(workGroup.Properties.WorkGroupConfiguration).toMatchObject({
    EnforceWorkGroupConfiguration: true,
    BytesScannedCutoffPerQuery: 10 * 1024 ** 3,
    PublishCloudWatchMetricsEnabled: true,
    ResultConfiguration: { EncryptionConfiguration: { EncryptionOption: 'SSE_S3' } },
  });
  expect(JSON.stringify(workGroup.Properties.WorkGroupConfiguration.ResultConfiguration.OutputLocation)).toContain(`/${LEDGER_RESULTS_PREFIX}`);
  expect(JSON.stringify(workGroup.Properties.WorkGroupConfiguration.ResultConfiguration.OutputLocation)).toContain(
    logicalIdOf(chorus.stack.lake.resultsBucket),
  );
  const results = chorus.resources[logicalIdOf(chorus.stack.lake.resultsBucket)]!;
  expect(results.Properties.LifecycleConfiguration.Rules).toEqual([expect.objectContaining({ ExpirationInDays: 30, Status: 'Enabled' })]);
  const env = chorus.resources[logicalIdOf(chorus.stack.ledgerMeasures.job)]!.Properties.Environment.Variables;
  expect(env.LEDGER_ATHENA_WORKGROUP).toEqual({ Ref: chorus.stack.resolve(chorus.stack.ledgerMeasures.workGroup.logicalId) });
  expect(env.LEDGER_ATHENA_DATABASE).toBe(chorus.stack.lake.databaseName);
});

test('the job may query in its workgroup, read the catalogue and the lake events, write its results, list communities and store measures: nothing else', () => {
  const statements = statementsOfRole(logicalIdOf(chorus.stack.ledgerMeasures.job.role));
  const granted = actionsOf(statements).filter((a) => !a.startsWith('logs:') && !a.startsWith('xray:'));
  expect(granted).toEqual(
    [
      'athena:GetQueryExecution',
      'athena:GetQueryResults',
      'athena:StartQueryExecution',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'glue:GetDatabase',
      'glue:GetTable',
      's3:AbortMultipartUpload',
      's3:GetBucketLocation',
      's3:GetObject',
      's3:GetObject',
      's3:ListBucket',
      's3:ListBucket',
      's3:PutObject',
    ].sort(),
  );
  const athena = statements.find((s) => [s.Action].flat().includes('athena:StartQueryExecution'))!;
  expect(JSON.stringify(athena.Resource)).toContain(`:workgroup/`);
  expect(JSON.stringify(athena.Resource)).toContain(chorus.stack.resolve(chorus.stack.ledgerMeasures.workGroup.logicalId) as string);
  const reads = statements.filter((s) => [s.Action].flat().includes('s3:GetObject'));
  expect(reads.map((s) => JSON.stringify(s.Resource))).toEqual([
    expect.stringContaining(`"${logicalIdOf(chorus.stack.lake.bucket)}","Arn"]},"/${EVENTS_PREFIX}*"`),
    expect.stringContaining(`/${LEDGER_RESULTS_PREFIX}*`),
  ]);
  const lists = statements.filter((s) => [s.Action].flat().includes('s3:ListBucket'));
  expect(lists.map((s) => s.Condition)).toEqual([
    { StringLike: { 's3:prefix': [`${EVENTS_PREFIX}*`] } },
    { StringLike: { 's3:prefix': [`${LEDGER_RESULTS_PREFIX}*`] } },
  ]);
  // No wildcard resource beyond what X-Ray needs.
  expect(statements.filter((s) => s.Resource === '*').flatMap((s) => [s.Action].flat())).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
});

test('the finance (API) function has no Athena or Glue permission: the ledger route reads stored measures', () => {
  const statements = statementsOfRole(logicalIdOf(chorus.stack.api.functions.finance.role));
  expect(actionsOf(statements).filter((a) => a.startsWith('athena:') || a.startsWith('glue:'))).toEqual([]);
});

test('cdk-nag finds nothing in the construct', () => {
  expect(chorus.nagViolations.filter((v) => v.constructPaths.some((p) => p.includes('/LedgerMeasures/')))).toEqual([]);
});

test('the construct refuses a scan limit Athena would not take', () => {
  const scope = new Stack(new App(), 'Refusals');
  const table = new Table(scope, 'Table', { partitionKey: { name: 'pk', type: AttributeType.STRING } });
  const lake = { bucket: new Bucket(scope, 'Lake'), resultsBucket: new Bucket(scope, 'Results'), databaseName: 'lake', tableName: 'events' };
  expect(() => new LedgerMeasures(scope, 'Small', { table, lake, bytesScannedCutoffPerQuery: 1024 })).toThrow(
    'bytesScannedCutoffPerQuery must be a whole number of bytes, at least 10485760 (10 MB), got 1024',
  );
});
