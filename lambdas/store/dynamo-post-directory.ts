/**
 * The posts POST /v1/events checks engagement events against, behind the PostDirectory port: one
 * BatchGetItem per hundred posts, projected to what the check reads. A module of its own, so the
 * events function carries this and not the content store.
 */
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PostDirectory, PostFacts } from '../analytics/ports';
import { logger } from '../http/logger';
import { getPostFactsByIds, postKey, toPostFacts } from './entities/post';
import { tableDesign } from './table-design';

/** BatchGetItem reads at most 100 keys a call. */
const BATCH_KEYS = 100;
/** UnprocessedKeys come back under throttling: ask again for those, a bounded number of times. */
const ATTEMPTS = 3;
const PK = tableDesign.partitionKey;

export const dynamoPostDirectory = (client: DynamoDBDocumentClient, table: string): PostDirectory => ({
  async factsOf(postIds) {
    const found: PostFacts[] = [];
    const unread: string[] = [];
    for (let start = 0; start < postIds.length; start += BATCH_KEYS) {
      const ids = postIds.slice(start, start + BATCH_KEYS);
      let request = getPostFactsByIds(table, ids).RequestItems;
      try {
        for (let attempt = 0; request?.[table]?.Keys?.length && attempt < ATTEMPTS; attempt++) {
          const out = await client.send(new BatchGetCommand({ RequestItems: request }));
          for (const item of out.Responses?.[table] ?? []) found.push(toPostFacts(item));
          request = out.UnprocessedKeys as typeof request;
        }
        const left = new Set((request?.[table]?.Keys ?? []).map((key) => key[PK]));
        unread.push(...ids.filter((id) => left.has(postKey(id)[PK])));
      } catch (error) {
        // Events naming these posts are refused as a temporary failure (the app sends them again); the rest go on.
        logger.error('posts named by client events could not be read', { error: error as Error, posts: ids.length });
        const seen = new Set(found.map((f) => f.postId));
        unread.push(...ids.filter((id) => !seen.has(id)));
      }
    }
    return { found, unread };
  },
});
