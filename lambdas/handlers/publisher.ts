/**
 * The table stream's consumer: committed writes in, domain events out to the analytics queue.
 * Partial failures are reported per record (ReportBatchItemFailures): the stream delivers the first
 * unpublished record and everything after it again.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import type { AttributeValue as StreamAttributeValue, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { publisherDeps } from '../analytics/publisher-composition';
import type { TableChange } from '../analytics/domain-events';
import { publishChanges } from '../analytics/publish';
import { logger } from '../http/logger';

const image = (value: Record<string, StreamAttributeValue> | undefined) => (value ? unmarshall(value as Record<string, AttributeValue>) : undefined);

export const toTableChange = (record: DynamoDBRecord): TableChange => ({
  eventId: record.eventID ?? `${record.dynamodb?.SequenceNumber}`,
  change: record.eventName ?? 'MODIFY',
  committedAt: new Date((record.dynamodb?.ApproximateCreationDateTime ?? Date.now() / 1000) * 1000),
  oldImage: image(record.dynamodb?.OldImage),
  newImage: image(record.dynamodb?.NewImage),
});

async function publish(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  const failedAt = await publishChanges(publisherDeps(), event.Records.map(toTableChange));
  if (failedAt === undefined) return { batchItemFailures: [] };
  const itemIdentifier = event.Records[failedAt]!.dynamodb?.SequenceNumber ?? '';
  logger.warn('events not queued; the stream delivers them again', { failedAt, of: event.Records.length });
  return { batchItemFailures: [{ itemIdentifier }] };
}

export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(publish);
