/**
 * Export and erasure, the members API's side: the job queue, the jobs' items and the archives'
 * signed URLs (no S3 client: signing a GET needs only the signer), made once per container. The
 * worker's side is member-data-worker.ts, so this bundle carries neither its registry nor its clients.
 */
import { sqsClient } from '../analytics/sqs-client';
import { memberDataQueueUrl, readArchiveUrlConfig, tableName } from '../config';
import { systemClock } from '../domain/clock';
import type { ArchiveUrls, MemberDataDeps } from '../members/member-data';
import { signedArchiveUrls } from '../members/signed-archive-urls';
import { sqsJobQueue } from '../members/sqs-job-queue';
import { documentClient } from '../store/dynamo-client';
import { dynamoMemberDataStore } from '../store/member-data/dynamo-member-data-jobs';

let api: (MemberDataDeps & { readonly archiveUrls: ArchiveUrls }) | undefined;

export const memberDataDeps = () =>
  (api ??= {
    jobs: dynamoMemberDataStore(documentClient, tableName()),
    queue: sqsJobQueue(sqsClient, memberDataQueueUrl()),
    archiveUrls: signedArchiveUrls(readArchiveUrlConfig()),
    clock: systemClock,
  });
