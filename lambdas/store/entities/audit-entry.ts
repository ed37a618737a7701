/**
 * Audit entry: one per step taken on a moderation item, in the item's collection. Decisions also
 * enter the day's decisions (stats: time to decision, decisions per moderator).
 *
 *   pk MODITEM#<itemId>   sk AUDIT#<ulid>
 *   byModerator     MODERATOR#<actorId> / <at>#<ulid>
 *   byDecisionDay   DECISIONS#<day>     / <at>#<ulid>   (decisions only)
 *   byCommunityAudit  AUDIT#<communityId> / <at>#<ulid>  (the ledger: handle times by community and period)
 */
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../../api/moderation-schemas';
import { isDecision } from '../../moderation/decisions';
import type { TaskStep } from '../../finance/labor';
import type { AuditWrite } from '../../moderation/plan';
import { readItem, type StoredItem } from '../attributes';
import type { ListRef, StartKey } from '../cursor';
import { collectionList, collectionQuery, indexList, indexQuery, indexes, key, type Item, type Key, type TransactItem } from '../expressions';
import { ITEM_TYPES } from './item-types';

export const auditKey = (itemId: string, auditId: string): Key => key(`MODITEM#${itemId}`, `AUDIT#${auditId}`);

export const auditItem = ({ entry, auditId, waitedSeconds, target }: AuditWrite): Item => ({
  ...auditKey(entry.itemId, auditId),
  type: ITEM_TYPES.auditEntry,
  ...entry,
  // The content's post and community, for the lake's events (a comment's item id names neither).
  postId: target.postId,
  communityId: target.communityId,
  [indexes.byModerator.partitionKey]: `MODERATOR#${entry.actorId}`,
  [indexes.byModerator.sortKey]: `${entry.at}#${auditId}`,
  // A sanction appeal without a community is no community's work (the ledger's handle times are by community).
  ...(target.communityId !== null ? { [indexes.byCommunityAudit.partitionKey]: `AUDIT#${target.communityId}` } : {}),
  ...(isDecision(entry.action) ? { [indexes.byDecisionDay.partitionKey]: `DECISIONS#${entry.at.slice(0, 10)}`, waitedSeconds } : {}),
});

export function toAuditEntry(item: StoredItem): AuditEntry {
  const read = readItem(item, ITEM_TYPES.auditEntry);
  return {
    itemId: read.string('itemId'),
    at: read.string('at'),
    actorId: read.string('actorId'),
    action: read.string('action') as AuditEntry['action'],
    reasonCode: read.nullableString('reasonCode') as AuditEntry['reasonCode'],
    note: read.nullableString('note'),
    statusBefore: read.string('statusBefore') as AuditEntry['statusBefore'],
    statusAfter: read.string('statusAfter') as AuditEntry['statusAfter'],
  };
}

/** Who decided, and how long the item waited for it. */
export function toDecision(item: StoredItem): { actorId: string; waitedSeconds: number } {
  const read = readItem(item, ITEM_TYPES.auditEntry);
  return { actorId: read.string('actorId'), waitedSeconds: read.optionalNumber('waitedSeconds') ?? 0 };
}

export const putAudit = (table: string, audit: AuditWrite): TransactItem => ({ Put: { TableName: table, Item: auditItem(audit) } });

export const auditOfItemList = (itemId: string): ListRef => collectionList(`audit#${itemId}`, `MODITEM#${itemId}`);

/** An item's audit log, oldest first. */
export const auditOfItemQuery = (table: string, itemId: string, limit: number, start?: StartKey): QueryCommandInput =>
  collectionQuery(table, auditOfItemList(itemId), 'AUDIT#', limit, start, false);

export const auditOfModeratorList = (moderatorId: string): ListRef => indexList('byModerator', `audit-moderator#${moderatorId}`, `MODERATOR#${moderatorId}`);

/** A moderator's audit log, newest first. */
export const auditOfModeratorQuery = (table: string, moderatorId: string, limit: number, start?: StartKey): QueryCommandInput =>
  indexQuery(table, 'byModerator', auditOfModeratorList(moderatorId), limit, start, true);

/** Every decision of one day (YYYY-MM-DD), a page at a time: the recount the stats counters are checked against (test/integration/moderation-stats.test.ts). */
export const decisionsOnQuery = (table: string, day: string, start?: StartKey): QueryCommandInput =>
  indexQuery(table, 'byDecisionDay', indexList('byDecisionDay', `decisions#${day}`, `DECISIONS#${day}`), undefined, start, false);

/** An audit entry as a step of a moderator's task (the ledger's handle times). */
export function toTaskStep(item: StoredItem): TaskStep {
  const read = readItem(item, ITEM_TYPES.auditEntry);
  return {
    itemId: read.string('itemId'),
    at: read.string('at'),
    actorId: read.string('actorId'),
    action: read.string('action'),
    statusBefore: read.string('statusBefore'),
    communityId: read.string('communityId'),
  };
}

/** A community's audit entries from `from` (included) to `to` (excluded), oldest first, a page at a time. */
export const auditOfCommunityQuery = (table: string, communityId: string, from: string, to: string, start?: StartKey): QueryCommandInput => ({
  TableName: table,
  IndexName: 'byCommunityAudit',
  KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
  ExpressionAttributeNames: { '#pk': indexes.byCommunityAudit.partitionKey, '#sk': indexes.byCommunityAudit.sortKey },
  // `to` excluded: sort keys are <at>#<ulid>, so every key of the instant `to` sorts after `to` itself.
  ExpressionAttributeValues: { ':pk': `AUDIT#${communityId}`, ':from': from, ':to': to },
  ExclusiveStartKey: start,
});
