/**
 * Sanction: one item per sanction in the member's partition, kept after it ends or is lifted (the
 * member's record). Its first write is the lake's (and the inbox's) `member.sanctioned`, its lifting
 * `member.sanction-lifted`. An open appeal puts it in the moderators' list of sanction appeals, a
 * partition of byModerationStatus of its own (moderation work by status).
 *
 *   pk MEMBER#<memberId>   sk SANCTION#<sanctionId>   (ULIDs: oldest first)
 *   byModerationStatus     SANCTION-APPEAL#open / <appealedAt>#<sanctionId>   (open appeals only)
 */
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Sanction, SanctionAppeal } from '../../members/ports';
import { readItem, type StoredItem } from '../attributes';
import type { ListRef, StartKey } from '../cursor';
import { collectionList, collectionQuery, indexList, indexQuery, indexes, key, putNew, type Key, type TransactItem } from '../expressions';
import { ITEM_TYPES } from './item-types';
import { memberPartition } from './member-state';

export const sanctionKey = (memberId: string, sanctionId: string): Key => key(memberPartition(memberId), `SANCTION#${sanctionId}`);

const OPEN_APPEALS = 'SANCTION-APPEAL#open';

export const putSanction = (table: string, s: Sanction): TransactItem =>
  putNew(table, { ...sanctionKey(s.memberId, s.sanctionId), type: ITEM_TYPES.sanction, ...s });

export function toSanction(item: StoredItem): Sanction {
  const read = readItem(item, ITEM_TYPES.sanction);
  return {
    sanctionId: read.string('sanctionId'),
    memberId: read.string('memberId'),
    kind: read.string('kind') as Sanction['kind'],
    reasonCode: read.string('reasonCode') as Sanction['reasonCode'],
    note: read.nullableString('note'),
    createdAt: read.string('createdAt'),
    until: read.nullableString('until'),
    issuedBy: read.string('issuedBy'),
    sourceItemId: read.nullableString('sourceItemId'),
    lifted: read.nullableMap<NonNullable<Sanction['lifted']>>('lifted'),
    appeal: read.nullableMap<SanctionAppeal>('appeal'),
  };
}

/** Lifts a sanction not lifted before, closing its appeal (if `appeal`) in the same write. */
export const liftSanction = (
  table: string,
  memberId: string,
  sanctionId: string,
  lifted: NonNullable<Sanction['lifted']>,
  appeal?: SanctionAppeal,
): TransactItem => ({
  Update: {
    TableName: table,
    Key: sanctionKey(memberId, sanctionId),
    UpdateExpression: `SET lifted = :lifted${appeal ? ', appeal = :appeal' : ''} REMOVE #appealPk, #appealSk`,
    ConditionExpression: 'attribute_exists(sanctionId) AND lifted = :none',
    ExpressionAttributeNames: { '#appealPk': indexes.byModerationStatus.partitionKey, '#appealSk': indexes.byModerationStatus.sortKey },
    ExpressionAttributeValues: { ':lifted': lifted, ':none': null, ...(appeal ? { ':appeal': appeal } : {}) },
  },
});

/** Records the member's one appeal; refused if there was one. */
export const appealSanction = (table: string, memberId: string, sanctionId: string, appeal: SanctionAppeal) => ({
  TableName: table,
  Key: sanctionKey(memberId, sanctionId),
  UpdateExpression: 'SET appeal = :appeal, #appealPk = :open, #appealSk = :order',
  ConditionExpression: 'attribute_exists(sanctionId) AND appeal = :none',
  ExpressionAttributeNames: { '#appealPk': indexes.byModerationStatus.partitionKey, '#appealSk': indexes.byModerationStatus.sortKey },
  ExpressionAttributeValues: { ':appeal': appeal, ':none': null, ':open': OPEN_APPEALS, ':order': `${appeal.at}#${sanctionId}` },
});

/** Closes an open appeal as upheld: the sanction stands. */
export const upholdSanction = (table: string, memberId: string, sanctionId: string, appeal: SanctionAppeal) => ({
  TableName: table,
  Key: sanctionKey(memberId, sanctionId),
  UpdateExpression: 'SET appeal = :appeal REMOVE #appealPk, #appealSk',
  ConditionExpression: 'appeal.#status = :open',
  ExpressionAttributeNames: { '#appealPk': indexes.byModerationStatus.partitionKey, '#appealSk': indexes.byModerationStatus.sortKey, '#status': 'status' },
  ExpressionAttributeValues: { ':appeal': appeal, ':open': 'open' },
});

export const sanctionsList = (memberId: string): ListRef => collectionList(`sanctions#${memberId}`, memberPartition(memberId));
export const sanctionsQuery = (table: string, memberId: string, limit: number, start?: StartKey): QueryCommandInput =>
  collectionQuery(table, sanctionsList(memberId), 'SANCTION#', limit, start, true);

export const openAppealsList = (): ListRef => indexList('byModerationStatus', 'sanction-appeals', OPEN_APPEALS);
export const openAppealsQuery = (table: string, limit: number, start?: StartKey): QueryCommandInput =>
  indexQuery(table, 'byModerationStatus', openAppealsList(), limit, start, false);
