/**
 * SQS behind the EventQueue port. The client is created once per container by the composition;
 * endpoints come from the SDK's own AWS_ENDPOINT_URL_SQS variable. Items are packed many to a
 * message (messages.ts, format 3: compressed) up to the packing limits of messaging-design.ts: a stream batch or
 * a client batch is usually one message.
 */
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { analyticsMessagingDesign } from '../store/messaging-design';
import { batchesOf, sendInBatches } from './batch-send';
import { packMessages } from './messages';
import type { EventQueue, OutgoingMessage } from './ports';

const { maxMessageBytes, maxItemBytes, maxBatchEntries, maxBatchBytes } = analyticsMessagingDesign.packing;

/** Packs and sends, all batches at once; a message SQS refuses, or a batch call that fails, reports all its items, never throws. */
export const sqsEventQueue = (client: SQSClient, queueUrl: string): EventQueue => ({
  send: (items: readonly OutgoingMessage[]) =>
    sendInBatches(
      batchesOf(packMessages(items, { maxMessageBytes, maxItemBytes }), { maxEntries: maxBatchEntries, maxBytes: maxBatchBytes }),
      'the analytics queue',
      async (batch) =>
        // Entry ids only need to be unique in the call: positions, mapped back to the items.
        (await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: batch.map((m, i) => ({ Id: String(i), MessageBody: m.body })) }))).Failed,
    ),
});
