/** The member-data queue: one message per export or erasure job, one job per worker invocation. */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { JobQueue, MemberDataJob } from './member-data';

export function sqsJobQueue(client: SQSClient, queueUrl: string): JobQueue {
  return {
    async send(job: MemberDataJob) {
      await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(job) }));
    },
  };
}

/** A message body as a job; throws on anything else (the message then goes to the dead-letter queue). */
export function jobOf(body: string): MemberDataJob {
  const job = JSON.parse(body) as Partial<MemberDataJob>;
  if (typeof job.memberId !== 'string' || (job.kind !== 'export' && job.kind !== 'erase')) throw new Error(`not a member-data job: ${body.slice(0, 200)}`);
  if (job.kind === 'export' && typeof job.exportId !== 'string') throw new Error('an export job names its exportId');
  if (job.kind === 'erase' && (typeof job.erasureId !== 'string' || (job.content !== 'de-identify' && job.content !== 'delete'))) {
    throw new Error('an erase job names its erasureId and content');
  }
  return job as MemberDataJob;
}
