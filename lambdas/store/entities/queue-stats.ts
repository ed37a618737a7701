/**
 * Moderation stats counters: small items the item transitions change with `ADD` in their own
 * transactions, so the stats route reads a few of them whatever the backlog. A counter that falls
 * back to 0 stays as 0 (read as absent).
 *
 *   pk MODSTATS#BACKLOG     sk TOTALS                  c#total, c#senior, c#priority:<p>, c#community:<id>
 *   pk MODSTATS#DUE         sk DAY#<YYYY-MM-DD>        h#<HH>: open items falling due in that hour
 *   pk MODSTATS#DUE         sk HOUR#<YYYY-MM-DDTHH>    m#<MM>: open items falling due in that minute
 *   pk MODSTATS#DECISIONS   sk DAY#<YYYY-MM-DD>        count, mod#<moderatorId>, wait#<bucket seconds>
 *
 * The oldest waiting item is the head of byWaitingSince (moderation-item.ts), not a counter.
 */
import type { GetCommandInput, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { AuditWrite } from '../../moderation/plan';
import { type BacklogChange, type DecisionSummary, waitBucketOf } from '../../moderation/stats';
import { readItem, type StoredItem } from '../attributes';
import { getItem, key, PK, SK, type Key, type TransactItem } from '../expressions';
import { ITEM_TYPES, type ItemType } from './item-types';

const BACKLOG_PK = 'MODSTATS#BACKLOG';
const DUE_PK = 'MODSTATS#DUE';
const DECISIONS_PK = 'MODSTATS#DECISIONS';

export const backlogKey = (): Key => key(BACKLOG_PK, 'TOTALS');

/** Whether a stream record's keys are the backlog counters item's (the live queue counts follow it). */
export const isBacklogTotals = (keys: Readonly<Record<string, unknown>>): boolean => keys[PK] === BACKLOG_PK && keys[SK] === 'TOTALS';
export const dueDayKey = (day: string): Key => key(DUE_PK, `DAY#${day}`);
export const dueHourKey = (hour: string): Key => key(DUE_PK, `HOUR#${hour}`);
export const decisionDayKey = (day: string): Key => key(DECISIONS_PK, `DAY#${day}`);

/** One `SET type ADD a :a, b :b` update of a counter item (attribute names aliased: ids may hold any character). */
export function addCounters(
  table: string,
  itemKey: Key,
  counters: Readonly<Record<string, number>>,
  type: ItemType = ITEM_TYPES.moderationStats,
): TransactItem {
  const names: Record<string, string> = { '#type': 'type' };
  const values: Record<string, unknown> = { ':type': type };
  const adds = Object.entries(counters).map(([attribute, by], n) => {
    names[`#c${n}`] = attribute;
    values[`:c${n}`] = by;
    return `#c${n} :c${n}`;
  });
  return {
    Update: {
      TableName: table,
      Key: itemKey,
      UpdateExpression: `SET #type = :type ADD ${adds.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

const groupBy = (entries: Readonly<Record<string, number>>, itemOf: (bucket: string) => string, attributeOf: (bucket: string) => string) => {
  const groups = new Map<string, Record<string, number>>();
  for (const [bucket, by] of Object.entries(entries)) {
    const group = groups.get(itemOf(bucket)) ?? {};
    group[attributeOf(bucket)] = by;
    groups.set(itemOf(bucket), group);
  }
  return groups;
};

/** Where a queue keeps its backlog and due-time counters (the moderation queue's by default). */
export interface BacklogKeys {
  readonly backlog: Key;
  readonly dueDay: (day: string) => Key;
  readonly dueHour: (hour: string) => Key;
  readonly type: ItemType;
}

const MODERATION_KEYS: BacklogKeys = { backlog: backlogKey(), dueDay: dueDayKey, dueHour: dueHourKey, type: ITEM_TYPES.moderationStats };

/** The counter updates of one transition: one update per counter item it touches (a transaction may touch an item once). */
export function backlogChangeItems(table: string, change: BacklogChange, keys: BacklogKeys = MODERATION_KEYS): TransactItem[] {
  const items: TransactItem[] = [];
  if (Object.keys(change.counters).length > 0) {
    items.push(addCounters(table, keys.backlog, Object.fromEntries(Object.entries(change.counters).map(([name, by]) => [`c#${name}`, by])), keys.type));
  }
  // Hours YYYY-MM-DDTHH: day item, attribute h#HH. Minutes YYYY-MM-DDTHH:MM: hour item, attribute m#MM.
  for (const [day, counters] of groupBy(
    change.dueHours,
    (hour) => hour.slice(0, 10),
    (hour) => `h#${hour.slice(11, 13)}`,
  )) {
    items.push(addCounters(table, keys.dueDay(day), counters, keys.type));
  }
  for (const [hour, counters] of groupBy(
    change.dueMinutes,
    (minute) => minute.slice(0, 13),
    (minute) => `m#${minute.slice(14, 16)}`,
  )) {
    items.push(addCounters(table, keys.dueHour(hour), counters, keys.type));
  }
  return items;
}

/** A decision counted into its day's summary: the count, its moderator, its wait's bucket. */
export const decisionSummaryItem = (table: string, audit: AuditWrite): TransactItem =>
  addCounters(table, decisionDayKey(audit.entry.at.slice(0, 10)), {
    count: 1,
    [`mod#${audit.entry.actorId}`]: 1,
    [`wait#${waitBucketOf(audit.waitedSeconds ?? 0)}`]: 1,
  });

export const getBacklog = (table: string): GetCommandInput => getItem(table, backlogKey());
export const getDueHour = (table: string, hour: string): GetCommandInput => getItem(table, dueHourKey(hour));

export const dayRangeQuery = (table: string, pk: string, from: string, to: string): QueryCommandInput => ({
  TableName: table,
  KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
  ExpressionAttributeNames: { '#pk': PK, '#sk': SK },
  ExpressionAttributeValues: { ':pk': pk, ':from': `DAY#${from}`, ':to': `DAY#${to}` },
});

/** The due-hour counters of the days from `from` to `to` (YYYY-MM-DD), inclusive. */
export const dueDaysQuery = (table: string, from: string, to: string, pk = DUE_PK): QueryCommandInput => dayRangeQuery(table, pk, from, to);

/** The decision summaries of the days from `from` to `to` (YYYY-MM-DD), inclusive. */
export const decisionDaysQuery = (table: string, from: string, to: string): QueryCommandInput => dayRangeQuery(table, DECISIONS_PK, from, to);

/** The counters of an item whose attributes start with `prefix`, by the rest of their name; each must be a number. */
export function countersOf(item: StoredItem | undefined, prefix: string, type: ItemType = ITEM_TYPES.moderationStats): Record<string, number> {
  if (!item) return {};
  const read = readItem(item, type);
  return Object.fromEntries(
    Object.keys(item)
      .filter((name) => name.startsWith(prefix))
      .map((name) => [name.slice(prefix.length), read.number(name)]),
  );
}

export const toBacklogCounters = (item: StoredItem | undefined, type?: ItemType): Record<string, number> => countersOf(item, 'c#', type);

/** A due-day item's counters by hour (YYYY-MM-DDTHH). */
export function toDueHours(item: StoredItem, type?: ItemType): Record<string, number> {
  const day = String(item[SK]).slice('DAY#'.length);
  return Object.fromEntries(Object.entries(countersOf(item, 'h#', type)).map(([hh, count]) => [`${day}T${hh}`, count]));
}

/** A due-hour item's counters by minute (YYYY-MM-DDTHH:MM). */
export function toDueMinutes(item: StoredItem | undefined, hour: string, type?: ItemType): Record<string, number> {
  return Object.fromEntries(Object.entries(countersOf(item, 'm#', type)).map(([mm, count]) => [`${hour}:${mm}`, count]));
}

export function toDecisionSummary(item: StoredItem): DecisionSummary {
  const read = readItem(item, ITEM_TYPES.moderationStats);
  return { count: read.number('count'), byModerator: countersOf(item, 'mod#'), waits: countersOf(item, 'wait#') };
}
