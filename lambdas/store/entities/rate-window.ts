/**
 * Rate window: a fixed-window counter per action, scope and member, counted with ADD and refused past
 * the limit by the write's own condition (no read first, so concurrent requests cannot overshoot).
 * Expires by TTL one window after it closes.
 *
 *   pk RATE#<action>#<scope>#<memberId>   sk WINDOW#<window start, epoch seconds>
 */
import type { UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import type { RateKey } from '../../domain/ports';
import { key, TTL, type Key } from '../expressions';
import { ITEM_TYPES } from './item-types';

export const rateWindowKey = (rate: RateKey, windowStart: number): Key => key(`RATE#${rate.action}#${rate.scope}#${rate.memberId}`, `WINDOW#${windowStart}`);

/** Counts one hit in the window starting at `windowStart`; refused once it holds `limit` hits. */
export const consumeRateWindow = (table: string, rate: RateKey, limit: number, windowStart: number, windowSeconds: number): UpdateCommandInput => ({
  TableName: table,
  Key: rateWindowKey(rate, windowStart),
  UpdateExpression: 'ADD hits :one SET #ttl = :expiresAt, #type = :type',
  ConditionExpression: 'attribute_not_exists(hits) OR hits < :limit',
  ExpressionAttributeNames: { '#ttl': TTL, '#type': 'type' },
  ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':expiresAt': windowStart + windowSeconds * 2, ':type': ITEM_TYPES.rateWindow },
});
