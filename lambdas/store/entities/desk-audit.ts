/**
 * Desk audit entry: one per step taken on a desk item (claim, extend, release, a lapsed lease noticed,
 * the first reaction, a close), in the item's collection, written in the step's own transaction. The
 * ledger reads a community's entries by time through byCommunityAudit, the moderation audit's index,
 * under a partition of the desk's own (so neither log's reader sees the other's steps).
 *
 *   pk DESKITEM#<itemId>   sk AUDIT#<ulid>
 *   byCommunityAudit   DESKAUDIT#<communityId> / <at>#<ulid>
 */
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { DeskAuditEntry } from '../../desk/desk-item';
import type { TaskStep } from '../../finance/labor';
import { readItem, type StoredItem } from '../attributes';
import type { StartKey } from '../cursor';
import { indexes, key, type Item, type TransactItem } from '../expressions';
import { ITEM_TYPES } from './item-types';

const communityPartition = (communityId: string) => `DESKAUDIT#${communityId}`;

export const deskAuditItem = (entry: DeskAuditEntry): Item => ({
  ...key(`DESKITEM#${entry.itemId}`, `AUDIT#${entry.auditId}`),
  type: ITEM_TYPES.deskAudit,
  ...entry,
  [indexes.byCommunityAudit.partitionKey]: communityPartition(entry.communityId),
  [indexes.byCommunityAudit.sortKey]: `${entry.at}#${entry.auditId}`,
});

/** Appends an entry: ULIDs never repeat, so no condition. */
export const putDeskAudit = (table: string, entry: DeskAuditEntry): TransactItem => ({ Put: { TableName: table, Item: deskAuditItem(entry) } });

export function toDeskAuditEntry(item: StoredItem): DeskAuditEntry {
  const read = readItem(item, ITEM_TYPES.deskAudit);
  return {
    auditId: read.string('auditId'),
    itemId: read.string('itemId'),
    postId: read.string('postId'),
    communityId: read.string('communityId'),
    kind: read.string('kind') as DeskAuditEntry['kind'],
    at: read.string('at'),
    actorId: read.string('actorId'),
    action: read.string('action') as DeskAuditEntry['action'],
    via: read.nullableString('via') as DeskAuditEntry['via'],
    reasonCode: read.nullableString('reasonCode'),
    statusBefore: read.string('statusBefore') as DeskAuditEntry['statusBefore'],
    statusAfter: read.string('statusAfter') as DeskAuditEntry['statusAfter'],
  };
}

/** A desk audit entry as a step of a staff member's task (the ledger's handle times). */
export function toDeskTaskStep(item: StoredItem): TaskStep {
  const entry = toDeskAuditEntry(item);
  return { itemId: entry.itemId, at: entry.at, actorId: entry.actorId, action: entry.action, statusBefore: entry.statusBefore, communityId: entry.communityId };
}

/** A community's desk audit entries from `from` (included) to `to` (excluded), oldest first, a page at a time. */
export const deskAuditOfCommunityQuery = (table: string, communityId: string, from: string, to: string, start?: StartKey): QueryCommandInput => ({
  TableName: table,
  IndexName: 'byCommunityAudit',
  KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
  ExpressionAttributeNames: { '#pk': indexes.byCommunityAudit.partitionKey, '#sk': indexes.byCommunityAudit.sortKey },
  // `to` excluded: sort keys are <at>#<ulid>, so every key of the instant `to` sorts after `to` itself.
  ExpressionAttributeValues: { ':pk': communityPartition(communityId), ':from': from, ':to': to },
  ExclusiveStartKey: start,
});
