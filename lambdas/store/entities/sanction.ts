/**
 * Sanction: one item per sanction in the member's partition, kept after it ends or is lifted (the
 * member's record). Its first write is the lake's (and the inbox's) `member.sanctioned`, its lifting
 * `member.sanction-lifted`. Its appeal is a moderation queue item (sanction-<sanctionId>,
 * lambdas/moderation/sanction-appeals.ts) written in the same transactions as the appeal's state here,
 * which is what the member sees. An open appeal also puts the sanction in a partition of
 * byModerationStatus of its own: GET /v1/sanction-appeals lists those sanctions.
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

/** The byMember sort-key prefix of a member's sanction appeals (their queue items, moderation-item.ts): export and erasure find them by it. */
export const SANCTION_APPEAL_MEMBER_PREFIX = 'SANCTION-APPEAL#';

export const putSanction = (table: string, s: Sanction): TransactItem =>
  putNew(table, { ...sanctionKey(s.memberId, s.sanctionId), type: ITEM_TYPES.sanction, ...s });

/** Appeals made before they were queue items have no item id. */
const appealOf = (appeal: SanctionAppeal | null): SanctionAppeal | null => (appeal ? { ...appeal, itemId: appeal.itemId ?? null } : null);

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
    appeal: appealOf(read.nullableMap<SanctionAppeal>('appeal')),
  };
}

const openAppealNames = { '#appealPk': indexes.byModerationStatus.partitionKey, '#appealSk': indexes.byModerationStatus.sortKey, '#status': 'status' };

/**
 * Lifts a sanction not lifted before. Without `appeal`, only while no appeal of it is open (an open
 * appeal is a queue item: lifting it early closes that item too, with `appeal`, in the queue's plan).
 */
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
    ConditionExpression: appeal
      ? 'attribute_exists(sanctionId) AND lifted = :none AND appeal.#status = :open'
      : 'attribute_exists(sanctionId) AND lifted = :none AND (appeal = :none OR appeal.#status <> :open)',
    ExpressionAttributeNames: openAppealNames,
    ExpressionAttributeValues: { ':lifted': lifted, ':none': null, ':open': 'open', ...(appeal ? { ':appeal': appeal } : {}) },
  },
});

/** Records the member's one appeal, in the list of open appeals; refused if there was one, or the sanction was lifted. */
export const appealSanction = (table: string, memberId: string, sanctionId: string, appeal: SanctionAppeal): TransactItem => ({
  Update: {
    TableName: table,
    Key: sanctionKey(memberId, sanctionId),
    UpdateExpression: 'SET appeal = :appeal, #appealPk = :openList, #appealSk = :order',
    ConditionExpression: 'attribute_exists(sanctionId) AND appeal = :none AND lifted = :none',
    ExpressionAttributeNames: { '#appealPk': indexes.byModerationStatus.partitionKey, '#appealSk': indexes.byModerationStatus.sortKey },
    ExpressionAttributeValues: { ':appeal': appeal, ':none': null, ':openList': OPEN_APPEALS, ':order': `${appeal.at}#${sanctionId}` },
  },
});

/** Closes an open appeal as upheld: the sanction stands. */
export const upholdSanction = (table: string, memberId: string, sanctionId: string, appeal: SanctionAppeal): TransactItem => ({
  Update: {
    TableName: table,
    Key: sanctionKey(memberId, sanctionId),
    UpdateExpression: 'SET appeal = :appeal REMOVE #appealPk, #appealSk',
    ConditionExpression: 'appeal.#status = :open',
    ExpressionAttributeNames: openAppealNames,
    ExpressionAttributeValues: { ':appeal': appeal, ':open': 'open' },
  },
});

export const sanctionsList = (memberId: string): ListRef => collectionList(`sanctions#${memberId}`, memberPartition(memberId));
export const sanctionsQuery = (table: string, memberId: string, limit: number, start?: StartKey): QueryCommandInput =>
  collectionQuery(table, sanctionsList(memberId), 'SANCTION#', limit, start, true);

export const openAppealsList = (): ListRef => indexList('byModerationStatus', 'sanction-appeals', OPEN_APPEALS);
export const openAppealsQuery = (table: string, limit: number, start?: StartKey): QueryCommandInput =>
  indexQuery(table, 'byModerationStatus', openAppealsList(), limit, start, false);
