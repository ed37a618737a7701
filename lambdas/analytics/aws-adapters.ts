/**
 * SQS and S3 behind the analytics ports. Clients are created once per container by the composition
 * (lambdas/analytics/composition.ts); endpoints come from the SDK's own AWS_ENDPOINT_URL_* variables.
 */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { EventQueue, LakeStore, OutgoingMessage } from './ports';

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
          const result = await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: chunk.map((m, i) => ({ Id: String(i), MessageBody: m.body })) }));
          return (result.Failed ?? []).map((f) => chunk[Number(f.Id)]!.id);
        } catch {
          return chunk.map((m) => m.id);
        }
      }),
    );
    return failed.flat();
  },
});

export const s3LakeStore = (client: S3Client, bucket: string): LakeStore => ({
  async put(key, body, contentType) {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
  },
});
