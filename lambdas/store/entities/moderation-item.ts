/**
 * Moderation item: one per piece of content under review (post-, comment- or appeal-<id>) or appealed
 * sanction (sanction-<sanctionId>), one of
 * the two kinds of item of the shared leased queue (lambdas/store/leased-queue.ts). An open
 * item sits in exactly one of the two claim indexes: a free one in the claim queue by urgency, a
 * leased one by lease expiry, so claiming reads only items it could take, however many leases are live.
 *
 * Every open item is also in its community's partition of byCommunityQueue (free and leased alike,
 * most urgent first), so claiming or listing one community's items is a key condition, never a
 * filter behind other communities' items; and in byWaitingSince by when it started waiting (stats).
 *
 *   pk MODITEM#<itemId>   sk ITEM
 *   byModerationStatus   MODSTATUS#<status>                / urgency (open) or <decidedAt>#<itemId> (closed)
 *   byCommunityQueue     MODSTATUS#<status>#<communityId>  / the same sort key
 *   byClaimQueue         CLAIM#<status>                    / urgency                      (open, no lease)
 *   byLeaseExpiry        LEASED#<status>                   / <lease expiry>#<urgency>     (open, leased)
 *   byWaitingSince       WAITING                           / <createdAt>#<itemId>         (open; keys only)
 *   byMember             MEMBER#<authorId>                 / MODITEM#<itemId>             (keys only: the author's record)
 *                                                            or SANCTION-APPEAL#<itemId>    (a member's sanction appeal: export, erasure)
 *
 * A sanction appeal (sanction-<sanctionId>) names no post, and a community only if the sanction came
 * from a community's item; without one it is in no byCommunityQueue partition.
 */
import type { GetCommandInput, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { ItemStatus, Priority } from '../../api/moderation-schemas';
import type { QueueFilters } from '../../domain/ports';
import type { ItemGuard } from '../../domain/leased-queue';
import type { ContentCase } from '../../members/ports';
import { isOpen, urgencyOf, urgencyPrefixOf, type QueueItem } from '../../moderation/queue';
import { FULL_REPORT_PERCENT } from '../../moderation/report-weight';
import { MalformedItemError, readItem, type StoredItem } from '../attributes';
import type { ListRef, StartKey } from '../cursor';
import { getItem, indexList, indexQuery, indexes, key, memberKeys, withFilters, type Item, type Key, type TransactItem } from '../expressions';
import {
  claimIndexKeys,
  expiredLeasesQuery as expiredLeasesOf,
  freeHeadQuery,
  guardCondition,
  leaseAttributes,
  withoutLiveLeases,
  type ClaimPartitions,
} from '../leased-queue';
import { ITEM_TYPES } from './item-types';
import { SANCTION_APPEAL_MEMBER_PREFIX } from './sanction';

/** The two queues a moderator claims from. */
export type OpenStatus = 'pending' | 'escalated';

export const moderationItemKey = (itemId: string): Key => key(`MODITEM#${itemId}`, 'ITEM');

/** The moderation queue's partitions of the shared claim indexes: one per open status. */
const claimPartitions = (status: string): ClaimPartitions => ({ claimPartition: `CLAIM#${status}`, leasePartition: `LEASED#${status}` });
const OPEN_STATUSES: readonly OpenStatus[] = ['pending', 'escalated'];

export function moderationItem(item: QueueItem): Item {
  const { lease, ...rest } = item;
  const urgency = urgencyOf(item);
  return {
    ...claimIndexKeys(isOpen(item.status), lease, urgency, claimPartitions(item.status)),
    ...moderationItemKey(item.itemId),
    type: ITEM_TYPES.moderationItem,
    ...rest,
    ...leaseAttributes(lease),
    [indexes.byModerationStatus.partitionKey]: `MODSTATUS#${item.status}`,
    // A sanction appeal without a community is in no community's partition (sparse).
    ...(item.communityId !== null ? { [indexes.byCommunityQueue.partitionKey]: `MODSTATUS#${item.status}#${item.communityId}` } : {}),
    // Open items list most urgent first; closed ones by when they were decided.
    [indexes.byModerationStatus.sortKey]: isOpen(item.status) ? urgency : `${item.lastDecision?.decidedAt ?? item.createdAt}#${item.itemId}`,
    ...(isOpen(item.status) ? { [indexes.byWaitingSince.partitionKey]: WAITING, [indexes.byWaitingSince.sortKey]: `${item.createdAt}#${item.itemId}` } : {}),
    ...memberKeys(item.authorId, memberSortKeyOf(item)),
  };
}

/**
 * The byMember sort key: MODITEM#<itemId> for items about the member's content (their record's
 * content cases, export and erasure as moderation of content); SANCTION-APPEAL#<itemId> for their
 * sanction appeals (a kind of member data of its own: export and erasure, never a content case).
 */
export const memberSortKeyOf = (item: Pick<QueueItem, 'kind' | 'itemId'>): string =>
  item.kind === 'sanction-appeal' ? `${SANCTION_APPEAL_MEMBER_PREFIX}${item.itemId}` : `MODITEM#${item.itemId}`;

const WAITING = 'WAITING';

export function toQueueItem(item: StoredItem): QueueItem {
  const read = readItem(item, ITEM_TYPES.moderationItem);
  const holder = read.nullableString('leaseHolder');
  return {
    itemId: read.string('itemId'),
    kind: read.string('kind') as QueueItem['kind'],
    queue: read.string('queue') as QueueItem['queue'],
    status: read.string('status') as QueueItem['status'],
    priority: read.string('priority') as QueueItem['priority'],
    communityId: read.nullableString('communityId'),
    postId: read.nullableString('postId'),
    commentId: read.nullableString('commentId'),
    postKind: read.nullableString('postKind') as QueueItem['postKind'],
    authorId: read.string('authorId'),
    excerpt: read.string('excerpt'),
    rule: read.nullableString('rule'),
    reasons: read.map<QueueItem['reasons']>('reasons'),
    reportCount: read.number('reportCount'),
    // Items written before reports were weighed counted every report in full.
    reportWeightPercent: read.optionalNumber('reportWeightPercent') ?? read.number('reportCount') * FULL_REPORT_PERCENT,
    reportTexts: read.strings('reportTexts'),
    appealText: read.nullableString('appealText'),
    rejectedBy: read.nullableString('rejectedBy'),
    sanction: read.nullableMap<NonNullable<QueueItem['sanction']>>('sanction'),
    createdAt: read.string('createdAt'),
    dueAt: read.string('dueAt'),
    version: read.number('version'),
    lease: holder === null ? null : { holder, expiresAt: read.string('leaseExpiresAt') },
    lastDecision: read.nullableMap<NonNullable<QueueItem['lastDecision']>>('lastDecision'),
  };
}

export const getModerationItem = (table: string, itemId: string): GetCommandInput => getItem(table, moderationItemKey(itemId), true);

/** Writes the next state of an item if its guard holds. */
export const putModerationItem = (table: string, next: QueueItem, guard: ItemGuard): TransactItem => ({
  Put: { TableName: table, Item: moderationItem(next), ...guardCondition(guard, OPEN_STATUSES) },
});

/** The head of an open queue: items nobody holds, most urgent first. */
export const queueHeadQuery = (table: string, status: OpenStatus, limit: number, start?: StartKey): QueryCommandInput =>
  freeHeadQuery(table, claimPartitions(status).claimPartition, `claim#${status}`, limit, start);

/** Items whose lease expired before `now`, soonest expired first: free again without any job. */
export const expiredLeasesQuery = (table: string, status: OpenStatus, now: string, limit: number, start?: StartKey): QueryCommandInput =>
  expiredLeasesOf(table, claimPartitions(status).leasePartition, now, limit, start);

/**
 * A community's open items whose lease is not live, most urgent first: free ones and expired
 * leases together, in one partition of that community alone. Live leases in the way are skipped by
 * the filter; there are at most as many as moderators hold, however long the backlog.
 */
export const communityClaimQuery = (
  table: string,
  status: OpenStatus,
  communityId: string,
  now: string,
  limit: number,
  start?: StartKey,
): QueryCommandInput => {
  return withoutLiveLeases(indexQuery(table, 'byCommunityQueue', byStatusList(status, { communityId }, ''), limit, start, false), now);
};

/** The list of one status, or of one status in one community (its own index partition). */
export const byStatusList = (status: string, filters: Pick<QueueFilters, 'communityId'>, filterTag: string): ListRef =>
  filters.communityId === undefined
    ? indexList('byModerationStatus', `moderation#${status}#${filterTag}`, `MODSTATUS#${status}`)
    : indexList('byCommunityQueue', `moderation#${status}#${filterTag}`, `MODSTATUS#${status}#${filters.communityId}`);

/**
 * Items of one status, open ones most urgent first, closed ones most recently decided first. The
 * community is the partition and, for open items, the priority a sort-key prefix: both are key
 * conditions, so their pages are full. Kind and reason are filters.
 */
export function byStatusQuery(table: string, status: string, filters: QueueFilters, limit: number, start?: StartKey, filterTag = ''): QueryCommandInput {
  const list = byStatusList(status, filters, filterTag);
  const open = isOpen(status as ItemStatus);
  const base = indexQuery(
    table,
    list.partition.attribute === indexes.byModerationStatus.partitionKey ? 'byModerationStatus' : 'byCommunityQueue',
    list,
    limit,
    start,
    !open,
  );
  const keyed =
    open && filters.priority !== undefined
      ? {
          ...base,
          KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :priority)',
          ExpressionAttributeNames: { ...base.ExpressionAttributeNames, '#sk': indexes.byModerationStatus.sortKey },
          ExpressionAttributeValues: { ...base.ExpressionAttributeValues, ':priority': urgencyPrefixOf(filters.priority as Priority) },
        }
      : base;
  const input = withFilters(keyed, { priority: open ? undefined : filters.priority, kind: filters.kind });
  if (filters.reason === undefined) return input;
  return {
    ...input,
    FilterExpression: [input.FilterExpression, 'attribute_exists(#reasons.#reason)'].filter(Boolean).join(' AND '),
    ExpressionAttributeNames: { ...input.ExpressionAttributeNames, '#reasons': 'reasons', '#reason': filters.reason },
  };
}

/** The open item that has waited longest: the head of byWaitingSince (keys only: its sort key says when and which). */
export const oldestWaitingQuery = (table: string): QueryCommandInput => ({
  TableName: table,
  IndexName: 'byWaitingSince',
  KeyConditionExpression: '#pk = :pk',
  ExpressionAttributeNames: { '#pk': indexes.byWaitingSince.partitionKey },
  ExpressionAttributeValues: { ':pk': WAITING },
  ScanIndexForward: true,
  Limit: 1,
});

export function toWaiting(entry: StoredItem): { itemId: string; createdAt: string } {
  const sortKey = entry[indexes.byWaitingSince.sortKey];
  const [createdAt, itemId] = typeof sortKey === 'string' ? sortKey.split('#') : [];
  if (!createdAt || !itemId)
    throw new MalformedItemError(`byWaitingSince entry ${String(entry.pk)}: sort key must be <createdAt>#<itemId>, got ${String(sortKey)}`);
  return { itemId, createdAt };
}

/** A queue item as a member's record shows it: what was decided and reported, never who reported. */
export function toContentCase(item: StoredItem): ContentCase {
  const q = toQueueItem(item);
  return {
    itemId: q.itemId,
    kind: q.kind,
    communityId: q.communityId,
    postId: q.postId,
    commentId: q.commentId,
    status: q.status,
    reasons: q.reasons,
    reportCount: q.reportCount,
    createdAt: q.createdAt,
    lastDecision: q.lastDecision
      ? { action: q.lastDecision.action, reasonCode: q.lastDecision.reasonCode, moderatorId: q.lastDecision.moderatorId, decidedAt: q.lastDecision.decidedAt }
      : null,
  };
}
