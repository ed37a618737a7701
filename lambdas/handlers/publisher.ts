/**
 * The table stream's consumer: committed writes in, domain events out to the analytics queue.
 * Partial failures are reported per record (ReportBatchItemFailures): the stream delivers the first
 * unpublished record and everything after it again.
 */
import { unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import type { AttributeValue as StreamAttributeValue, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { publisherDeps } from '../analytics/publisher-composition';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { deskCountsOf } from '../analytics/desk-metrics';
import { toDomainEvent, type TableChange } from '../analytics/domain-events';
import { DESK_METRICS } from '../desk/slo-design';
import { publishChanges } from '../analytics/publish';
import { injectLambdaContext, logger } from '../http/logger';

const image = (value: Record<string, StreamAttributeValue> | undefined) => (value ? unmarshall(value as Record<string, AttributeValue>) : undefined);

export const toTableChange = (record: DynamoDBRecord): TableChange => ({
  eventId: record.eventID ?? `${record.dynamodb?.SequenceNumber}`,
  change: record.eventName ?? 'MODIFY',
  committedAt: new Date((record.dynamodb?.ApproximateCreationDateTime ?? Date.now() / 1000) * 1000),
  oldImage: image(record.dynamodb?.OldImage),
  newImage: image(record.dynamodb?.NewImage),
});

/** The desk SLO's metrics (EMF, written with the batch that counted them), read by the burn-rate alarms. */
const metrics = new Metrics({ namespace: DESK_METRICS.namespace, serviceName: DESK_METRICS.service });

function countDesk(changes: readonly TableChange[], receivedAt: Date): void {
  const counts = deskCountsOf(changes.map((change) => toDomainEvent(change, receivedAt)));
  if (counts.entered > 0) metrics.addMetric(DESK_METRICS.entered, MetricUnit.Count, counts.entered);
  if (counts.met > 0) metrics.addMetric(DESK_METRICS.met, MetricUnit.Count, counts.met);
  if (counts.missed > 0) metrics.addMetric(DESK_METRICS.missed, MetricUnit.Count, counts.missed);
  // Only batches that moved the desk write a metrics line (most batches carry no desk change).
  if (counts.entered + counts.met + counts.missed > 0) metrics.publishStoredMetrics();
}

async function publish(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const changes = event.Records.map(toTableChange);
  const failedAt = await publishChanges(publisherDeps(), changes);
  // Counted once published: a change the stream delivers again is counted when it is published.
  countDesk(changes.slice(0, failedAt ?? changes.length), new Date());
  if (failedAt === undefined) return { batchItemFailures: [] };
  const itemIdentifier = event.Records[failedAt]!.dynamodb?.SequenceNumber ?? '';
  logger.warn('events not queued; the stream delivers them again', { failedAt, of: event.Records.length });
  return { batchItemFailures: [{ itemIdentifier }] };
}

export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(publish);
