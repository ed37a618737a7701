/**
 * Reaction: one item per post, reaction and member, so a member reacts once; the post's count moves
 * with ADD in the same transaction. Taking a reaction back leaves a tombstone (`removedAt`, expiring
 * after a day) rather than deleting the item: a deleted item cannot say when it was deleted, and the
 * lake's reaction.removed needs that time (the stream's own is approximate: the minute in DynamoDB Local).
 *
 *   pk POST#<postId>   sk REACTION#<reaction>#<memberId>
 */
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Reaction } from '../../api/schemas';
import { key, memberKeys, PK, TTL, type Item, type Key } from '../expressions';
import { ITEM_TYPES } from './item-types';
import { countReactions } from './post';

export const reactionKey = (postId: string, reaction: Reaction, memberId: string): Key => key(`POST#${postId}`, `REACTION#${reaction}#${memberId}`);

/** The post reacted to, as far as the lake cares: carried on the reaction so its stream images (the add and the removal) name them. */
export interface ReactedPost {
  readonly communityId: string;
  readonly productIds: readonly string[];
}

export const reactionItem = (postId: string, reaction: Reaction, memberId: string, at: string, on: ReactedPost): Item => ({
  ...reactionKey(postId, reaction, memberId),
  type: ITEM_TYPES.reaction,
  ...memberKeys(memberId, `REACTION#${postId}#${reaction}`),
  postId,
  reaction,
  memberId,
  createdAt: at,
  communityId: on.communityId,
  productIds: [...on.productIds],
});

/** How long a taken-back reaction's tombstone stays (it only has to outlive the stream's 24 hours of records). */
export const REMOVED_REACTION_SECONDS = 24 * 60 * 60;

/** Adds the member's reaction once (position 0 refuses a repeat, a tombstone is replaced) on a published post (position 1). */
export const addReactionTransaction = (
  table: string,
  postId: string,
  reaction: Reaction,
  memberId: string,
  at: string,
  on: ReactedPost,
): TransactWriteCommandInput => ({
  TransactItems: [
    {
      Put: {
        TableName: table,
        Item: reactionItem(postId, reaction, memberId, at, on),
        ConditionExpression: 'attribute_not_exists(#pk) OR attribute_exists(removedAt)',
        ExpressionAttributeNames: { '#pk': PK },
      },
    },
    countReactions(table, postId, reaction, 1),
  ],
});

/** Takes the member's reaction back `at` if they had it (position 0) from a post that exists (position 1). */
export const removeReactionTransaction = (table: string, postId: string, reaction: Reaction, memberId: string, at: Date): TransactWriteCommandInput => ({
  TransactItems: [
    {
      Update: {
        TableName: table,
        Key: reactionKey(postId, reaction, memberId),
        UpdateExpression: 'SET removedAt = :at, #ttl = :expires',
        ConditionExpression: 'attribute_exists(#pk) AND attribute_not_exists(removedAt)',
        ExpressionAttributeNames: { '#pk': PK, '#ttl': TTL },
        ExpressionAttributeValues: { ':at': at.toISOString(), ':expires': Math.floor(at.getTime() / 1000) + REMOVED_REACTION_SECONDS },
      },
    },
    countReactions(table, postId, reaction, -1),
  ],
});
