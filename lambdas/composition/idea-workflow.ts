import { tableName } from '../config';
import { systemClock } from '../domain/clock';
import type { Runtime } from '../http/http-handler';
import type { IdeaWorkflowDeps } from '../ideas/ideas';
import { documentClient } from '../store/dynamo-client';
import { dynamoCommunityStore } from '../store/dynamo-community-store';
import { dynamoPostReader } from '../store/dynamo-post-reader';
import { ideaWorkflowStore, standingStore } from './table-adapters';

let deps: IdeaWorkflowDeps | undefined;

/**
 * The idea-workflow group (owner teams, timelines, the changelog, partners' lists, settings): posts
 * and communities to look up (readers, not the content store), the idea store's reads and the
 * workflow's writes, without the votes' or the merges'; its PUTs are idempotent by nature, so it keeps
 * no idempotency records.
 */
export const ideaWorkflowRuntime: Runtime<IdeaWorkflowDeps> = {
  deps: () =>
    (deps ??= {
      posts: dynamoPostReader(documentClient, tableName()),
      communities: dynamoCommunityStore(documentClient, tableName()),
      ideas: ideaWorkflowStore(),
      clock: systemClock,
    }),
  // Every route passes the sanction check (a suspended member neither votes nor reads the board).
  standing: standingStore,
};
