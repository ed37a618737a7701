/**
 * The member-data queue's consumer: one export or erasure job per message (batch size 1, so a
 * failed job is retried alone and, after its receives, lands in the dead-letter queue).
 */
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { memberDataWorkerDeps } from '../composition/member-data-worker';
import { injectLambdaContext, logger } from '../http/logger';
import { runMemberDataJob } from '../members/member-data';
import { jobOf } from '../members/sqs-job-queue';

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => {
    const failures: { itemIdentifier: string }[] = [];
    for (const record of event.Records) {
      const started = Date.now();
      try {
        const job = jobOf(record.body);
        await runMemberDataJob(memberDataWorkerDeps(), job);
        // The kind and the job's id only: never the member.
        logger.info('member-data job done', { kind: job.kind, jobId: job.kind === 'export' ? job.exportId : job.erasureId, ms: Date.now() - started });
      } catch (error) {
        logger.error('member-data job failed; it is delivered again', { messageId: record.messageId, error });
        failures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures: failures };
  });
