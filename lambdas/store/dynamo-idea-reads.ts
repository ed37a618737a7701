/**
 * The idea adapters' common part: what both idea functions read (tallies, the caller's votes, posts
 * by id, a community's settings) and the tools every idea adapter sends with. The writes are split by
 * concern (dynamo-idea-votes.ts, dynamo-idea-workflow.ts, dynamo-idea-store.ts) so a function's bundle
 * carries only the writes its routes make.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, GetCommand, type BatchGetCommandInput, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Post } from '../api/schemas';
import type { Tally } from '../ideas/model';
import type { IdeaReads } from '../ideas/ports';
import * as settings from './entities/idea-settings';
import * as tally from './entities/idea-tally';
import * as vote from './entities/idea-vote';
import * as post from './entities/post';
import type { TransactItem } from './expressions';
import { sendTransaction } from './transactions';

/** Which positions of a cancelled transaction failed their condition (undefined: it failed otherwise). */
export const failedConditions = (error: unknown): boolean[] | undefined =>
  error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []).map((reason) => reason.Code === 'ConditionalCheckFailed') : undefined;

/** What every idea adapter reads and sends with. */
export interface IdeaStoreTools {
  /** Every item of a BatchGet (at most 100 keys), asking again for unprocessed keys (bounded). */
  batchGet(input: BatchGetCommandInput): Promise<Record<string, unknown>[]>;
  getTally(postId: string): Promise<Tally | undefined>;
  /** Sends a transaction; which positions failed their condition, or null when it committed. */
  tryTransaction(items: TransactItem[]): Promise<boolean[] | null>;
}

export function ideaStoreTools(client: DynamoDBDocumentClient, table: string): IdeaStoreTools {
  return {
    async batchGet(input) {
      const found: Record<string, unknown>[] = [];
      let request = input.RequestItems;
      if (!request || (request[table]?.Keys?.length ?? 0) === 0) return found;
      for (let attempt = 0; request && Object.keys(request).length > 0 && attempt < 8; attempt++) {
        const out = await client.send(new BatchGetCommand({ RequestItems: request }));
        found.push(...(out.Responses?.[table] ?? []));
        request = out.UnprocessedKeys as typeof request;
      }
      return found;
    },
    async getTally(postId) {
      const out = await client.send(new GetCommand({ TableName: table, Key: tally.tallyKey(postId), ConsistentRead: true }));
      return out.Item ? tally.toTally(out.Item) : undefined;
    },
    async tryTransaction(items) {
      try {
        await sendTransaction(client, { TransactItems: items });
        return null;
      } catch (error) {
        const failed = failedConditions(error);
        if (!failed?.some(Boolean)) throw error;
        return failed;
      }
    },
  };
}

export function dynamoIdeaReads(client: DynamoDBDocumentClient, table: string, tools: IdeaStoreTools = ideaStoreTools(client, table)): IdeaReads {
  const { batchGet } = tools;
  return {
    getTally: tools.getTally,
    async tallies(postIds) {
      const items = await batchGet(tally.getTallies(table, postIds));
      return new Map(items.map((item) => [item.postId as string, tally.toTally(item)]));
    },
    async votedBy(memberId, postIds) {
      if (postIds.length === 0) return new Set();
      const items = await batchGet(vote.getVotesOf(table, postIds, memberId));
      return new Set(items.filter(vote.isLiveVote).map((item) => item.postId as string));
    },
    async posts(postIds) {
      const found = new Map<string, Post>();
      for (const item of await batchGet(post.getPostsByIds(table, postIds))) {
        const p = post.toPost(item);
        found.set(p.postId, p);
      }
      return postIds.map((id) => found.get(id)).filter((p): p is Post => p !== undefined && p.status === 'published');
    },
    async ideaSettings(communityId) {
      const out = await client.send(new GetCommand(settings.getIdeaSettings(table, communityId)));
      return out.Item ? settings.toIdeaSettings(out.Item) : undefined;
    },
  };
}

/** The reads with one concern's writes (dynamoIdeaVotes, dynamoIdeaWorkflow), sharing their tools: what one idea function uses. */
export function withIdeaReads<W>(
  client: DynamoDBDocumentClient,
  table: string,
  writes: (client: DynamoDBDocumentClient, table: string, tools: IdeaStoreTools) => W,
): IdeaReads & W {
  const tools = ideaStoreTools(client, table);
  return { ...dynamoIdeaReads(client, table, tools), ...writes(client, table, tools) };
}
