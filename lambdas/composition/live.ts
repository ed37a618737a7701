/**
 * What the live functions are built from, once per container: the connections table and the
 * Management API of the WebSocket stage. `livePush()` is also what any other function that pushes
 * (the notifier, the member-data worker) composes. The authorizer's token verifier is in live-authorizer.ts, so
 * that only the authorizer's bundle carries aws-jwt-verify (17 KB).
 */
import { readLivePushConfig, tableName } from '../config';
import { systemClock } from '../domain/clock';
import { bestEffort, ConnectionsLivePush } from '../live/live-push';
import { createManagementApiClient, createManagementApiSender } from '../live/management-api-sender';
import type { ConnectionStore, FrameSender, LivePush } from '../live/ports';
import { logger } from '../http/logger';
import { documentClient } from '../store/dynamo-client';
import { createDynamoConnectionStore } from '../store/dynamo-connection-store';
import { dynamoDeskDue } from '../store/dynamo-desk-due';

export interface LiveDeps {
  readonly connections: ConnectionStore;
  readonly sender: FrameSender;
  readonly push: ConnectionsLivePush;
  readonly clock: () => Date;
}

let live: LiveDeps | undefined;

/** The sockets' storage and the Management API, read from LIVE_CONNECTIONS_TABLE_NAME and LIVE_MANAGEMENT_ENDPOINT. */
export function liveDeps(): LiveDeps {
  if (!live) {
    const config = readLivePushConfig();
    const connections = createDynamoConnectionStore(documentClient, config.connectionsTableName);
    const sender = createManagementApiSender(createManagementApiClient(config.managementEndpoint));
    live = { connections, sender, push: new ConnectionsLivePush({ connections, sender }), clock: systemClock };
  }
  return live;
}

/** The LivePush every pusher uses. */
export const livePush = (): ConnectionsLivePush => liveDeps().push;

/** The LivePush of a function whose real work is done before it pushes (the notifier): failures are logged, never thrown. */
export const courtesyPush = (): LivePush =>
  bestEffort(livePush(), (error) => logger.warn('live push not delivered; the entry stays in the inbox', { error: (error as Error).message }));

let deskDue: ReturnType<typeof dynamoDeskDue> | undefined;

/** A community's desk due-time counters (the live desk counts' overdue), from the community table in TABLE_NAME. */
export const deskDueCounters = (): ReturnType<typeof dynamoDeskDue> => (deskDue ??= dynamoDeskDue(documentClient, tableName()));
