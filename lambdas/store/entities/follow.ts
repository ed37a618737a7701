/**
 * Follow: one item per member and target. Unfollowing keeps the item, marked, without its index keys,
 * so a later automatic follow (a new comment of theirs) does not bring the follow back.
 *
 *   pk FOLLOWS#<memberId>   sk FOLLOW#<targetType>#<targetId>
 *   byFollowedTarget   FOLLOWERS#<targetType>#<targetId> / <memberId>   (following only)
 */
import type { PutCommandInput, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Follow, FollowReason, FollowTarget, FollowTargetType } from '../../notifications/model';
import { readItem, type StoredItem } from '../attributes';
import type { ListRef, StartKey } from '../cursor';
import { collectionList, collectionQuery, getItem, indexes, indexList, indexQuery, isNew, key, type Key } from '../expressions';
import { ITEM_TYPES } from './item-types';

export const followKey = (memberId: string, target: FollowTarget): Key => key(`FOLLOWS#${memberId}`, `FOLLOW#${target.targetType}#${target.targetId}`);

const followersPartition = (target: FollowTarget) => `FOLLOWERS#${target.targetType}#${target.targetId}`;

export const followItem = (follow: Follow) => ({
  ...followKey(follow.memberId, follow),
  type: ITEM_TYPES.follow,
  memberId: follow.memberId,
  targetType: follow.targetType,
  targetId: follow.targetId,
  followedAt: follow.followedAt,
  reason: follow.reason,
  following: true,
  [indexes.byFollowedTarget.partitionKey]: followersPartition(follow),
  [indexes.byFollowedTarget.sortKey]: follow.memberId,
});

export const unfollowItem = (memberId: string, target: FollowTarget, at: string) => ({
  ...followKey(memberId, target),
  type: ITEM_TYPES.follow,
  memberId,
  targetType: target.targetType,
  targetId: target.targetId,
  unfollowedAt: at,
  following: false,
});

/** Follows, replacing whatever was there (an explicit follow undoes an unfollow). */
export const putFollow = (table: string, follow: Follow): PutCommandInput => ({ TableName: table, Item: followItem(follow) });

/** An automatic follow: only where the member never followed nor unfollowed. */
export const putFollowIfUndecided = (table: string, follow: Follow): PutCommandInput => ({ TableName: table, Item: followItem(follow), ...isNew });

export const putUnfollow = (table: string, memberId: string, target: FollowTarget, at: string): PutCommandInput => ({
  TableName: table,
  Item: unfollowItem(memberId, target, at),
});

export const getFollow = (table: string, memberId: string, target: FollowTarget) => getItem(table, followKey(memberId, target));

export const isUnfollowed = (item: StoredItem | undefined): boolean => item !== undefined && item.following === false;

export function toFollow(item: StoredItem): Follow {
  const read = readItem(item, ITEM_TYPES.follow);
  return {
    memberId: read.string('memberId'),
    targetType: read.string('targetType') as FollowTargetType,
    targetId: read.string('targetId'),
    followedAt: read.string('followedAt'),
    reason: read.string('reason') as FollowReason,
  };
}

export const followsOfList = (memberId: string): ListRef => collectionList(`follows#${memberId}`, `FOLLOWS#${memberId}`);

/** A member's follows, by target; unfollow marks are filtered out (a page may come back short, never wrong). */
export const followsOfQuery = (table: string, memberId: string, limit: number, start?: StartKey): QueryCommandInput => {
  const input = collectionQuery(table, followsOfList(memberId), 'FOLLOW#', limit, start, false);
  return {
    ...input,
    FilterExpression: 'following = :following',
    ExpressionAttributeValues: { ...input.ExpressionAttributeValues, ':following': true },
  };
};

export const followersList = (target: FollowTarget): ListRef =>
  indexList('byFollowedTarget', `followers#${target.targetType}#${target.targetId}`, followersPartition(target));

/** One page of a target's followers, by member id. */
export const followersQuery = (table: string, target: FollowTarget, limit: number, start?: StartKey): QueryCommandInput =>
  indexQuery(table, 'byFollowedTarget', followersList(target), limit, start, false);

export const followerOf = (item: StoredItem): string => String(item[indexes.byFollowedTarget.sortKey]);
