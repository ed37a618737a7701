import { tableName } from '../config';
import { systemClock } from '../domain/clock';
import type { Runtime } from '../http/http-handler';
import type { IdeaMergeDeps } from '../ideas/ideas';
import { documentClient } from '../store/dynamo-client';
import { dynamoCommunityStore } from '../store/dynamo-community-store';
import { dynamoPostReader } from '../store/dynamo-post-reader';
import { ideaMergeStore, standingStore } from './table-adapters';

let deps: IdeaMergeDeps | undefined;

/**
 * The idea-merges group (merging duplicate ideas, undoing a merge): posts and communities to look up
 * (readers, not the content store), the idea store's reads and merge jobs. A merge is conditioned on
 * its job (a second merge of a merged idea answers 409), so it keeps no idempotency records.
 */
export const ideaMergesRuntime: Runtime<IdeaMergeDeps> = {
  deps: () =>
    (deps ??= {
      posts: dynamoPostReader(documentClient, tableName()),
      communities: dynamoCommunityStore(documentClient, tableName()),
      ideas: ideaMergeStore(),
      clock: systemClock,
    }),
  // Every route passes the sanction check (a suspended member neither votes nor reads the board).
  standing: standingStore,
};
