import { tableName } from '../config';
import { systemClock } from '../domain/clock';
import type { DeskDeps } from '../desk/desk';
import type { Runtime } from '../http/http-handler';
import { documentClient } from '../store/dynamo-client';
import { dynamoCommunityReader } from '../store/dynamo-community-store';
import { dynamoDeskStore } from '../store/dynamo-desk-store';
import { standingStore } from './table-adapters';

let deps: DeskDeps | undefined;

/**
 * The response desk reads and writes its own items, counters and response policies, and only looks
 * communities up: the desk store and a community reader, not the content store or the moderation
 * queue. No route of the desk takes an Idempotency-Key, so it needs only TABLE_NAME.
 */
export const deskRuntime: Runtime<DeskDeps> = {
  deps: () =>
    (deps ??= { desk: dynamoDeskStore(documentClient, tableName()), communities: dynamoCommunityReader(documentClient, tableName()), clock: systemClock }),
  standing: standingStore,
};
