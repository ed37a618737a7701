/**
 * Ledger measures: one community-week's lake measures as the scheduled job computed them (Athena in
 * AWS, DuckDB locally), so GET /v1/finance/ledger reads a few items instead of querying the lake.
 *
 *   pk LEDGER#<communityId>   sk WEEK#<YYYY-MM-DD> (the week's Monday)   measures, engine, computedAt
 *
 * A run rewrites the weeks it measured (PutItem): the newest computation wins, nothing to merge.
 */
import type { PutCommandInput, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { StoredWeekMeasures } from '../../finance/ledger-measures';
import type { WeekMeasures } from '../../finance/value';
import { MalformedItemError, readItem, type StoredItem } from '../attributes';
import type { StartKey } from '../cursor';
import { key, PK, SK } from '../expressions';
import { ITEM_TYPES } from './item-types';

const TYPE = ITEM_TYPES.ledgerMeasures;
const pkOf = (communityId: string) => `LEDGER#${communityId}`;

export const putLedgerMeasures = (table: string, week: StoredWeekMeasures): PutCommandInput => ({
  TableName: table,
  Item: {
    ...key(pkOf(week.communityId), `WEEK#${week.weekStart}`),
    type: TYPE,
    communityId: week.communityId,
    weekStart: week.weekStart,
    measures: week.measures,
    engine: week.engine,
    computedAt: week.computedAt,
  },
});

/** The stored weeks of a community from `from` to `to` (Mondays, YYYY-MM-DD), inclusive, oldest first. */
export const ledgerMeasuresQuery = (table: string, communityId: string, from: string, to: string, start?: StartKey): QueryCommandInput => ({
  TableName: table,
  KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
  ExpressionAttributeNames: { '#pk': PK, '#sk': SK },
  ExpressionAttributeValues: { ':pk': pkOf(communityId), ':from': `WEEK#${from}`, ':to': `WEEK#${to}` },
  ...(start ? { ExclusiveStartKey: start } : {}),
});

export function toStoredWeekMeasures(item: StoredItem): StoredWeekMeasures {
  const read = readItem(item, TYPE);
  const measures = read.map<Record<string, unknown>>('measures');
  for (const [name, value] of Object.entries(measures)) {
    if (value !== null && typeof value !== 'number')
      throw new MalformedItemError(`ledger-measures item ${read.string('weekStart')}: measure ${name} must be a number or null`);
  }
  return {
    communityId: read.string('communityId'),
    weekStart: read.string('weekStart'),
    measures: measures as WeekMeasures,
    engine: read.string('engine'),
    computedAt: read.string('computedAt'),
  };
}
