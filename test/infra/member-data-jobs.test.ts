/**
 * Export and erasure jobs in the synthesised template: the worker's queue (one job per invocation,
 * visibility 6 × its timeout, a dead-letter queue, alarmed), the archive bucket's 7-day expiry, and
 * who may do what with the archives.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Table, AttributeType } from 'aws-cdk-lib/aws-dynamodb';
import { ENV } from '../../lambdas/config';
import { memberDataDesign as design } from '../../lambdas/store/messaging-design';
import { MemberDataJobs } from '../../lib/constructs/member-data-jobs';
import { logicalIdOf, synthesizeForThisFile } from './stack';

const chorus = synthesizeForThisFile();
const { ofType, statementsOfRole } = chorus;

const s3ActionsOf = (roleId: string) =>
  statementsOfRole(roleId)
    .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]))
    .filter((a) => a.startsWith('s3:'))
    .sort();

test('the worker takes one job at a time, with partial failures, from a queue whose visibility is 6 × its timeout', () => {
  const worker = chorus.stack.memberData.worker;
  const mapping = ofType('AWS::Lambda::EventSourceMapping').find(
    ([, r]) => JSON.stringify(r.Properties.FunctionName) === JSON.stringify({ Ref: logicalIdOf(worker) }),
  )!;
  expect(mapping[1].Properties).toMatchObject({ BatchSize: 1, FunctionResponseTypes: ['ReportBatchItemFailures'] });
  const queue = chorus.resources[logicalIdOf(chorus.stack.memberData.queue)]!.Properties;
  expect(queue.VisibilityTimeout).toBe(6 * design.workerSource.timeoutSeconds);
  expect(queue.RedrivePolicy).toMatchObject({ maxReceiveCount: design.deadLetterQueue.maxReceiveCount });
  expect(chorus.resources[logicalIdOf(worker)]!.Properties.Timeout).toBe(design.workerSource.timeoutSeconds);
});

test('export archives expire after 7 days in an encrypted bucket closed to the public', () => {
  const bucket = chorus.resources[logicalIdOf(chorus.stack.memberData.bucket)]!.Properties;
  expect(bucket.LifecycleConfiguration.Rules).toEqual([expect.objectContaining({ ExpirationInDays: 7, Status: 'Enabled' })]);
  expect(bucket.PublicAccessBlockConfiguration).toMatchObject({ BlockPublicAcls: true, RestrictPublicBuckets: true });
  expect(bucket.BucketEncryption).toBeDefined();
});

test('the privacy function sends jobs and only reads archives (to sign URLs); the worker writes and deletes them', () => {
  const api = chorus.stack.api.functions.privacy;
  expect(s3ActionsOf(logicalIdOf(api.role!))).toEqual(['s3:GetObject']);
  expect(s3ActionsOf(logicalIdOf(chorus.stack.memberData.worker.role!))).toEqual(['s3:DeleteObject', 's3:PutObject']);
  const env = chorus.resources[logicalIdOf(api)]!.Properties.Environment.Variables;
  expect(Object.keys(env)).toEqual(expect.arrayContaining([ENV.MEMBER_DATA_QUEUE_URL, ENV.EXPORT_BUCKET, ENV.TABLE_NAME]));
  expect(statementsOfRole(logicalIdOf(api.role!)).flatMap((s) => s.Action)).toContain('sqs:SendMessage');
});

test('no other API function may send member-data jobs or read archives, nor is told where they are', () => {
  const jobsQueue = logicalIdOf(chorus.stack.memberData.queue);
  for (const [group, fn] of Object.entries(chorus.stack.api.functions).filter(([group]) => group !== 'privacy')) {
    const statements = statementsOfRole(logicalIdOf(fn.role!));
    const env = chorus.resources[logicalIdOf(fn)]!.Properties.Environment.Variables;
    expect({ group, s3: s3ActionsOf(logicalIdOf(fn.role!)), jobs: statements.filter((s) => JSON.stringify(s.Resource).includes(jobsQueue)) }).toEqual({
      group,
      s3: [],
      jobs: [],
    });
    expect({ group, env: Object.keys(env).filter((name) => name === ENV.MEMBER_DATA_QUEUE_URL || name === ENV.EXPORT_BUCKET) }).toEqual({ group, env: [] });
  }
});

test('refuses an archive retention beyond 30 days and a worker timeout beyond Lambda’s 15 minutes', () => {
  const scope = new Stack(new App(), 'Props');
  const table = new Table(scope, 'T', { partitionKey: { name: 'pk', type: AttributeType.STRING } });
  expect(() => new MemberDataJobs(scope, 'A', { table, archiveRetention: Duration.days(31) })).toThrow(/archiveRetention must be 1 to 30 days/);
  expect(() => new MemberDataJobs(scope, 'B', { table, workerTimeout: Duration.minutes(16) })).toThrow(/workerTimeout must be 30 to 900 seconds/);
});
