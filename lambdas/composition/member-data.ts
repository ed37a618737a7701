/**
 * Export and erasure: the members API's side (the job queue, the jobs' items, the archives' URLs)
 * and the worker's (the registry of member data, the archives), each made once per container.
 */
import { s3Client } from '../analytics/s3-client';
import { sqsClient } from '../analytics/sqs-client';
import { exportBucket, memberDataQueueUrl, readLivePushConfig, tableName } from '../config';
import { systemClock } from '../domain/clock';
import { createManagementApiClient, createManagementApiCloser } from '../live/management-api-sender';
import { liveConnectionsData } from '../members/live-connections-data';
import { combinedMemberData, type Archives, type MemberDataDeps, type MemberDataWorkerDeps } from '../members/member-data';
import { createDynamoConnectionStore } from '../store/dynamo-connection-store';
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

/** The worker: the community table's registry, and the member's live sockets (the connections table and the Management API). */
export const memberDataWorkerDeps = (): MemberDataWorkerDeps => {
  if (worker) return worker;
  const live = readLivePushConfig();
  const sockets = liveConnectionsData(
    createDynamoConnectionStore(documentClient, live.connectionsTableName),
    createManagementApiCloser(createManagementApiClient(live.managementEndpoint)),
  );
  worker = {
    jobs: dynamoMemberDataStore(documentClient, tableName()),
    data: combinedMemberData([sockets, dynamoMemberData(documentClient, tableName())]),
    archives: s3Archives(s3Client, exportBucket()),
    clock: systemClock,
  };
  return worker;
};
