/**
 * The analytics queue's consumer: batches of messages, each one event or many (packed), to Parquet
 * objects in the lake. A message is reported as failed (ReportBatchItemFailures) until every object
 * holding one of its events is stored.
 */
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { archiveBatch } from '../analytics/archive';
import { archiverDeps } from '../analytics/archiver-composition';
import type { ArchiverDeps } from '../analytics/ports';
import { injectLambdaContext, logger } from '../http/logger';

/** The handler's work with its dependencies given: what the tests call with a lake that fails. */
export async function archiveRecords(deps: ArchiverDeps, event: SQSEvent): Promise<SQSBatchResponse> {
  const outcome = await archiveBatch(
    deps,
    event.Records.map((r) => ({ messageId: r.messageId, body: r.body })),
  );
  // Each object the lake refused, with the lake's own error: its messages are delivered again (then the DLQ).
  for (const failure of outcome.failures) {
    logger.error('lake object not stored; its messages are delivered again', { key: failure.key, messages: failure.messages, error: failure.error });
  }
  if (outcome.bad > 0) logger.warn('items that are not events kept under bad/ with their reasons', { bad: outcome.bad });
  logger.info('archived', { messages: event.Records.length, objects: outcome.objects, failed: outcome.failedMessageIds.length });
  return { batchItemFailures: outcome.failedMessageIds.map((itemIdentifier) => ({ itemIdentifier })) };
}

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler((event) => archiveRecords(archiverDeps(), event));
