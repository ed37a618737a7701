/**
 * The DynamoDB adapter of reactions, on its own so the reactions function's bundle carries it and the
 * post reads it needs, and none of the other items' modules (dynamo-store.ts includes it for the rest).
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Post, Reaction } from '../api/schemas';
import type { ReactionChange, ReactionStore } from '../domain/ports';
import { ITEM_TYPES } from './entities/item-types';
import * as post from './entities/post';
import { addReactionTransaction, removeReactionTransaction } from './entities/reaction';
import { sendTransaction } from './transactions';

/** Reads a post, strongly consistent unless asked otherwise; undefined when its key holds none. */
export async function readPost(
  client: DynamoDBDocumentClient,
  table: string,
  postId: string,
  read?: { readonly eventual?: boolean },
): Promise<Post | undefined> {
  const out = await client.send(new GetCommand(post.getPost(table, postId, !read?.eventual)));
  // The post's key holds only a post; anything else there is not one to show.
  return out.Item?.type === ITEM_TYPES.post ? post.toPost(out.Item) : undefined;
}

export function dynamoReactionStore(client: DynamoDBDocumentClient, table: string): ReactionStore {
  /**
   * Adds or takes back a reaction: the reaction item's condition (first item) makes a repeat change
   * nothing; the post's condition (second item) means the post is not there to react to.
   */
  async function changeReaction(postId: string, reaction: Reaction, transaction: TransactWriteCommandInput): Promise<ReactionChange | 'missing'> {
    let changed = true;
    try {
      await sendTransaction(client, transaction);
    } catch (error) {
      const reasons = error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []) : undefined;
      if (reasons?.[1]?.Code === 'ConditionalCheckFailed') return 'missing';
      if (reasons?.[0]?.Code !== 'ConditionalCheckFailed') throw error;
      changed = false;
    }
    const current = await readPost(client, table, postId);
    return current ? { changed, count: current.reactionCounts[reaction] ?? 0 } : 'missing';
  }

  return {
    async addReaction(postId, reaction, memberId, at) {
      // An eventually consistent read (half a unit) for the community and products the lake's events
      // name; whether the post may take the reaction is still the write's own condition.
      const on = await readPost(client, table, postId, { eventual: true });
      if (!on) return 'missing';
      return changeReaction(postId, reaction, addReactionTransaction(table, postId, reaction, memberId, at, on));
    },
    removeReaction: (postId, reaction, memberId, at) =>
      changeReaction(postId, reaction, removeReactionTransaction(table, postId, reaction, memberId, new Date(at))),
  };
}
