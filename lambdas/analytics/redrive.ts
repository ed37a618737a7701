/**
 * Moves what the dead-letter queue holds back to the analytics queue, once the cause is fixed.
 * SQS's own StartMessageMoveTask where the endpoint has it (AWS); otherwise (fauxqs does not) each
 * message is received, sent to the source queue and only then deleted from the DLQ, so a failure
 * part-way loses nothing (a message may at worst be sent twice: the lake deduplicates by event_id).
 */
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  StartMessageMoveTaskCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';

export interface RedriveResult {
  readonly method: 'StartMessageMoveTask' | 'receive-send-delete';
  /** Messages moved (receive-send-delete), or the move task's handle. */
  readonly moved?: number;
  readonly taskHandle?: string;
}

export async function redrive(
  client: SQSClient,
  deadLetterQueueUrl: string,
  sourceQueueUrl: string,
  options: { readonly maxMessages?: number } = {},
): Promise<RedriveResult> {
  const arnOf = async (url: string) => (await client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }))).Attributes?.QueueArn;
  const [dlqArn, sourceArn] = await Promise.all([arnOf(deadLetterQueueUrl), arnOf(sourceQueueUrl)]);
  try {
    const task = await client.send(new StartMessageMoveTaskCommand({ SourceArn: dlqArn, DestinationArn: sourceArn }));
    return { method: 'StartMessageMoveTask', ...(task.TaskHandle ? { taskHandle: task.TaskHandle } : {}) };
  } catch (error) {
    const name = (error as Error).name;
    // Only an endpoint that does not know the action falls back; real errors (permissions) surface.
    if (!/UnsupportedOperation|InvalidAction|NotImplemented|UnknownOperation|InvalidParameterValue/i.test(`${name} ${(error as Error).message}`)) throw error;
  }
  let moved = 0;
  const limit = options.maxMessages ?? Number.POSITIVE_INFINITY;
  while (moved < limit) {
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({ QueueUrl: deadLetterQueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 60 }),
    );
    if (Messages.length === 0) break;
    const sent = await client.send(
      new SendMessageBatchCommand({ QueueUrl: sourceQueueUrl, Entries: Messages.map((m, i) => ({ Id: String(i), MessageBody: m.Body ?? '' })) }),
    );
    const ok = new Set((sent.Successful ?? []).map((s) => s.Id));
    const done = Messages.filter((_, i) => ok.has(String(i)));
    if (done.length > 0) {
      await client.send(
        new DeleteMessageBatchCommand({ QueueUrl: deadLetterQueueUrl, Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }),
      );
    }
    moved += done.length;
    if (done.length < Messages.length) throw new Error(`${Messages.length - done.length} messages could not be sent back; they stay in the dead-letter queue`);
  }
  return { method: 'receive-send-delete', moved };
}
