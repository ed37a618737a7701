import { tableName } from '../config';
import { systemClock } from '../domain/clock';
import type { IdeasDeps } from '../ideas/ideas';
import { documentClient } from '../store/dynamo-client';
import { dynamoCommunityStore } from '../store/dynamo-community-store';
import { dynamoPostReader } from '../store/dynamo-post-reader';
import { ideaStore } from './table-adapters';

let deps: IdeasDeps | undefined;

/** The ideas worker: every idea item (the trending carry, merge and settle jobs), posts and communities to look up. */
export const ideasWorkerDeps = (): IdeasDeps =>
  (deps ??= {
    posts: dynamoPostReader(documentClient, tableName()),
    communities: dynamoCommunityStore(documentClient, tableName()),
    ideas: ideaStore(),
    clock: systemClock,
  });
