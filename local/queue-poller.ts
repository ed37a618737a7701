/**
 * The local stand-in for an SQS event source mapping: receives from a fauxqs queue, gathers a batch
 * (up to `batchSize` messages or `maxBatchingWindowMs` after the first), invokes the handler with an
 * SQS event, and deletes what the handler did not report in batchItemFailures. Failed messages stay
 * in the queue; they come back after the visibility timeout and, past the queue's maxReceiveCount,
 * fauxqs moves them to the dead-letter queue (the redrive policy, as in AWS).
 */
import { ChangeMessageVisibilityBatchCommand, DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { failedItems, pause, startPollLoop, type Poller } from './poll-loop';

export interface QueuePollerOptions {
  readonly client: SQSClient;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly region: string;
  readonly batchSize: number;
  readonly maxBatchingWindowMs: number;
  readonly handler: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | undefined>;
  readonly context: () => Context;
  /**
   * Makes failed messages visible again after this many seconds instead of the queue's visibility
   * timeout (faster local retries; AWS waits for the timeout).
   * @default - the queue's visibility timeout
   */
  readonly retryAfterSeconds?: number;
  readonly onError?: (error: unknown) => void;
}

const toRecord = (message: Message, options: QueuePollerOptions): SQSEvent['Records'][number] => ({
  messageId: message.MessageId!,
  receiptHandle: message.ReceiptHandle!,
  body: message.Body ?? '',
  attributes: {
    ApproximateReceiveCount: message.Attributes?.ApproximateReceiveCount ?? '1',
    SentTimestamp: message.Attributes?.SentTimestamp ?? String(Date.now()),
    SenderId: message.Attributes?.SenderId ?? 'local',
    ApproximateFirstReceiveTimestamp: message.Attributes?.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
  },
  messageAttributes: {},
  md5OfBody: message.MD5OfBody ?? '',
  eventSource: 'aws:sqs',
  eventSourceARN: options.queueArn,
  awsRegion: options.region,
});

async function inTens<T>(items: readonly T[], send: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += 10) await send(items.slice(i, i + 10));
}

export function startQueuePoller(options: QueuePollerOptions): Poller {
  // No abort on stop: an abandoned long poll could still be handed a message by the queue, which
  // would then stay invisible for the visibility timeout. The poll ends within a second anyway.
  const receive = async (max: number, waitSeconds: number, isStopping: () => boolean): Promise<Message[]> => {
    try {
      const result = await options.client.send(
        new ReceiveMessageCommand({
          QueueUrl: options.queueUrl,
          MaxNumberOfMessages: Math.min(10, max),
          WaitTimeSeconds: waitSeconds,
          MessageSystemAttributeNames: ['All'],
        }),
      );
      return result.Messages ?? [];
    } catch (error) {
      if (isStopping()) return [];
      throw error;
    }
  };

  const gather = async (isStopping: () => boolean): Promise<Message[]> => {
    const batch = await receive(options.batchSize, 1, isStopping);
    if (batch.length === 0) return batch;
    const deadline = Date.now() + options.maxBatchingWindowMs;
    while (!isStopping() && batch.length < options.batchSize && Date.now() < deadline) {
      // Long polls for whole seconds of the window left (as the event source mapping does: a receive
      // returns as soon as messages are there, and an empty wait costs one request, not ten); under a
      // second, wait it out and take what came in one last receive.
      const wholeSeconds = Math.min(20, Math.floor((deadline - Date.now()) / 1000));
      if (wholeSeconds === 0) await pause(Math.max(0, deadline - Date.now()));
      const more = await receive(options.batchSize - batch.length, wholeSeconds, isStopping);
      batch.push(...more);
      if (wholeSeconds === 0) break;
    }
    return batch;
  };

  const invoke = async (batch: Message[]): Promise<void> => {
    const reported = await failedItems(() => options.handler({ Records: batch.map((m) => toRecord(m, options)) }, options.context()), options.onError);
    const failed = reported === 'all' ? new Set(batch.map((m) => m.MessageId!)) : reported;
    const done = batch.filter((m) => !failed.has(m.MessageId!));
    const retry = batch.filter((m) => failed.has(m.MessageId!));
    await inTens(done, (chunk) =>
      options.client.send(
        new DeleteMessageBatchCommand({ QueueUrl: options.queueUrl, Entries: chunk.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }),
      ),
    );
    if (options.retryAfterSeconds !== undefined) {
      await inTens(retry, (chunk) =>
        options.client.send(
          new ChangeMessageVisibilityBatchCommand({
            QueueUrl: options.queueUrl,
            Entries: chunk.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle!, VisibilityTimeout: options.retryAfterSeconds! })),
          }),
        ),
      );
    }
  };

  return startPollLoop({
    poll: async (isStopping) => {
      const batch = await gather(isStopping);
      if (batch.length === 0) return 'idle';
      await invoke(batch);
      return 'busy';
    },
    onError: options.onError,
  });
}
