/**
 * Moderation item: one per piece of content under review (post-, comment- or appeal-<id>). An open
 * item sits in exactly one of the two claim indexes: a free one in the claim queue by urgency, a
 * leased one by lease expiry, so claiming reads only items it could take, however many leases are live.
 *
 *   pk MODITEM#<itemId>   sk ITEM
 *   byModerationStatus   MODSTATUS#<status> / urgency (open) or <decidedAt>#<itemId> (closed)
 *   byClaimQueue         CLAIM#<status>     / urgency                      (open, no lease)
 *   byLeaseExpiry        LEASED#<status>    / <lease expiry>#<urgency>     (open, leased)
 */
import type { GetCommandInput, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { ItemStatus } from '../../api/moderation-schemas';
import type { QueueFilters } from '../../domain/ports';
import type { ItemGuard } from '../../moderation/plan';
import { isOpen, urgencyOf, type QueueItem } from '../../moderation/queue';
import { readItem, type StoredItem } from '../attributes';
import type { ListRef, StartKey } from '../cursor';
import { getItem, indexList, indexQuery, indexes, isNew, key, withFilters, type Item, type Key, type TransactItem } from '../expressions';
import { ITEM_TYPES } from './item-types';

/** The two queues a moderator claims from. */
export type OpenStatus = 'pending' | 'escalated';

export const moderationItemKey = (itemId: string): Key => key(`MODITEM#${itemId}`, 'ITEM');

export function moderationItem(item: QueueItem): Item {
  const { lease, ...rest } = item;
  const urgency = urgencyOf(item);
  const claimKeys = !isOpen(item.status)
    ? {}
    : lease
      ? { [indexes.byLeaseExpiry.partitionKey]: `LEASED#${item.status}`, [indexes.byLeaseExpiry.sortKey]: `${lease.expiresAt}#${urgency}` }
      : { [indexes.byClaimQueue.partitionKey]: `CLAIM#${item.status}`, [indexes.byClaimQueue.sortKey]: urgency };
  return {
    ...claimKeys,
    ...moderationItemKey(item.itemId),
    type: ITEM_TYPES.moderationItem,
    ...rest,
    ...(lease ? { leaseHolder: lease.holder, leaseExpiresAt: lease.expiresAt } : {}),
    [indexes.byModerationStatus.partitionKey]: `MODSTATUS#${item.status}`,
    // Open items list most urgent first; closed ones by when they were decided.
    [indexes.byModerationStatus.sortKey]: isOpen(item.status) ? urgency : `${item.lastDecision?.decidedAt ?? item.createdAt}#${item.itemId}`,
  };
}

export function toQueueItem(item: StoredItem): QueueItem {
  const read = readItem(item, ITEM_TYPES.moderationItem);
  const holder = read.nullableString('leaseHolder');
  return {
    itemId: read.string('itemId'),
    kind: read.string('kind') as QueueItem['kind'],
    queue: read.string('queue') as QueueItem['queue'],
    status: read.string('status') as QueueItem['status'],
    priority: read.string('priority') as QueueItem['priority'],
    communityId: read.string('communityId'),
    postId: read.string('postId'),
    commentId: read.nullableString('commentId'),
    postKind: read.nullableString('postKind') as QueueItem['postKind'],
    authorId: read.string('authorId'),
    excerpt: read.string('excerpt'),
    rule: read.nullableString('rule'),
    reasons: read.map<QueueItem['reasons']>('reasons'),
    reportCount: read.number('reportCount'),
    reportTexts: read.strings('reportTexts'),
    appealText: read.nullableString('appealText'),
    rejectedBy: read.nullableString('rejectedBy'),
    createdAt: read.string('createdAt'),
    dueAt: read.string('dueAt'),
    version: read.number('version'),
    lease: holder === null ? null : { holder, expiresAt: read.string('leaseExpiresAt') },
    lastDecision: read.nullableMap<NonNullable<QueueItem['lastDecision']>>('lastDecision'),
  };
}

export const getModerationItem = (table: string, itemId: string): GetCommandInput => getItem(table, moderationItemKey(itemId), true);

/** The condition that makes a write of an item safe for the step that guards it. */
interface Condition {
  readonly ConditionExpression: string;
  readonly ExpressionAttributeNames: Record<string, string>;
  readonly ExpressionAttributeValues?: Record<string, unknown>;
}

function guardCondition(guard: ItemGuard): Condition {
  switch (guard.kind) {
    case 'new':
      return { ...isNew };
    case 'version':
      return {
        ConditionExpression: '#version = :expected',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':expected': guard.version },
      };
    case 'claimable':
      return {
        ConditionExpression: '#version = :expected AND #status IN (:pending, :escalated) AND (attribute_not_exists(leaseExpiresAt) OR leaseExpiresAt <= :now)',
        ExpressionAttributeNames: { '#version': 'version', '#status': 'status' },
        ExpressionAttributeValues: { ':expected': guard.version, ':pending': 'pending', ':escalated': 'escalated', ':now': guard.now },
      };
    case 'leased':
      return {
        ConditionExpression: '#version = :expected AND leaseHolder = :holder AND leaseExpiresAt > :now',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':expected': guard.version, ':holder': guard.holder, ':now': guard.now },
      };
  }
}

/** Writes the next state of an item if its guard holds. */
export const putModerationItem = (table: string, next: QueueItem, guard: ItemGuard): TransactItem => ({
  Put: { TableName: table, Item: moderationItem(next), ...guardCondition(guard) },
});

const claimQueueList = (status: OpenStatus): ListRef => indexList('byClaimQueue', `claim#${status}`, `CLAIM#${status}`);

/** The head of an open queue: items nobody holds, most urgent first. */
export const queueHeadQuery = (table: string, status: OpenStatus, limit: number, start?: StartKey, communityId?: string): QueryCommandInput =>
  withFilters(indexQuery(table, 'byClaimQueue', claimQueueList(status), limit, start, false), { communityId });

/** Items whose lease expired before `now`, soonest expired first: free again without any job. */
export const expiredLeasesQuery = (table: string, status: OpenStatus, now: string, limit: number, start?: StartKey, communityId?: string): QueryCommandInput =>
  withFilters(
    {
      TableName: table,
      IndexName: 'byLeaseExpiry',
      // A key condition, not a filter: only items a claim could take are read.
      KeyConditionExpression: '#pk = :pk AND #sk < :now',
      ExpressionAttributeNames: { '#pk': indexes.byLeaseExpiry.partitionKey, '#sk': indexes.byLeaseExpiry.sortKey },
      ExpressionAttributeValues: { ':pk': `LEASED#${status}`, ':now': now },
      Limit: limit,
      ExclusiveStartKey: start,
    },
    { communityId },
  );

export const byStatusList = (status: string, filterTag: string): ListRef =>
  indexList('byModerationStatus', `moderation#${status}#${filterTag}`, `MODSTATUS#${status}`);

/** Items of one status, open ones most urgent first, closed ones most recently decided first. */
export function byStatusQuery(table: string, status: string, filters: QueueFilters, limit: number, start?: StartKey): QueryCommandInput {
  const input = withFilters(indexQuery(table, 'byModerationStatus', byStatusList(status, ''), limit, start, !isOpen(status as ItemStatus)), {
    priority: filters.priority,
    communityId: filters.communityId,
    kind: filters.kind,
  });
  if (filters.reason === undefined) return input;
  return {
    ...input,
    FilterExpression: [input.FilterExpression, 'attribute_exists(#reasons.#reason)'].filter(Boolean).join(' AND '),
    ExpressionAttributeNames: { ...input.ExpressionAttributeNames, '#reasons': 'reasons', '#reason': filters.reason },
  };
}
