import { tableName } from '../config';
import { systemClock } from '../domain/clock';
import type { Runtime } from '../http/http-handler';
import type { IdeaVoteDeps } from '../ideas/ideas';
import { documentClient } from '../store/dynamo-client';
import { dynamoCommunityStore } from '../store/dynamo-community-store';
import { dynamoPostReader } from '../store/dynamo-post-reader';
import { ideaVoteStore, standingStore } from './table-adapters';

let deps: IdeaVoteDeps | undefined;

/**
 * The ideas group (votes and the board): posts and communities to look up (readers, not the content
 * store), the idea store's reads and votes; its PUTs and DELETEs are idempotent by nature, so it keeps
 * no idempotency records.
 */
export const ideasRuntime: Runtime<IdeaVoteDeps> = {
  deps: () =>
    (deps ??= {
      posts: dynamoPostReader(documentClient, tableName()),
      communities: dynamoCommunityStore(documentClient, tableName()),
      ideas: ideaVoteStore(),
      clock: systemClock,
    }),
  // Every route passes the sanction check (a suspended member neither votes nor reads the board).
  standing: standingStore,
};
