/**
 * SQS behind the EventQueue port. The client is created once per container by the composition;
 * endpoints come from the SDK's own AWS_ENDPOINT_URL_SQS variable.
 */
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
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
          return (result.Failed ?? []).map((f) => chunk[Number(f.Id)]!.id);
        } catch {
          return chunk.map((m) => m.id);
        }
      }),
    );
    return failed.flat();
  },
});
