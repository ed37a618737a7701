/**
 * Lake compaction in the synthesised template: a daily EventBridge Scheduler schedule invokes the
 * compactor (pay-per-use: no cluster, no job), which may list, read, write and delete the lake's
 * events/ objects and nothing else; the construct refuses settings Lambda would not run.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { EVENTS_PREFIX } from '../../lambdas/analytics/envelope';
import { LakeCompaction } from '../../lib/constructs/lake-compaction';
import { logicalIdOf, synthesizeForThisFile } from './stack';

const chorus = synthesizeForThisFile();
const { ofType, statementsOfRole } = chorus;

test('a daily schedule invokes the compactor after the day has closed, with retries', () => {
  const compactor = chorus.stack.compaction.compactor;
  // The ledger-measures job has a schedule of its own (test/infra/ledger-measures.test.ts).
  const schedules = ofType('AWS::Scheduler::Schedule').filter(([, s]) => JSON.stringify(s.Properties.Target.Arn).includes(logicalIdOf(compactor)));
  expect(schedules).toHaveLength(1);
  const [, schedule] = schedules[0]!;
  expect(schedule.Properties).toMatchObject({
    ScheduleExpression: 'cron(30 1 * * ? *)',
    State: 'ENABLED',
    Target: { Arn: { 'Fn::GetAtt': [logicalIdOf(compactor), 'Arn'] }, Input: '{}', RetryPolicy: { MaximumRetryAttempts: 2 } },
  });
  expect(chorus.resources[logicalIdOf(compactor)]!.Properties).toMatchObject({ Timeout: 900, MemorySize: 3008 });
});

test('the compactor may list, read, write and delete under events/ of the lake, and nothing else', () => {
  const compactor = chorus.stack.compaction.compactor;
  const statements = statementsOfRole(logicalIdOf(compactor.role));
  const s3 = statements.filter((s) => [s.Action].flat().some((a) => a.startsWith('s3:')));
  expect(s3.map((s) => [s.Action].flat().sort())).toEqual([['s3:ListBucket'], ['s3:DeleteObject', 's3:GetObject', 's3:PutObject']]);
  expect(s3[0]!.Condition).toEqual({ StringLike: { 's3:prefix': [`${EVENTS_PREFIX}*`] } });
  expect(JSON.stringify(s3[1]!.Resource)).toContain(`/${EVENTS_PREFIX}*`);
  expect(chorus.resources[logicalIdOf(compactor)]!.Properties.Environment.Variables.LAKE_BUCKET).toEqual({ Ref: logicalIdOf(chorus.stack.lake.bucket) });
});

test('the construct refuses a memory size or timeout Lambda would not run', () => {
  const scope = new Stack(new App(), 'Refusals');
  const lakeBucket = new Bucket(scope, 'Lake');
  expect(() => new LakeCompaction(scope, 'TooSmall', { lakeBucket, memorySize: 256 })).toThrow(
    'memorySize must be a whole number of MB from 512 to 10240, got 256',
  );
  expect(() => new LakeCompaction(scope, 'TooLong', { lakeBucket, timeout: { toSeconds: () => 1800, toHumanString: () => '30 minutes' } as never })).toThrow(
    'timeout must be from 1 to 15 minutes, got 30 minutes',
  );
});
