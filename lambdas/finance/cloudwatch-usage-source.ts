/**
 * CloudWatch behind the UsageSource port: the free metrics AWS already publishes for Chorus's
 * resources, read with GetMetricData only when a report is asked for (nothing is added to a
 * request path). The resources come from COST_METRICS, which the stack writes (lib/constructs/cost-reporting.ts).
 */
import { GetMetricDataCommand, type CloudWatchClient, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import type { FunctionUsage, MeteredUsage, Period, UsageSource } from './usage';

/** What to read metrics of: names as the metrics' dimensions carry them. */
export interface MetricTargets {
  readonly apiId: string;
  readonly functions: readonly { readonly name: string; readonly functionName: string; readonly memoryMb: number }[];
  readonly tables: readonly { readonly tableName: string; readonly indexes: readonly string[] }[];
  readonly queueName: string;
  readonly bucketName: string;
  readonly workGroup: string;
}

export function parseMetricTargets(json: string): MetricTargets {
  const t = JSON.parse(json) as Partial<MetricTargets>;
  for (const field of ['apiId', 'queueName', 'bucketName', 'workGroup'] as const) {
    if (typeof t[field] !== 'string' || t[field] === '') throw new Error(`COST_METRICS.${field} must be a non-empty string, got ${JSON.stringify(t[field])}`);
  }
  if (!Array.isArray(t.functions) || !Array.isArray(t.tables)) throw new Error('COST_METRICS must list functions and tables');
  return t as MetricTargets;
}

const DAY_S = 86_400;
type Stat = 'Sum' | 'Average' | 'SampleCount';

interface Wanted {
  readonly id: string;
  readonly namespace: string;
  readonly metric: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly stat: Stat;
}

/** The queries of one report, with ids GetMetricData accepts (^[a-z][a-zA-Z0-9_]*$). */
export function metricQueries(targets: MetricTargets): Wanted[] {
  const q: Wanted[] = [{ id: 'api_count', namespace: 'AWS/ApiGateway', metric: 'Count', dimensions: { ApiId: targets.apiId }, stat: 'Sum' }];
  targets.functions.forEach((fn, i) => {
    q.push({ id: `fn${i}_invocations`, namespace: 'AWS/Lambda', metric: 'Invocations', dimensions: { FunctionName: fn.functionName }, stat: 'Sum' });
    q.push({ id: `fn${i}_duration`, namespace: 'AWS/Lambda', metric: 'Duration', dimensions: { FunctionName: fn.functionName }, stat: 'Sum' });
  });
  targets.tables.forEach((table, i) => {
    // Table-level metrics exclude what global secondary indexes consume: those are metrics of their own.
    const targetsOf = [{ TableName: table.tableName }, ...table.indexes.map((index) => ({ TableName: table.tableName, GlobalSecondaryIndexName: index }))];
    targetsOf.forEach((dimensions, j) => {
      q.push({ id: `t${i}_${j}_read`, namespace: 'AWS/DynamoDB', metric: 'ConsumedReadCapacityUnits', dimensions, stat: 'Sum' });
      q.push({ id: `t${i}_${j}_write`, namespace: 'AWS/DynamoDB', metric: 'ConsumedWriteCapacityUnits', dimensions, stat: 'Sum' });
    });
  });
  const queue = { QueueName: targets.queueName };
  q.push({ id: 'sqs_sent', namespace: 'AWS/SQS', metric: 'NumberOfMessagesSent', dimensions: queue, stat: 'Sum' });
  q.push({ id: 'sqs_received', namespace: 'AWS/SQS', metric: 'NumberOfMessagesReceived', dimensions: queue, stat: 'Sum' });
  q.push({ id: 'sqs_deleted', namespace: 'AWS/SQS', metric: 'NumberOfMessagesDeleted', dimensions: queue, stat: 'Sum' });
  q.push({ id: 'sqs_empty', namespace: 'AWS/SQS', metric: 'NumberOfEmptyReceives', dimensions: queue, stat: 'Sum' });
  q.push({
    id: 's3_bytes',
    namespace: 'AWS/S3',
    metric: 'BucketSizeBytes',
    dimensions: { BucketName: targets.bucketName, StorageType: 'StandardStorage' },
    stat: 'Average',
  });
  q.push({
    id: 's3_objects',
    namespace: 'AWS/S3',
    metric: 'NumberOfObjects',
    dimensions: { BucketName: targets.bucketName, StorageType: 'AllStorageTypes' },
    stat: 'Average',
  });
  q.push({ id: 'athena_bytes', namespace: 'AWS/Athena', metric: 'ProcessedBytes', dimensions: { WorkGroup: targets.workGroup }, stat: 'Sum' });
  q.push({ id: 'athena_queries', namespace: 'AWS/Athena', metric: 'ProcessedBytes', dimensions: { WorkGroup: targets.workGroup }, stat: 'SampleCount' });
  return q;
}

const toQuery = (w: Wanted): MetricDataQuery => ({
  Id: w.id,
  MetricStat: {
    Metric: { Namespace: w.namespace, MetricName: w.metric, Dimensions: Object.entries(w.dimensions).map(([Name, Value]) => ({ Name, Value })) },
    // Daily points: S3 storage metrics are daily, and a month is 31 points per query.
    Period: DAY_S,
    Stat: w.stat,
  },
  ReturnData: true,
});

/** GetMetricData accepts at most 500 queries a call. */
const MAX_QUERIES = 500;

export const cloudWatchUsageSource = (client: CloudWatchClient, targets: MetricTargets): UsageSource => ({
  async usage(period: Period): Promise<MeteredUsage> {
    const wanted = metricQueries(targets);
    // Timestamps newest first within each result: the last S3 storage point is the first value.
    const values = new Map<string, number[]>();
    for (let i = 0; i < wanted.length; i += MAX_QUERIES) {
      let nextToken: string | undefined;
      do {
        const page = await client.send(
          new GetMetricDataCommand({
            MetricDataQueries: wanted.slice(i, i + MAX_QUERIES).map(toQuery),
            StartTime: period.from,
            EndTime: period.to,
            ScanBy: 'TimestampDescending',
            ...(nextToken ? { NextToken: nextToken } : {}),
          }),
        );
        for (const result of page.MetricDataResults ?? []) {
          if (!result.Id) continue;
          values.set(result.Id, [...(values.get(result.Id) ?? []), ...(result.Values ?? [])]);
        }
        nextToken = page.NextToken;
      } while (nextToken);
    }
    const total = (id: string) => (values.get(id) ?? []).reduce((a, b) => a + b, 0);
    const latest = (id: string) => values.get(id)?.[0] ?? 0;

    const functions: FunctionUsage[] = targets.functions.map((fn, i) => ({
      name: fn.name,
      memoryMb: fn.memoryMb,
      invocations: total(`fn${i}_invocations`),
      durationMs: total(`fn${i}_duration`),
    }));
    const units = (kind: 'read' | 'write') => wanted.filter((w) => w.id.startsWith('t') && w.id.endsWith(`_${kind}`)).reduce((s, w) => s + total(w.id), 0);
    const sent = total('sqs_sent');
    const received = total('sqs_received');
    const archiver = functions.find((f) => f.name === 'archiver');
    const lakeQuery = (what: string) => `the lake, with Athena (${what}; billed by bytes scanned), or a DynamoDB query; free metrics do not count it`;
    return {
      period: { from: period.from.toISOString(), to: period.to.toISOString() },
      source: 'CloudWatch metrics (GetMetricData, daily points)',
      apiRequests: total('api_count'),
      functions,
      dynamoDb: { readUnits: units('read'), writeUnits: units('write') },
      queue: {
        messagesSent: sent,
        messagesReceived: received,
        requests: sent + received + total('sqs_deleted') + total('sqs_empty'),
        requestsBasis: 'upper bound: messages sent, received and deleted plus empty receives, each as one request (batches bill less)',
      },
      lake: {
        putRequests: archiver?.invocations ?? 0,
        putBasis: 'estimated as one object per archiver invocation: S3 request metrics are not free',
        storedBytes: latest('s3_bytes'),
        objects: latest('s3_objects'),
      },
      queries: { queries: total('athena_queries'), bytesScanned: total('athena_bytes') },
      activity: {
        postsCreated: { reason: lakeQuery("count of event_type = 'post.created'") },
        activeMembers: {
          reason:
            'distinct actor_id in the lake (Athena) or memberId in the API access log (Logs Insights, billed per GB scanned); free metrics do not count it',
        },
        moderationDecisions: { reason: lakeQuery("count of event_type = 'moderation.decided'") },
      },
      notes: [
        'Per-route figures are not in the free metrics (API Gateway detailed route metrics are billed), so requests, DynamoDB units and functions serving several features are unattributed.',
        'S3 storage is the latest daily StandardStorage size; objects moved to Infrequent Access or Glacier by the lifecycle are priced at the Standard rate.',
        'CloudWatch Logs ingestion and DynamoDB storage are not included.',
      ],
    };
  },
});
