/**
 * The use cases' dependencies on the emulators' table, with a clock the test controls: for tests that
 * call use cases directly (time injected, no Powertools in front), wired as lambdas/composition wires them.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { storageConfig } from '../../../lambdas/config';
import type { ChorusDeps } from '../../../lambdas/domain/ports';
import { documentClient } from '../../../lambdas/store/dynamo-client';
import { dynamoDeskStore } from '../../../lambdas/store/dynamo-desk-store';
import { dynamoMemberStore } from '../../../lambdas/store/dynamo-member-store';
import { dynamoModerationStore } from '../../../lambdas/store/dynamo-moderation-store';
import { dynamoStore } from '../../../lambdas/store/dynamo-store';

export interface TableDepsOptions {
  /** Another client (e.g. one recording calls). Default: the handlers' document client. */
  readonly client?: DynamoDBDocumentClient;
  /** Another table (e.g. one a test creates for itself). Default: TABLE_NAME. */
  readonly table?: string;
}

export function tableDeps(clock: () => Date, options: TableDepsOptions = {}): ChorusDeps {
  const client = options.client ?? documentClient;
  const table = options.table ?? storageConfig().tableName;
  const store = dynamoStore(client, table);
  return {
    communities: store,
    posts: store,
    comments: store,
    reactions: store,
    rateLimiter: store,
    requests: store,
    moderation: dynamoModerationStore(client, table),
    desk: dynamoDeskStore(client, table),
    members: dynamoMemberStore(client, table),
    clock,
  };
}
