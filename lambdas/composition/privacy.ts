/**
 * The privacy group (export and erasure, the API's side): the job queue, the jobs' items and the
 * archives' signed URLs (no S3 client: signing a GET needs only the signer), made once per container,
 * and the caller's state for the sanction check. The worker's side is member-data-worker.ts, so this
 * bundle carries neither its registry nor its clients; the members group carries none of this.
 */
import { sqsClient } from '../analytics/sqs-client';
import { memberDataQueueUrl, readArchiveUrlConfig, tableName } from '../config';
import { systemClock } from '../domain/clock';
import type { Runtime } from '../http/http-handler';
import type { ArchiveUrls, MemberDataDeps } from '../members/member-data';
import { signedArchiveUrls } from '../members/signed-archive-urls';
import { sqsJobQueue } from '../members/sqs-job-queue';
import { documentClient } from '../store/dynamo-client';
import { dynamoMemberDataStore } from '../store/member-data/dynamo-member-data-jobs';
import { standingStore } from './table-adapters';

export type PrivacyDeps = MemberDataDeps & { readonly archiveUrls: ArchiveUrls };

let deps: PrivacyDeps | undefined;

export const privacyRuntime: Runtime<PrivacyDeps> = {
  deps: () =>
    (deps ??= {
      jobs: dynamoMemberDataStore(documentClient, tableName()),
      queue: sqsJobQueue(sqsClient, memberDataQueueUrl()),
      archiveUrls: signedArchiveUrls(readArchiveUrlConfig()),
      clock: systemClock,
    }),
  standing: standingStore,
};
