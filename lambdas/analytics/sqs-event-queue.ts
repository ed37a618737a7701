/**
 * SQS behind the EventQueue port. The client is created once per container by the composition;
 * endpoints come from the SDK's own AWS_ENDPOINT_URL_SQS variable.
 */
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { logger } from '../http/logger';
import type { EventQueue, OutgoingMessage } from './ports';

const SQS_BATCH = 10;

/** SendMessageBatch in tens, all at once; an entry SQS refuses, or a batch call that fails, is reported, not thrown. */
export const sqsEventQueue = (client: SQSClient, queueUrl: string): EventQueue => ({
  async send(messages: readonly OutgoingMessage[]) {
    const chunks: OutgoingMessage[][] = [];
    for (let i = 0; i < messages.length; i += SQS_BATCH) chunks.push(messages.slice(i, i + SQS_BATCH));
    const failed = await Promise.all(
      chunks.map(async (chunk) => {
        try {
          // Entry ids only need to be unique in the call: positions, mapped back to our ids.
          const result = await client.send(
            new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: chunk.map((m, i) => ({ Id: String(i), MessageBody: m.body })) }),
          );
          const refused = result.Failed ?? [];
          for (const entry of refused) {
            logger.warn('the analytics queue refused a message', { code: entry.Code, reason: entry.Message, senderFault: entry.SenderFault });
          }
          return refused.map((f) => chunk[Number(f.Id)]!.id);
        } catch (error) {
          // The producer answers these as "not queued" (the app or the stream sends them again); the why is here.
          logger.error('sending to the analytics queue failed', { messages: chunk.length, error: error as Error });
          return chunk.map((m) => m.id);
        }
      }),
    );
    return failed.flat();
  },
});
