/**
 * Content fingerprint: a hash of text a member posted, kept a day (TTL) for the repeated-content rule.
 * The text itself is never stored.
 *
 *   pk CONTENT#<memberId>#<sha256>   sk CONTENT
 */
import type { GetCommandInput } from '@aws-sdk/lib-dynamodb';
import type { ScreeningWrites } from '../../domain/ports';
import { readItem, type StoredItem } from '../attributes';
import { getItem, key, TTL, type Key, type TransactItem, memberKeys } from '../expressions';
import { ITEM_TYPES } from './item-types';

type Fingerprint = NonNullable<ScreeningWrites['fingerprint']>;

export const fingerprintKey = (memberId: string, hash: string): Key => key(`CONTENT#${memberId}#${hash}`, 'CONTENT');

export const putFingerprint = (table: string, f: Fingerprint): TransactItem => ({
  Put: {
    TableName: table,
    Item: { ...fingerprintKey(f.memberId, f.hash), type: ITEM_TYPES.contentFingerprint, ...memberKeys(f.memberId, `CONTENT#${f.hash}`), [TTL]: f.expiresAt },
  },
});

export const getFingerprint = (table: string, memberId: string, hash: string): GetCommandInput => getItem(table, fingerprintKey(memberId, hash));

/** Whether a fingerprint is still live at `now`: TTL deletion is lazy, an expired item may still be read. */
export const isLiveFingerprint = (item: StoredItem | undefined, now: Date): boolean =>
  item !== undefined && readItem(item, ITEM_TYPES.contentFingerprint).number(TTL) > now.getTime() / 1000;
