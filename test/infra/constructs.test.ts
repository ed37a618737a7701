/**
 * The house constructs on their own, in a bare stack: each validates its props and names the prop
 * it refuses, and each bind sets the environment variable and the grant together.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { CfnWorkGroup } from 'aws-cdk-lib/aws-athena';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { fileURLToPath } from 'node:url';
import { DomainEventsTopic } from '../../lib/constructs/notifications';
import { AnalyticsPipeline, type AnalyticsPipelineProps } from '../../lib/constructs/analytics-pipeline';
import { ChorusFunction, type ChorusFunctionProps } from '../../lib/constructs/chorus-function';
import { CommunityTable, IdempotencyTable } from '../../lib/constructs/community-table';
import { CostControls, type CostControlsProps } from '../../lib/constructs/cost-controls';
import { SecureBucket } from '../../lib/constructs/secure-bucket';
import { logicalIdOf } from './stack';

type Resource = { Type: string; Properties: Record<string, any> };

/** A stack whose functions are not bundled: the template does not depend on the bundle. */
const bareStack = () => new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Bare');
const entry = fileURLToPath(new URL('../../lambdas/handlers/public.ts', import.meta.url));
const fnProps: ChorusFunctionProps = { entry, description: 'a test function' };
const resourcesOf = (stack: Stack, type: string) => Object.values(Template.fromStack(stack).findResources(type)) as Resource[];
const statementsOf = (stack: Stack, fn: ChorusFunction) =>
  resourcesOf(stack, 'AWS::IAM::Policy')
    .filter((p) => JSON.stringify(p.Properties.Roles).includes(logicalIdOf(fn.role)))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[]);
const variablesOf = (stack: Stack, fn: ChorusFunction) => Template.fromStack(stack).toJSON().Resources[logicalIdOf(fn)].Properties.Environment.Variables;

describe('ChorusFunction', () => {
  test('is the function itself: Node.js 24 on arm64, its own role and log group, no AWS-managed policy', () => {
    // Prepare
    const stack = bareStack();
    // Act
    const fn = new ChorusFunction(stack, 'Fn', fnProps);
    // Assess
    const [resource] = resourcesOf(stack, 'AWS::Lambda::Function');
    expect(resource!.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: 1024,
      Role: { 'Fn::GetAtt': [logicalIdOf(fn.role), 'Arn'] },
      LoggingConfig: { LogGroup: { Ref: logicalIdOf(fn.logGroup) } },
    });
    expect(resourcesOf(stack, 'AWS::IAM::Role').map((r) => r.Properties.ManagedPolicyArns)).toEqual([undefined]);
    expect(fn.memorySize).toBe(1024);
  });

  test.each([
    [{ memorySize: 127 }, 'memorySize must be a whole number of MB between 128 and 10240, got 127'],
    [{ memorySize: 10_241 }, 'memorySize must be a whole number of MB between 128 and 10240, got 10241'],
    [{ timeout: Duration.seconds(901) }, 'timeout must be between 1 and 900 seconds, got 15 minutes 1 second'],
    [{ description: ' ' }, 'description must say what the function does, got an empty string'],
  ] as const)('refuses %j, naming the prop', (props, message) => {
    expect(() => new ChorusFunction(bareStack(), 'Fn', { ...fnProps, ...props })).toThrow(message);
  });

  test('accepts the limits themselves: 128 MB, 10240 MB and 900 seconds', () => {
    const stack = bareStack();
    expect(() => new ChorusFunction(stack, 'Small', { ...fnProps, memorySize: 128, timeout: Duration.seconds(900) })).not.toThrow();
    expect(() => new ChorusFunction(stack, 'Large', { ...fnProps, memorySize: 10_240 })).not.toThrow();
  });

  test('bindTable and bindIdempotencyTable each name their table and grant item access to it, and only to it', () => {
    // Prepare
    const stack = bareStack();
    const table = new CommunityTable(stack, 'CommunityTable');
    const idempotency = new IdempotencyTable(stack, 'IdempotencyTable');
    const fn = new ChorusFunction(stack, 'Fn', fnProps);
    // Act
    fn.bindTable(table.table);
    fn.bindIdempotencyTable(idempotency.table);
    // Assess
    expect(variablesOf(stack, fn)).toMatchObject({
      TABLE_NAME: { Ref: logicalIdOf(table.table) },
      IDEMPOTENCY_TABLE_NAME: { Ref: logicalIdOf(idempotency.table) },
    });
    const dynamo = statementsOf(stack, fn).filter((s) => [s.Action].flat().some((a) => a.startsWith('dynamodb:')));
    const tablesOfStatements = dynamo.map((s) => JSON.stringify(s.Resource).match(/(CommunityTable|IdempotencyTable)\w+/g)?.[0]);
    expect(tablesOfStatements).toEqual([logicalIdOf(table.table), logicalIdOf(idempotency.table)]);
  });

  test('bindAnalyticsQueue names the queue and lets the function send to it', () => {
    const stack = bareStack();
    const queue = new Queue(stack, 'Queue');
    const fn = new ChorusFunction(stack, 'Fn', fnProps);
    fn.bindAnalyticsQueue(queue);
    expect(variablesOf(stack, fn).ANALYTICS_QUEUE_URL).toEqual({ Ref: logicalIdOf(queue) });
    const onQueue = statementsOf(stack, fn).filter((s) => JSON.stringify(s.Resource).includes(logicalIdOf(queue)));
    expect(onQueue.flatMap((s) => [s.Action].flat())).toContain('sqs:SendMessage');
  });

  test('bindLake names the bucket and lets the function put objects under the given prefixes only', () => {
    const stack = bareStack();
    const bucket = new SecureBucket(stack, 'Lake');
    const fn = new ChorusFunction(stack, 'Fn', fnProps);
    fn.bindLake(bucket, ['events/v1/', 'bad/']);
    expect(variablesOf(stack, fn).LAKE_BUCKET).toEqual({ Ref: logicalIdOf(bucket) });
    const s3 = statementsOf(stack, fn).filter((s) => [s.Action].flat().some((a) => a.startsWith('s3:')));
    expect(s3.map((s) => s.Action)).toEqual(['s3:PutObject']);
    expect(JSON.stringify(s3[0]!.Resource)).toMatch(/\/events\/v1\/\*.*\/bad\/\*/);
    expect(() => fn.bindLake(bucket, ['events'])).toThrow('prefixes must be one or more key prefixes ending in "/", such as "events/v1/", got ["events"]');
  });
});

describe('AnalyticsPipeline', () => {
  const pipelineIn = (props: Partial<AnalyticsPipelineProps> = {}) => {
    const stack = bareStack();
    const table = new CommunityTable(stack, 'CommunityTable');
    const topic = new DomainEventsTopic(stack, 'DomainEvents').topic;
    const pipeline = new AnalyticsPipeline(stack, 'Pipeline', { table: table.table, topic, lakeBucket: new SecureBucket(stack, 'Lake'), ...props });
    return { stack, pipeline };
  };

  test('takes its batch settings from props', () => {
    // Act
    const { stack, pipeline } = pipelineIn({
      archiverBatchSize: 500,
      archiverMaxBatchingWindow: Duration.seconds(5),
      archiverMaxConcurrency: 3,
      publisherBatchSize: 50,
    });
    // Assess
    const mappings = resourcesOf(stack, 'AWS::Lambda::EventSourceMapping').map((m) => m.Properties);
    const of = (fn: ChorusFunction) => mappings.find((m) => JSON.stringify(m.FunctionName).includes(logicalIdOf(fn)));
    expect(of(pipeline.archiver)).toMatchObject({ BatchSize: 500, MaximumBatchingWindowInSeconds: 5, ScalingConfig: { MaximumConcurrency: 3 } });
    expect(of(pipeline.publisher)).toMatchObject({ BatchSize: 50 });
  });

  test('refuses a visibility timeout below 6 × the archiver timeout, and accepts exactly 6 ×', () => {
    expect(() => pipelineIn({ archiverTimeout: Duration.seconds(60), visibilityTimeout: Duration.seconds(359) })).toThrow(
      'visibilityTimeout must be at least 6 × archiverTimeout (360 s), got 359 s',
    );
    expect(() => pipelineIn({ archiverTimeout: Duration.seconds(60), visibilityTimeout: Duration.seconds(360) })).not.toThrow();
  });

  test.each([
    [{ archiverMaxConcurrency: 1 }, 'archiverMaxConcurrency must be a whole number from 2 to 1000, got 1'],
    [
      { archiverBatchSize: 100, archiverMaxBatchingWindow: Duration.seconds(0) },
      'archiverMaxBatchingWindow must be above 0 when archiverBatchSize is above 10, got 0 with 100',
    ],
    [{ publisherMaxBatchingWindow: Duration.seconds(301) }, 'publisherMaxBatchingWindow must be at most 300 seconds'],
    [{ deadLetterRetentionPeriod: Duration.days(3) }, 'deadLetterRetentionPeriod must be at least retentionPeriod (4 days), got 3 days'],
  ] as const)('refuses %j, naming the prop', (props, message) => {
    expect(() => pipelineIn(props)).toThrow(message);
  });
});

describe('CostControls', () => {
  const costsIn = (props: Partial<CostControlsProps> = {}) => {
    const stack = bareStack();
    const table = new CommunityTable(stack, 'CommunityTable');
    const reporter = new ChorusFunction(stack, 'Reporter', fnProps);
    const other = new ChorusFunction(stack, 'Other', { ...fnProps, memorySize: 512 });
    const costs = new CostControls(stack, 'Costs', {
      monthlyBudgetUsd: 100,
      costTagKey: 'Project',
      costTagValue: 'chorus',
      api: new HttpApi(stack, 'Api'),
      functions: { reporter, other },
      tables: [table],
      analyticsQueue: new Queue(stack, 'Queue'),
      lakeBucket: new SecureBucket(stack, 'Lake'),
      workGroup: new CfnWorkGroup(stack, 'WorkGroup', { name: 'analysts' }),
      ...props,
    });
    return { stack, costs, reporter, other };
  };

  test('the reporter learns the metrics of every other function (with its memory), the tables and the budget', () => {
    // Prepare
    const { stack, costs, reporter, other } = costsIn();
    // Act
    reporter.bindCostReport(costs);
    // Assess
    const stackOf = Stack.of(reporter);
    const targets = stackOf.resolve(costs.metricTargetsFor(reporter)) as { functions: { name: string; memoryMb: number }[]; tables: { indexes: string[] }[] };
    expect(targets.functions.map((f) => [f.name, f.memoryMb])).toEqual([['other', 512]]);
    expect(targets.tables[0]!.indexes.length).toBeGreaterThan(0);
    expect(variablesOf(stack, reporter).COST_MONTHLY_BUDGET_USD).toBe('100');
    expect(JSON.stringify(variablesOf(stack, reporter).COST_METRICS)).toContain(logicalIdOf(other));
    expect(
      statementsOf(stack, reporter)
        .filter((s) => s.Resource === '*')
        .flatMap((s) => [s.Action].flat()),
    ).toContain('cloudwatch:GetMetricData');
  });

  test.each([
    [{ monthlyBudgetUsd: 0 }, 'monthlyBudgetUsd must be US dollars above 0, got 0'],
    [{ actualThresholdsPercent: [80, 0] }, 'actualThresholdsPercent must be percentages of the budget above 0 and at most 1000, got 0'],
    [
      { actualThresholdsPercent: [50, 80, 100], forecastThresholdsPercent: [100, 120, 150] },
      'may name at most 5 thresholds together (an AWS Budgets limit), got 6',
    ],
    [{ alertEmails: ['finance'] }, 'alertEmails must be e-mail addresses, got "finance"'],
    [{ costTagKey: '' }, 'costTagKey and costTagValue must both be non-empty'],
  ] as const)('refuses %j, naming the prop', (props, message) => {
    expect(() => costsIn(props)).toThrow(message);
  });

  test('accepts five thresholds, the most a budget may have', () => {
    expect(() => costsIn({ actualThresholdsPercent: [50, 80, 100], forecastThresholdsPercent: [100, 120] })).not.toThrow();
  });
});
