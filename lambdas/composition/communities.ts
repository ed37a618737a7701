import type { CommunitiesDeps } from '../communities/communities';
import { tableName } from '../config';
import { systemClock } from '../domain/clock';
import type { Runtime } from '../http/http-handler';
import { documentClient } from '../store/dynamo-client';
import { dynamoCommunityStore } from '../store/dynamo-community-store';
import { dynamoServedRequests } from '../store/dynamo-served-requests';
import { idempotencyStore } from './idempotency-store';
import { standingStore } from './table-adapters';

let deps: CommunitiesDeps | undefined;

/** The communities group reads and writes communities only: their own adapter and the create markers, not the content store. */
export const communitiesRuntime: Runtime<CommunitiesDeps> = {
  deps: () =>
    (deps ??= {
      communities: dynamoCommunityStore(documentClient, tableName()),
      requests: dynamoServedRequests(documentClient, tableName()),
      clock: systemClock,
    }),
  idempotency: idempotencyStore,
  standing: standingStore,
};
