/**
 * SQS behind the EventQueue port. The client is created once per container by the composition;
 * endpoints come from the SDK's own AWS_ENDPOINT_URL_SQS variable. Items are packed many to a
 * message (messages.ts, format 3: compressed) up to the packing limits of messaging-design.ts: a stream batch or
 * a client batch is usually one message.
 */
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { logger } from '../http/logger';
import { analyticsMessagingDesign } from '../store/messaging-design';
import { type PackedMessage, packMessages } from './messages';
import type { EventQueue, OutgoingMessage } from './ports';

const { maxMessageBytes, maxItemBytes, maxBatchEntries, maxBatchBytes } = analyticsMessagingDesign.packing;

/** Packed messages in SendMessageBatch calls: ≤ maxBatchEntries entries and ≤ maxBatchBytes of bodies each. */
function batchesOf(messages: readonly PackedMessage[]): PackedMessage[][] {
  const batches: PackedMessage[][] = [];
  let batch: PackedMessage[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = Buffer.byteLength(message.body, 'utf8');
    if (batch.length > 0 && (batch.length === maxBatchEntries || bytes + size > maxBatchBytes)) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(message);
    bytes += size;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/** Packs and sends, all batches at once; a message SQS refuses, or a batch call that fails, reports all its items, never throws. */
export const sqsEventQueue = (client: SQSClient, queueUrl: string): EventQueue => ({
  async send(items: readonly OutgoingMessage[]) {
    const failed = await Promise.all(
      batchesOf(packMessages(items, { maxMessageBytes, maxItemBytes })).map(async (batch) => {
        try {
          // Entry ids only need to be unique in the call: positions, mapped back to the items.
          const result = await client.send(
            new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: batch.map((m, i) => ({ Id: String(i), MessageBody: m.body })) }),
          );
          const refused = result.Failed ?? [];
          for (const entry of refused) {
            logger.warn('the analytics queue refused a message', { code: entry.Code, reason: entry.Message, senderFault: entry.SenderFault });
          }
          return refused.flatMap((f) => batch[Number(f.Id)]!.itemIds);
        } catch (error) {
          // The producer answers these as "not queued" (the app or the stream sends them again); the why is here.
          logger.error('sending to the analytics queue failed', { messages: batch.length, error: error as Error });
          return batch.flatMap((m) => m.itemIds);
        }
      }),
    );
    return failed.flat();
  },
});
