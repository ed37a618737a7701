/**
 * Create marker: written in the transaction of a create that carries a request key (an
 * Idempotency-Key), so the create happens once per key whatever crashes between its write and its
 * answer. Kept a day (TTL), like the Powertools idempotency records.
 *
 *   pk ONCE#<memberId>   sk <requestId>
 *
 * Member first: export and erasure find a member's markers with one Query of their partition, so a
 * marker carries no index keys and a create writes it alone (byMember keys on it cost 2 WRU more in a
 * create's transaction). The partition is the member's own: the rate limits bound its creates.
 * Markers of the earlier shape (pk ONCE#<memberId>#<requestId>, sk ONCE, byMember keys) expire by TTL
 * within a day; until then erasure finds them through byMember (member-data/registry.ts).
 */
import type { CreateMarker } from '../../domain/once';
import { readItem, type StoredItem } from '../attributes';
import type { GetCommandInput } from '@aws-sdk/lib-dynamodb';
import { getItem, isNew, key, TTL, type Key, type TransactItem } from '../expressions';
import { ITEM_TYPES } from './item-types';

/** The partition holding every create marker of one member. */
export const createMarkersPartition = (memberId: string): string => `ONCE#${memberId}`;

export const createMarkerKey = (memberId: string, requestId: string): Key => key(createMarkersPartition(memberId), requestId);

/**
 * The marker's Put: refused when the key was already served, and then hands back the earlier marker
 * (ALL_OLD in the cancellation reason), so a replay needs no read of its own.
 */
export const putCreateMarker = (table: string, marker: CreateMarker): TransactItem => ({
  Put: {
    TableName: table,
    Item: {
      ...createMarkerKey(marker.memberId, marker.requestId),
      type: ITEM_TYPES.createMarker,
      fingerprint: marker.fingerprint,
      resourceId: marker.resourceId,
      answer: marker.answer,
      [TTL]: marker.expiresAt,
    },
    ...isNew,
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  },
});

/** Strongly consistent: a retry right after a crash must see the marker the first attempt committed. */
export const getCreateMarker = (table: string, memberId: string, requestId: string): GetCommandInput =>
  getItem(table, createMarkerKey(memberId, requestId), true);

/** Whether a marker is still live at `now`: TTL deletion is lazy, an expired marker may still be read. */
export const isLiveMarker = (item: StoredItem, now: Date): boolean => readItem(item, ITEM_TYPES.createMarker).number(TTL) > now.getTime() / 1000;

/** What a replay needs of an earlier marker, checked. */
export function toEarlierCreate(item: StoredItem): { fingerprint: string; resourceId: string; answer: string } {
  const read = readItem(item, ITEM_TYPES.createMarker);
  return { fingerprint: read.string('fingerprint'), resourceId: read.string('resourceId'), answer: read.string('answer') };
}
