/**
 * Rate window: one member's sliding-window allowance for one action and scope, kept as a GCRA
 * "theoretical arrival time" (`tat`, epoch ms): the moment the member's bucket is full again. A limit
 * of L units per window W refills one unit every W / L; a request of c units is admitted while
 * max(tat, now) + c × W / L stays within one window of now. Each builder is one conditional
 * UpdateItem, so concurrent requests cannot overshoot; expires by TTL once the bucket is full again.
 *
 *   pk RATE#<memberId>   sk <action>#<scope>
 *
 * Member first: export and erasure find a member's windows with one Query of their partition, so the
 * item carries no index keys and a refill writes the item alone (byMember keys on it cost 1 WRU more
 * a refill where they are counted). The partition is the member's own: the limits bound its rate.
 * Items of the earlier shape (pk RATE#<action>#<scope>#<memberId>, sk BUCKET, byMember keys) expire
 * by TTL within a window; until then erasure finds them through byMember (member-data/registry.ts).
 */
import type { UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import type { RateKey } from '../../domain/ports';
import { key, TTL, type Key } from '../expressions';
import { ITEM_TYPES } from './item-types';

/** The partition holding every rate window of one member. */
export const rateWindowsPartition = (memberId: string): string => `RATE#${memberId}`;

export const rateWindowKey = (rate: RateKey): Key => key(rateWindowsPartition(rate.memberId), `${rate.action}#${rate.scope}`);

export interface RateSpend {
  /** Epoch ms of the request. */
  readonly now: number;
  /** What the request costs, in ms of refill: its units × window / limit. */
  readonly spend: number;
  /** The window, in ms: the furthest ahead of now the bucket may run. */
  readonly window: number;
}

/** No state is kept past the moment the bucket would be full anyway. */
const expiresAt = ({ now, window }: RateSpend) => Math.ceil((now + window) / 1000);

/**
 * Admits a request into a full bucket (a member idle for a while: the usual case), starting it over
 * at now + spend. Refused when the bucket is still draining; the old item comes back with the refusal.
 */
export const spendFromFullBucket = (table: string, rate: RateKey, spend: RateSpend): UpdateCommandInput => ({
  TableName: table,
  Key: rateWindowKey(rate),
  UpdateExpression: 'SET tat = :next, #ttl = :expiresAt, #type = :type',
  ConditionExpression: 'attribute_not_exists(tat) OR tat <= :now',
  ExpressionAttributeNames: { '#ttl': TTL, '#type': 'type' },
  ExpressionAttributeValues: { ':next': spend.now + spend.spend, ':now': spend.now, ':expiresAt': expiresAt(spend), ':type': ITEM_TYPES.rateWindow },
  ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
});

/**
 * Admits a request into a bucket still draining, as long as it ends up at most one window ahead of
 * now. Refused when that would overrun, or when the bucket changed to full meanwhile; the old item
 * comes back with the refusal.
 */
export const spendFromDrainingBucket = (table: string, rate: RateKey, spend: RateSpend): UpdateCommandInput => ({
  TableName: table,
  Key: rateWindowKey(rate),
  UpdateExpression: 'ADD tat :spend SET #ttl = :expiresAt',
  ConditionExpression: 'tat > :now AND tat <= :latest',
  ExpressionAttributeNames: { '#ttl': TTL },
  ExpressionAttributeValues: { ':spend': spend.spend, ':now': spend.now, ':latest': spend.now + spend.window - spend.spend, ':expiresAt': expiresAt(spend) },
  ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
});
