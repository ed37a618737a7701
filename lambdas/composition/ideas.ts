import { storageConfig } from '../config';
import { systemClock } from '../domain/clock';
import type { Runtime } from '../http/http-handler';
import type { IdeasDeps } from '../ideas/ideas';
import { documentClient } from '../store/dynamo-client';
import { dynamoCommunityStore } from '../store/dynamo-community-store';
import { dynamoPostReader } from '../store/dynamo-post-reader';
import { ideaStore } from './table-adapters';

let deps: IdeasDeps | undefined;

/**
 * The ideas group: posts and communities to look up (readers, not the content store), the idea store;
 * its PUTs and DELETEs are idempotent by nature, so it keeps no idempotency records.
 */
export const ideasRuntime: Runtime<IdeasDeps> = {
  deps: () =>
    (deps ??= {
      posts: dynamoPostReader(documentClient, storageConfig().tableName),
      communities: dynamoCommunityStore(documentClient, storageConfig().tableName),
      ideas: ideaStore(),
      clock: systemClock,
    }),
};
