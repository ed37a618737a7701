/**
 * Export and erasure: the members API's side (the job queue, the jobs' items, the archives' URLs)
 * and the worker's (the registry of member data, the archives), each made once per container.
 */
import { s3Client } from '../analytics/s3-client';
import { sqsClient } from '../analytics/sqs-client';
import { exportBucket, memberDataQueueUrl, tableName } from '../config';
import { systemClock } from '../domain/clock';
import type { Archives, MemberDataDeps, MemberDataWorkerDeps } from '../members/member-data';
import { s3Archives } from '../members/s3-archives';
import { sqsJobQueue } from '../members/sqs-job-queue';
import { documentClient } from '../store/dynamo-client';
import { dynamoMemberData, dynamoMemberDataStore } from '../store/member-data/dynamo-member-data';

let api: (MemberDataDeps & { readonly archives: Archives }) | undefined;
let worker: MemberDataWorkerDeps | undefined;

export const memberDataDeps = () =>
  (api ??= {
    jobs: dynamoMemberDataStore(documentClient, tableName()),
    queue: sqsJobQueue(sqsClient, memberDataQueueUrl()),
    archives: s3Archives(s3Client, exportBucket()),
    clock: systemClock,
  });

export const memberDataWorkerDeps = (): MemberDataWorkerDeps =>
  (worker ??= {
    jobs: dynamoMemberDataStore(documentClient, tableName()),
    data: dynamoMemberData(documentClient, tableName()),
    archives: s3Archives(s3Client, exportBucket()),
    clock: systemClock,
  });
