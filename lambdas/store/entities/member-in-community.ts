/**
 * Member in a community: created by the member's first post there (their joining) and counting their
 * posts (the new-member screening rule).
 *
 *   pk MEMBER#<memberId>   sk COMMUNITY#<communityId>
 */
import type { GetCommandInput } from '@aws-sdk/lib-dynamodb';
import type { ReporterStanding } from '../../moderation/report-weight';
import { readItem, type StoredItem } from '../attributes';
import { getItem, key, type Key, type TransactItem } from '../expressions';
import { ITEM_TYPES } from './item-types';

export const memberInCommunityKey = (memberId: string, communityId: string): Key => key(`MEMBER#${memberId}`, `COMMUNITY#${communityId}`);

/**
 * Counts one more post by the member in the community, creating the record on the first, which
 * stamps when they joined (the lake's time for member.joined: the stream's own time is approximate).
 */
export const countAuthorPost = (table: string, memberId: string, communityId: string, at: string): TransactItem => ({
  Update: {
    TableName: table,
    Key: memberInCommunityKey(memberId, communityId),
    UpdateExpression: 'ADD postCount :one SET #type = :type, memberId = :member, communityId = :community, joinedAt = if_not_exists(joinedAt, :at)',
    ExpressionAttributeNames: { '#type': 'type' },
    ExpressionAttributeValues: { ':one': 1, ':type': ITEM_TYPES.memberInCommunity, ':member': memberId, ':community': communityId, ':at': at },
  },
});

export const getMemberInCommunity = (table: string, memberId: string, communityId: string): GetCommandInput =>
  getItem(table, memberInCommunityKey(memberId, communityId));

/** Posts the member made in the community; none if they never posted there. */
export const toPostCount = (item: StoredItem | undefined): number => (item ? readItem(item, ITEM_TYPES.memberInCommunity).number('postCount') : 0);

/** When the member joined the community (first posted there) and their posts; a stranger has neither. */
export function toReporterStanding(item: StoredItem | undefined): ReporterStanding {
  if (!item) return { joinedAt: null, postCount: 0 };
  const read = readItem(item, ITEM_TYPES.memberInCommunity);
  return { joinedAt: read.optionalString('joinedAt') ?? null, postCount: read.number('postCount') };
}
