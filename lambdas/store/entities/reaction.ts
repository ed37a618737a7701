/**
 * Reaction: one item per post, reaction and member, so a member reacts once; the post's count moves
 * with ADD in the same transaction.
 *
 *   pk POST#<postId>   sk REACTION#<reaction>#<memberId>
 */
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Reaction } from '../../api/schemas';
import { exists, key, putNew, type Item, type Key } from '../expressions';
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
  postId,
  reaction,
  memberId,
  createdAt: at,
  communityId: on.communityId,
  productIds: [...on.productIds],
});

/** Adds the member's reaction once (position 0 refuses a repeat) on a published post (position 1). */
export const addReactionTransaction = (
  table: string,
  postId: string,
  reaction: Reaction,
  memberId: string,
  at: string,
  on: ReactedPost,
): TransactWriteCommandInput => ({
  TransactItems: [putNew(table, reactionItem(postId, reaction, memberId, at, on)), countReactions(table, postId, reaction, 1)],
});

/** Takes the member's reaction back if they had it (position 0) from a post that exists (position 1). */
export const removeReactionTransaction = (table: string, postId: string, reaction: Reaction, memberId: string): TransactWriteCommandInput => ({
  TransactItems: [{ Delete: { TableName: table, Key: reactionKey(postId, reaction, memberId), ...exists } }, countReactions(table, postId, reaction, -1)],
});
