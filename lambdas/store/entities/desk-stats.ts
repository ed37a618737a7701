/**
 * The desk's counters, per community: small items each desk transition changes with `ADD` in its own
 * transaction (the moderation queue's counters, lambdas/store/entities/queue-stats.ts, under keys of
 * the community's own), so /v1/desk/stats and /v1/desk/slo read a few of them whatever the backlog.
 *
 *   pk DESKSTATS#<communityId>             sk BACKLOG                c#total, c#kind:<kind>: open items
 *   pk DESKSTATS#<communityId>#DUE         sk DAY#<YYYY-MM-DD>       h#<HH>: open items falling due in that hour
 *   pk DESKSTATS#<communityId>#DUE         sk HOUR#<YYYY-MM-DDTHH>   m#<MM>: open items falling due in that minute
 *   pk DESKSTATS#<communityId>#RESPONSES   sk DAY#<YYYY-MM-DD>       n#<kind>, met#<kind>, missed#<kind>, w#<kind>#<bucket>
 *   pk DESKSTATS#<communityId>#RESPONSES   sk HOUR#<YYYY-MM-DDTHH>   met, missed (burn rates)
 */
import type { GetCommandInput, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { DeskChange } from '../../desk/desk-item';
import type { DeskDaySummary, DeskHourSummary } from '../../desk/stats';
import { DESK_KINDS } from '../../desk/model';
import { readItem, type StoredItem } from '../attributes';
import { getItem, key, PK, SK, type TransactItem } from '../expressions';
import { ITEM_TYPES } from './item-types';
import { addCounters, backlogChangeItems, countersOf, dayRangeQuery, toBacklogCounters, toDueHours, toDueMinutes, type BacklogKeys } from './queue-stats';

const TYPE = ITEM_TYPES.deskStats;
/** Every desk counter's partition starts so; a community's backlog item is the one with sort key BACKLOG. */
export const DESK_STATS_PREFIX = 'DESKSTATS#';
export const DESK_BACKLOG_SK = 'BACKLOG';
const backlogPk = (communityId: string) => `${DESK_STATS_PREFIX}${communityId}`;

/** The community whose desk backlog counters these keys are (a stream record's), or undefined for any other item. */
export function deskBacklogCommunity(keys: Readonly<Record<string, unknown>>): string | undefined {
  const pk = keys[PK];
  return keys[SK] === DESK_BACKLOG_SK && typeof pk === 'string' && pk.startsWith(DESK_STATS_PREFIX) ? pk.slice(DESK_STATS_PREFIX.length) : undefined;
}
const duePk = (communityId: string) => `DESKSTATS#${communityId}#DUE`;
const responsesPk = (communityId: string) => `DESKSTATS#${communityId}#RESPONSES`;

const keysOf = (communityId: string): BacklogKeys => ({
  backlog: key(backlogPk(communityId), DESK_BACKLOG_SK),
  dueDay: (day) => key(duePk(communityId), `DAY#${day}`),
  dueHour: (hour) => key(duePk(communityId), `HOUR#${hour}`),
  type: TYPE,
});

/** The counter updates of one desk transition (one update per counter item: a transaction touches an item once). */
export function deskChangeItems(table: string, communityId: string, change: DeskChange): TransactItem[] {
  const items = backlogChangeItems(table, change, keysOf(communityId));
  const r = change.response;
  if (r) {
    const outcome = r.met ? 'met' : 'missed';
    items.push(
      addCounters(
        table,
        key(responsesPk(communityId), `DAY#${r.day}`),
        { [`n#${r.kind}`]: 1, [`${outcome}#${r.kind}`]: 1, [`w#${r.kind}#${r.bucket}`]: 1 },
        TYPE,
      ),
      addCounters(table, key(responsesPk(communityId), `HOUR#${r.hour}`), { [outcome]: 1 }, TYPE),
    );
  }
  return items;
}

export const getDeskBacklog = (table: string, communityId: string): GetCommandInput => getItem(table, keysOf(communityId).backlog);
export const getDeskDueHour = (table: string, communityId: string, hour: string): GetCommandInput => getItem(table, keysOf(communityId).dueHour(hour));
export const deskDueDaysQuery = (table: string, communityId: string, from: string, to: string): QueryCommandInput =>
  dayRangeQuery(table, duePk(communityId), from, to);
export const responseDaysQuery = (table: string, communityId: string, from: string, to: string): QueryCommandInput =>
  dayRangeQuery(table, responsesPk(communityId), from, to);

/** The hour summaries from `from` to `to` (YYYY-MM-DDTHH), inclusive. */
export const responseHoursQuery = (table: string, communityId: string, from: string, to: string): QueryCommandInput => ({
  TableName: table,
  KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
  ExpressionAttributeNames: { '#pk': PK, '#sk': SK },
  ExpressionAttributeValues: { ':pk': responsesPk(communityId), ':from': `HOUR#${from}`, ':to': `HOUR#${to}` },
});

export function toDeskDaySummary(item: StoredItem): DeskDaySummary {
  readItem(item, TYPE);
  const day = String(item[SK]).slice('DAY#'.length);
  return {
    day,
    byKind: Object.fromEntries(
      DESK_KINDS.map((kind) => [
        kind,
        {
          responded: countersOf(item, `n#${kind}`, TYPE)[''] ?? 0,
          met: countersOf(item, `met#${kind}`, TYPE)[''] ?? 0,
          missed: countersOf(item, `missed#${kind}`, TYPE)[''] ?? 0,
          waits: countersOf(item, `w#${kind}#`, TYPE),
        },
      ]),
    ) as DeskDaySummary['byKind'],
  };
}

export function toDeskHourSummary(item: StoredItem): DeskHourSummary {
  const read = readItem(item, TYPE);
  return { hour: String(item[SK]).slice('HOUR#'.length), met: read.optionalNumber('met') ?? 0, missed: read.optionalNumber('missed') ?? 0 };
}

export const toDeskBacklog = (item: StoredItem | undefined): Record<string, number> => toBacklogCounters(item, TYPE);
export const toDeskDueHours = (item: StoredItem): Record<string, number> => toDueHours(item, TYPE);
export const toDeskDueMinutes = (item: StoredItem | undefined, hour: string): Record<string, number> => toDueMinutes(item, hour, TYPE);
