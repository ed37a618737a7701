/**
 * Desk item: one per post that waits (or waited) for a staff reaction, `desk-<postId>`; the second
 * kind of item of the shared leased queue (lambdas/store/leased-queue.ts), in the same claim indexes
 * as moderation items under partitions of its own. An open item sits in byClaimQueue while free and
 * in byLeaseExpiry while leased, sorted most overdue first (due time, then id).
 *
 *   pk DESKITEM#<itemId>   sk ITEM
 *   byModerationStatus   DESK#<status>                 / <dueAt>#<itemId> (open) or <respondedAt>#<itemId>
 *   byCommunityQueue     DESK#<status>#<communityId>   / the same sort key
 *   byClaimQueue         CLAIM#desk                    / <dueAt>#<itemId>            (open, no lease)
 *   byLeaseExpiry        LEASED#desk                   / <lease expiry>#<dueAt>#<itemId> (open, leased)
 *   byWaitingSince       DESKWAITING#<communityId>     / <enteredAt>#<itemId>        (open; keys only)
 *   byMember             MEMBER#<authorId>             / DESKITEM#<itemId>           (keys only: export, erasure)
 *
 * The list's sort key starts with the due time, so "overdue" is a key condition (sort key < now).
 */
import type { GetCommandInput, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { DeskRecord } from '../../desk/desk-item';
import { deskUrgencyOf } from '../../desk/desk-item';
import type { ItemGuard } from '../../domain/leased-queue';
import { MalformedItemError, readItem, type StoredItem } from '../attributes';
import type { ListRef, StartKey } from '../cursor';
import { getItem, indexList, indexQuery, indexes, key, memberKeys, withFilters, type Item, type Key, type TransactItem } from '../expressions';
import { claimIndexKeys, expiredLeasesQuery, freeHeadQuery, guardCondition, leaseAttributes, withoutLiveLeases, type ClaimPartitions } from '../leased-queue';
import { ITEM_TYPES } from './item-types';

const PARTITIONS: ClaimPartitions = { claimPartition: 'CLAIM#desk', leasePartition: 'LEASED#desk' };
const OPEN: readonly string[] = ['open'];

export const deskItemKey = (itemId: string): Key => key(`DESKITEM#${itemId}`, 'ITEM');

const waitingPartition = (communityId: string) => `DESKWAITING#${communityId}`;

export function deskItem(item: DeskRecord): Item {
  const { lease, response, rating, ...rest } = item;
  const open = item.status === 'open';
  const urgency = deskUrgencyOf(item);
  return {
    ...claimIndexKeys(open, lease, urgency, PARTITIONS),
    ...deskItemKey(item.itemId),
    type: ITEM_TYPES.deskItem,
    ...rest,
    ...(rating === null ? {} : { rating }),
    response,
    ...leaseAttributes(lease),
    [indexes.byModerationStatus.partitionKey]: `DESK#${item.status}`,
    [indexes.byCommunityQueue.partitionKey]: `DESK#${item.status}#${item.communityId}`,
    [indexes.byModerationStatus.sortKey]: open ? urgency : `${response?.at ?? item.enteredAt}#${item.itemId}`,
    ...(open
      ? { [indexes.byWaitingSince.partitionKey]: waitingPartition(item.communityId), [indexes.byWaitingSince.sortKey]: `${item.enteredAt}#${item.itemId}` }
      : {}),
    // The post's author, whose name and title the item copies: erasure finds it here.
    ...memberKeys(item.authorId, `DESKITEM#${item.itemId}`),
  };
}

export function toDeskRecord(item: StoredItem): DeskRecord {
  const read = readItem(item, ITEM_TYPES.deskItem);
  const holder = read.nullableString('leaseHolder');
  return {
    itemId: read.string('itemId'),
    communityId: read.string('communityId'),
    postId: read.string('postId'),
    kind: read.string('kind') as DeskRecord['kind'],
    rating: read.optionalNumber('rating') ?? null,
    authorId: read.string('authorId'),
    title: read.string('title'),
    status: read.string('status') as DeskRecord['status'],
    enteredAt: read.string('enteredAt'),
    dueAt: read.string('dueAt'),
    version: read.number('version'),
    lease: holder === null ? null : { holder, expiresAt: read.string('leaseExpiresAt') },
    response: read.nullableMap<NonNullable<DeskRecord['response']>>('response'),
  };
}

export const getDeskItem = (table: string, itemId: string): GetCommandInput => getItem(table, deskItemKey(itemId), true);

/** Writes the next state of a desk item if its guard holds. */
export const putDeskItem = (table: string, next: DeskRecord, guard: ItemGuard): TransactItem => ({
  Put: { TableName: table, Item: deskItem(next), ...guardCondition(guard, OPEN) },
});

export const freeDeskQuery = (table: string, limit: number, start?: StartKey): QueryCommandInput =>
  freeHeadQuery(table, PARTITIONS.claimPartition, 'claim#desk', limit, start);
export const expiredDeskLeasesQuery = (table: string, now: string, limit: number, start?: StartKey): QueryCommandInput =>
  expiredLeasesQuery(table, PARTITIONS.leasePartition, now, limit, start);

export interface DeskFilters {
  readonly communityId?: string | undefined;
  readonly kind?: string | undefined;
  readonly overdue?: boolean | undefined;
}

/** The open items of the desk, or of one community (its own partition), most overdue first. */
export const openDeskList = (filters: DeskFilters, tag: string): ListRef =>
  filters.communityId === undefined
    ? indexList('byModerationStatus', `desk#open#${tag}`, 'DESK#open')
    : indexList('byCommunityQueue', `desk#open#${tag}`, `DESK#open#${filters.communityId}`);

/** A community's open items whose lease is not live, most overdue first (claim-next for one community). */
export const communityDeskClaimQuery = (table: string, communityId: string, now: string, limit: number, start?: StartKey): QueryCommandInput =>
  withoutLiveLeases(indexQuery(table, 'byCommunityQueue', openDeskList({ communityId }, ''), limit, start, false), now);

/** Open items, most overdue first; `overdue` is a key condition on the due time, `kind` a filter. */
export function openDeskQuery(table: string, filters: DeskFilters, now: string, limit: number, start: StartKey | undefined, tag: string): QueryCommandInput {
  const list = openDeskList(filters, tag);
  const base = indexQuery(table, filters.communityId === undefined ? 'byModerationStatus' : 'byCommunityQueue', list, limit, start, false);
  const keyed =
    filters.overdue === undefined
      ? base
      : {
          ...base,
          KeyConditionExpression: `#pk = :pk AND #sk ${filters.overdue ? '<' : '>='} :now`,
          ExpressionAttributeNames: { ...base.ExpressionAttributeNames, '#sk': indexes.byModerationStatus.sortKey },
          ExpressionAttributeValues: { ...base.ExpressionAttributeValues, ':now': now },
        };
  return withFilters(keyed, { kind: filters.kind });
}

/** The community's open item that has waited longest: the head of its byWaitingSince partition. */
export const oldestDeskItemQuery = (table: string, communityId: string): QueryCommandInput => ({
  TableName: table,
  IndexName: 'byWaitingSince',
  KeyConditionExpression: '#pk = :pk',
  ExpressionAttributeNames: { '#pk': indexes.byWaitingSince.partitionKey },
  ExpressionAttributeValues: { ':pk': waitingPartition(communityId) },
  ScanIndexForward: true,
  Limit: 1,
});

export function toWaitingDeskItem(entry: StoredItem): { itemId: string; enteredAt: string } {
  const sortKey = entry[indexes.byWaitingSince.sortKey];
  const [enteredAt, itemId] = typeof sortKey === 'string' ? sortKey.split('#') : [];
  if (!enteredAt || !itemId)
    throw new MalformedItemError(`byWaitingSince entry ${String(entry.pk)}: sort key must be <enteredAt>#<itemId>, got ${String(sortKey)}`);
  return { itemId, enteredAt };
}
