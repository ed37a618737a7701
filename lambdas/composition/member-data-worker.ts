/**
 * Export and erasure, the worker's side: the community table's registry of member data, the
 * member's live sockets (the connections table and the Management API) and the archives in S3,
 * made once per container.
 */
import { s3Client } from '../analytics/s3-client';
import { exportBucket, readLivePushConfig, tableName } from '../config';
import { systemClock } from '../domain/clock';
import { createManagementApiClient, createManagementApiCloser } from '../live/management-api-sender';
import { liveConnectionsData } from '../members/live-connections-data';
import { combinedMemberData, type MemberDataWorkerDeps } from '../members/member-data';
import { s3Archives } from '../members/s3-archives';
import { createDynamoConnectionStore } from '../store/dynamo-connection-store';
import { documentClient } from '../store/dynamo-client';
import { dynamoMemberData } from '../store/member-data/dynamo-member-data';
import { dynamoMemberDataStore } from '../store/member-data/dynamo-member-data-jobs';

let worker: MemberDataWorkerDeps | undefined;

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
