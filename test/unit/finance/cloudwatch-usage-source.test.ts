import type { CloudWatchClient, GetMetricDataCommand, GetMetricDataCommandOutput } from '@aws-sdk/client-cloudwatch';
import { cloudWatchUsageSource, metricQueries, type MetricTargets } from '../../../lambdas/finance/cloudwatch-usage-source';

const TARGETS: MetricTargets = {
  apiId: 'a1b2c3',
  functions: [
    { name: 'posts', functionName: 'Chorus-prod-PostsFunction-X', memoryMb: 1024 },
    { name: 'archiver', functionName: 'Chorus-prod-Archiver-Y', memoryMb: 1024 },
  ],
  tables: [{ tableName: 'Chorus-prod-CommunityTable', indexes: ['byAuthor'] }],
  queueName: 'Chorus-prod-events',
  bucketName: 'chorus-lake',
  workGroup: 'Chorus-prod-analytics',
};

/** Recorded GetMetricData answers (daily points, newest first), in two pages as CloudWatch may give them. */
const PAGES: Partial<GetMetricDataCommandOutput>[] = [
  {
    MetricDataResults: [
      { Id: 'api_count', Values: [1200, 800], StatusCode: 'Complete' },
      { Id: 'fn0_invocations', Values: [1000, 700] },
      { Id: 'fn0_duration', Values: [20000, 14000] },
      { Id: 'fn1_invocations', Values: [30] },
      { Id: 'fn1_duration', Values: [9000] },
      { Id: 't0_0_read', Values: [500, 300] },
    ],
    NextToken: 'page-2',
  },
  {
    MetricDataResults: [
      { Id: 't0_0_write', Values: [4000] },
      { Id: 't0_1_read', Values: [100] },
      { Id: 't0_1_write', Values: [1000] },
      { Id: 'sqs_sent', Values: [600] },
      { Id: 'sqs_received', Values: [600] },
      { Id: 'sqs_deleted', Values: [600] },
      { Id: 'sqs_empty', Values: [50] },
      { Id: 's3_bytes', Values: [2_000_000, 1_500_000] },
      { Id: 's3_objects', Values: [40, 30] },
      { Id: 'athena_bytes', Values: [5_000_000] },
      { Id: 'athena_queries', Values: [3] },
    ],
  },
];

/** A stub of the client's `send` that answers the recorded pages and keeps what it was asked. */
function stubClient() {
  const sent: GetMetricDataCommand[] = [];
  const client = {
    send: async (command: GetMetricDataCommand) => {
      sent.push(command);
      return PAGES[sent.length - 1];
    },
  } as unknown as CloudWatchClient;
  return { client, sent };
}

describe('the CloudWatch usage source', () => {
  const period = { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-03T00:00:00Z') };

  test('asks for the free metrics of every resource, daily, over the period, following NextToken', async () => {
    const { client, sent } = stubClient();
    await cloudWatchUsageSource(client, TARGETS).usage(period);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.input.NextToken).toBe('page-2');
    const input = sent[0]!.input;
    expect(input.StartTime).toEqual(period.from);
    expect(input.EndTime).toEqual(period.to);
    const asked = input.MetricDataQueries!.map((q) => `${q.MetricStat!.Metric!.Namespace} ${q.MetricStat!.Metric!.MetricName} ${q.MetricStat!.Stat}`);
    expect(asked).toEqual(
      expect.arrayContaining([
        'AWS/ApiGateway Count Sum',
        'AWS/Lambda Invocations Sum',
        'AWS/Lambda Duration Sum',
        'AWS/DynamoDB ConsumedWriteCapacityUnits Sum',
        'AWS/SQS NumberOfMessagesSent Sum',
        'AWS/S3 BucketSizeBytes Average',
        'AWS/Athena ProcessedBytes Sum',
      ]),
    );
    expect(input.MetricDataQueries!.every((q) => q.MetricStat!.Period === 86_400 && /^[a-z][a-zA-Z0-9_]*$/.test(q.Id!))).toBe(true);
    const gsi = input.MetricDataQueries!.find((q) => q.Id === 't0_1_write')!.MetricStat!.Metric!.Dimensions;
    expect(gsi).toEqual([
      { Name: 'TableName', Value: 'Chorus-prod-CommunityTable' },
      { Name: 'GlobalSecondaryIndexName', Value: 'byAuthor' },
    ]);
  });

  test('sums the daily points, takes the newest storage point, and says what free metrics cannot count', async () => {
    const { client } = stubClient();
    const usage = await cloudWatchUsageSource(client, TARGETS).usage(period);
    expect(usage.apiRequests).toBe(2000);
    expect(usage.functions).toEqual([
      { name: 'posts', memoryMb: 1024, invocations: 1700, durationMs: 34000 },
      { name: 'archiver', memoryMb: 1024, invocations: 30, durationMs: 9000 },
    ]);
    expect(usage.dynamoDb).toEqual({ readUnits: 900, writeUnits: 5000 });
    expect(usage.queue).toMatchObject({ messagesSent: 600, messagesReceived: 600, requests: 1850 });
    expect(usage.lake).toMatchObject({ putRequests: 30, storedBytes: 2_000_000, objects: 40 });
    expect(usage.queries).toEqual({ queries: 3, bytesScanned: 5_000_000 });
    expect(usage.routes).toBeUndefined();
    expect(usage.activity.postsCreated.value).toBeUndefined();
    expect('reason' in usage.activity.postsCreated && usage.activity.postsCreated.reason).toMatch(/Athena/);
  });

  test('keeps every query id unique', () => {
    const ids = metricQueries(TARGETS).map((q) => q.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
