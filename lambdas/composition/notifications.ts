import { tableName } from '../config';
import { systemClock } from '../domain/clock';
import type { Runtime } from '../http/http-handler';
import type { FollowsDeps, InboxDeps } from '../notifications/ports';
import { documentClient } from '../store/dynamo-client';
import { dynamoFollowStore, dynamoFollowTargets, dynamoInboxStore } from '../store/dynamo-notification-store';
import { standingStore } from './table-adapters';

let deps: (FollowsDeps & InboxDeps) | undefined;

/**
 * The notifications group keeps follows and inboxes, and reads two attributes of what a follow names;
 * no content store, no idempotency records (its writes are idempotent by nature), and no live push: a
 * read mark's new unread count reaches the member's sockets from the table's stream
 * (lambdas/handlers/live-queue-counts.ts), so this function carries no Management API client. Its routes
 * pass the sanction check like any other group's; the inbox's are the member's own account, which skips it.
 */
export const notificationsRuntime: Runtime<FollowsDeps & InboxDeps> = {
  deps: () =>
    (deps ??= {
      follows: dynamoFollowStore(documentClient, tableName()),
      inbox: dynamoInboxStore(documentClient, tableName()),
      targets: dynamoFollowTargets(documentClient, tableName()),
      clock: systemClock,
    }),
  standing: standingStore,
};
