/**
 * Erasure audit: who asked for an erasure, when, and how many items of each kind were erased. It
 * holds no member id, name or text of the member: it outlives them.
 *
 *   pk ERASURE#<erasureId>   sk ERASURE
 */
import type { ErasureAudit } from '../../members/member-data';
import { readItem, type StoredItem } from '../attributes';
import { getItem, key, type Key } from '../expressions';
import { ITEM_TYPES } from './item-types';

export const erasureAuditKey = (erasureId: string): Key => key(`ERASURE#${erasureId}`, 'ERASURE');

/** No counts yet (accepted): no attribute, never an empty map (DynamoDB Local's stream cannot carry one). */
export const putErasureAudit = (table: string, { counts, ...audit }: ErasureAudit) => ({
  TableName: table,
  Item: { ...erasureAuditKey(audit.erasureId), type: ITEM_TYPES.erasureAudit, ...audit, ...(Object.keys(counts).length > 0 ? { counts } : {}) },
});

export const getErasureAudit = (table: string, erasureId: string) => getItem(table, erasureAuditKey(erasureId), true);

export function toErasureAudit(item: StoredItem): ErasureAudit {
  const read = readItem(item, ITEM_TYPES.erasureAudit);
  return {
    erasureId: read.string('erasureId'),
    requestedBy: read.string('requestedBy') as ErasureAudit['requestedBy'],
    managerId: read.nullableString('managerId'),
    reference: read.nullableString('reference'),
    content: read.string('content') as ErasureAudit['content'],
    requestedAt: read.string('requestedAt'),
    status: read.string('status') as ErasureAudit['status'],
    erasedAt: read.nullableString('erasedAt'),
    counts: read.optionalMap<Record<string, number>>('counts') ?? {},
  };
}
