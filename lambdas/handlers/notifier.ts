/**
 * The notifications queue's consumer: domain events (from the topic) and fan-out pages (its own) in,
 * inbox entries out. Partial failures are reported per message (ReportBatchItemFailures): a failed
 * message comes back alone, and what it already wrote is not written again (entries are keyed by
 * recipient and cause).
 */
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { notifierDeps } from '../composition/notifier';
import { injectLambdaContext, logger } from '../http/logger';
import { readMessage } from '../notifications/messages';
import { fanOutPage, notifyEvent } from '../notifications/notify';

async function notify(event: SQSEvent): Promise<SQSBatchResponse> {
  const deps = notifierDeps();
  const failures: SQSBatchResponse['batchItemFailures'] = [];
  await Promise.all(
    event.Records.map(async (record) => {
      try {
        const message = readMessage(record.body);
        if (message.kind === 'page') {
          await fanOutPage(deps, message.page);
          return;
        }
        for (const domainEvent of message.events) await notifyEvent(deps, domainEvent);
      } catch (error) {
        logger.error('a notifications message failed; it comes back after its visibility timeout', { messageId: record.messageId, error: error as Error });
        failures.push({ itemIdentifier: record.messageId });
      }
    }),
  );
  return { batchItemFailures: failures };
}

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(notify);
