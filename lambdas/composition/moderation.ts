import { tableName } from '../config';
import { systemClock } from '../domain/clock';
import type { Runtime } from '../http/http-handler';
import type { ModerationDeps } from '../moderation/moderation';
import { documentClient } from '../store/dynamo-client';
import { dynamoCommunityReader } from '../store/dynamo-community-store';
import { dynamoCommentReader, dynamoPostReader } from '../store/dynamo-post-reader';
import { dynamoRateLimiter } from '../store/dynamo-rate-limiter';
import { dynamoServedRequests } from '../store/dynamo-served-requests';
import { idempotencyStore } from './idempotency-store';
import { deskStore, memberStore, moderationStore, standingStore } from './table-adapters';

let deps: ModerationDeps | undefined;

/**
 * The moderation group decides on posts and comments and takes reports on them: the queue's store
 * (whose plan commits a decision's content change), the desk (an approved held post enters it) and the
 * members (a decision may sanction), but the content itself only read (post, comment and community
 * readers), so not the content store's writes, lists and reactions.
 */
export const moderationRuntime: Runtime<ModerationDeps> = {
  deps: () => {
    if (deps) return deps;
    const table = tableName();
    deps = {
      communities: dynamoCommunityReader(documentClient, table),
      posts: dynamoPostReader(documentClient, table),
      comments: dynamoCommentReader(documentClient, table),
      rateLimiter: dynamoRateLimiter(documentClient, table),
      requests: dynamoServedRequests(documentClient, table),
      moderation: moderationStore(),
      desk: deskStore(),
      clock: systemClock,
      members: memberStore(),
    };
    return deps;
  },
  idempotency: idempotencyStore,
  standing: standingStore,
};
