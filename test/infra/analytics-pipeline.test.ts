/**
 * The analytics pipeline and lake in the synthesised template: the event source mappings' settings,
 * the queue's redrive and visibility, the lake bucket's protection and lifecycle, the Glue table
 * (checked against a file the archiver writes) and the Athena workgroup.
 */
import { rmSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { EVENT_TYPES, PARTITION_COLUMNS, SCHEMA_VERSION } from '../../lambdas/analytics/envelope';
import { toParquet } from '../../lambdas/analytics/parquet';
import { analyticsMessagingDesign as design } from '../../lambdas/store/messaging-design';
import { logicalIdOf, synthesizeForThisFile } from './stack';

const chorus = synthesizeForThisFile();
const { ofType, statementsOfRole } = chorus;

const mappingOf = (fnId: string) =>
  ofType('AWS::Lambda::EventSourceMapping')
    .map(([, r]) => r.Properties)
    .find((p) => JSON.stringify(p.FunctionName) === JSON.stringify({ Ref: fnId }))!;

test('the archiver consumes the queue in large batches with partial failures and a concurrency cap', () => {
  const archiver = chorus.stack.analytics.archiver;
  expect(mappingOf(logicalIdOf(archiver))).toMatchObject({
    BatchSize: design.archiverSource.batchSize,
    MaximumBatchingWindowInSeconds: design.archiverSource.maxBatchingWindowSeconds,
    FunctionResponseTypes: ['ReportBatchItemFailures'],
    ScalingConfig: { MaximumConcurrency: design.archiverSource.maxConcurrency },
  });
  expect(chorus.resources[logicalIdOf(archiver)]!.Properties.Timeout).toBe(design.archiverSource.timeoutSeconds);
});

test('the queue redrives to the dead-letter queue after 5 receives, and hides a message ≥ 6 × the archiver timeout', () => {
  const queue = chorus.resources[logicalIdOf(chorus.stack.analytics.queue)]!.Properties;
  expect(queue.RedrivePolicy).toEqual({
    deadLetterTargetArn: { 'Fn::GetAtt': [logicalIdOf(chorus.stack.analytics.deadLetterQueue), 'Arn'] },
    maxReceiveCount: 5,
  });
  expect(queue.VisibilityTimeout).toBeGreaterThanOrEqual(6 * chorus.resources[logicalIdOf(chorus.stack.analytics.archiver)]!.Properties.Timeout);
  expect(queue.SqsManagedSseEnabled).toBe(true);
});

test('the publisher reads the table stream with partial failures, bisecting, bounded retries and the DLQ on failure', () => {
  expect(mappingOf(logicalIdOf(chorus.stack.analytics.publisher))).toMatchObject({
    EventSourceArn: { 'Fn::GetAtt': [logicalIdOf(chorus.stack.communityTable.table), 'StreamArn'] },
    BatchSize: design.publisherSource.batchSize,
    FunctionResponseTypes: ['ReportBatchItemFailures'],
    BisectBatchOnFunctionError: true,
    MaximumRetryAttempts: design.publisherSource.retryAttempts,
    DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [logicalIdOf(chorus.stack.analytics.deadLetterQueue), 'Arn'] } } },
  });
});

test('an alarm fires on anything in the dead-letter queue, to the alarm topic', () => {
  const alarm = ofType('AWS::CloudWatch::Alarm')
    .map(([, a]) => a.Properties)
    .find((a) => a.MetricName === 'ApproximateNumberOfMessagesVisible')!;
  expect(alarm).toMatchObject({
    Threshold: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    AlarmActions: [{ Ref: logicalIdOf(chorus.stack.monitoring.alarmTopic) }],
  });
  expect(alarm.Dimensions).toEqual([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalIdOf(chorus.stack.analytics.deadLetterQueue), 'QueueName'] } }]);
});

test('only the topic (for the publisher) and POST /v1/events may send to the queue; the archiver may only put objects under events/ and bad/', () => {
  expect(statementsOfRole(logicalIdOf(chorus.stack.api.functions.events.role)).flatMap((s) => [s.Action].flat())).toContain('sqs:SendMessage');
  for (const group of ['posts', 'comments', 'public'] as const) {
    expect(
      statementsOfRole(logicalIdOf(chorus.stack.api.functions[group].role))
        .flatMap((s) => [s.Action].flat())
        .filter((a) => a.startsWith('sqs:')),
    ).toEqual([]);
  }
  const s3 = statementsOfRole(logicalIdOf(chorus.stack.analytics.archiver.role)).filter((s) => [s.Action].flat().some((a) => a.startsWith('s3:')));
  expect(s3.flatMap((s) => [s.Action].flat())).toEqual(['s3:PutObject']);
  expect(JSON.stringify(s3[0]!.Resource)).toContain('/events/v1/*');
  expect(JSON.stringify(s3[0]!.Resource)).toContain('/bad/*');
  const eventsVariables = chorus.resources[logicalIdOf(chorus.stack.api.functions.events)]!.Properties.Environment.Variables;
  expect(eventsVariables.ANALYTICS_QUEUE_URL).toEqual({ Ref: logicalIdOf(chorus.stack.analytics.queue) });
});

test('the lake bucket is encrypted, private, TLS-only, tiered as it ages, and bad/ expires', () => {
  const bucketId = logicalIdOf(chorus.stack.lake.bucket);
  const bucket = chorus.resources[bucketId]!.Properties;
  expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
  expect(bucket.PublicAccessBlockConfiguration).toEqual({
    BlockPublicAcls: true,
    BlockPublicPolicy: true,
    IgnorePublicAcls: true,
    RestrictPublicBuckets: true,
  });
  const rules = bucket.LifecycleConfiguration.Rules as { Id: string; Prefix?: string; Transitions?: { StorageClass: string }[]; ExpirationInDays?: number }[];
  expect(rules.find((r) => r.Id === 'events-tiering')).toMatchObject({
    Prefix: 'events/v1/',
    Transitions: [{ StorageClass: 'STANDARD_IA' }, { StorageClass: 'GLACIER_IR' }],
  });
  expect(rules.find((r) => r.Id === 'bad-expiry')).toMatchObject({ Prefix: 'bad/', ExpirationInDays: 30 });
  const policy = ofType('AWS::S3::BucketPolicy').find(([, p]) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: bucketId }))!;
  expect(JSON.stringify(policy[1].Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
});

test('the Glue table projects partitions over events/v1/event_type=<type>/dt=<day>/ for every event type', () => {
  const [, table] = ofType('AWS::Glue::Table')[0]!;
  const input = table.Properties.TableInput;
  expect(input.PartitionKeys.map((k: { Name: string }) => k.Name)).toEqual(PARTITION_COLUMNS.map((c) => c.name));
  expect(input.Parameters['projection.enabled']).toBe('true');
  expect(input.Parameters['projection.event_type.values'].split(',')).toEqual([...EVENT_TYPES]);
  expect(input.Parameters['projection.dt.format']).toBe('yyyy-MM-dd');
  // biome-ignore lint/suspicious/noTemplateCurlyInString: Athena's partition projection template spells its placeholders ${...}, literally
  expect(JSON.stringify(input.Parameters['storage.location.template'])).toContain('events/v1/event_type=${event_type}/dt=${dt}/');
});

test("the Glue table's columns are exactly what the archiver writes, in name, order and type", async () => {
  // Prepare: a file written by the archiver's own writer.
  const dir = mkdtempSync(join(tmpdir(), 'chorus-glue-'));
  const file = join(dir, 'sample.parquet');
  writeFileSync(
    file,
    toParquet([
      {
        event_id: 'e1',
        event_type: 'post.created',
        schema_version: SCHEMA_VERSION,
        occurred_at: new Date().toISOString(),
        received_at: new Date().toISOString(),
        actor_id: 'm',
        community_id: 'c',
        post_id: 'p',
        product_ids: ['SKU-1'],
        data: { kind: 'review' },
      },
    ]),
  );
  const duck = await (await DuckDBInstance.create(':memory:')).connect();
  // Act: what a reader sees in the file, in Hive terms.
  const described = (await duck.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${file}')`)).getRowObjectsJson() as {
    column_name: string;
    column_type: string;
  }[];
  duck.closeSync();
  rmSync(dir, { recursive: true, force: true });
  const hive: Record<string, string> = { VARCHAR: 'string', INTEGER: 'int', TIMESTAMP: 'timestamp', 'VARCHAR[]': 'array<string>' };
  // Assess
  const [, table] = ofType('AWS::Glue::Table')[0]!;
  const columns = table.Properties.TableInput.StorageDescriptor.Columns as { Name: string; Type: string }[];
  expect(columns.map((c) => [c.Name, c.Type])).toEqual(described.map((d) => [d.column_name, hive[d.column_type] ?? d.column_type]));
});

test('the Athena workgroup limits bytes scanned per query and writes results, encrypted, to its own bucket', () => {
  const [, workGroup] = ofType('AWS::Athena::WorkGroup')[0]!;
  const config = workGroup.Properties.WorkGroupConfiguration;
  expect(config.BytesScannedCutoffPerQuery).toBe(10 * 1024 ** 3);
  expect(config.EnforceWorkGroupConfiguration).toBe(true);
  expect(JSON.stringify(config.ResultConfiguration.OutputLocation)).toContain(logicalIdOf(chorus.stack.lake.resultsBucket));
  expect(config.ResultConfiguration.EncryptionConfiguration).toEqual({ EncryptionOption: 'SSE_S3' });
  const [, view] = ofType('AWS::Athena::NamedQuery')[0]!;
  expect(view.Properties.QueryString).toMatch(/CREATE OR REPLACE VIEW events_deduplicated[\s\S]*PARTITION BY event_type, dt, event_id/);
});

test('the lake bucket keeps its logical ID (a renamed bucket is a new, empty lake)', () => {
  expect(logicalIdOf(chorus.stack.lake.bucket)).toMatchInlineSnapshot(`"AnalyticsLakeBucket4C26190E"`);
});
