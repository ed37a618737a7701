/**
 * The analytics queue's consumer: batches of events to Parquet objects in the lake. A message is
 * reported as failed (ReportBatchItemFailures) until the object holding it is stored.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { archiveBatch } from '../analytics/archive';
import { archiverDeps } from '../analytics/archiver-composition';
import { logger } from '../http/logger';

async function archive(event: SQSEvent): Promise<SQSBatchResponse> {
  const outcome = await archiveBatch(
    archiverDeps(),
    event.Records.map((r) => ({ messageId: r.messageId, body: r.body })),
  );
  logger.info('archived', { messages: event.Records.length, objects: outcome.objects, failed: outcome.failedMessageIds.length });
  return { batchItemFailures: outcome.failedMessageIds.map((itemIdentifier) => ({ itemIdentifier })) };
}

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(archive);
