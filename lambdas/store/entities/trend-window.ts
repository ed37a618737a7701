/**
 * Trend window: an idea's votes in the 7 days up to a day (`trendVotes`, what trending sorts by) and
 * the votes cast on that day itself (`dayVotes`, what leaves the window 7 days later). A vote adds 1
 * to both on today's window, in the vote's transaction; the daily carry (lambdas/ideas/trending.ts)
 * starts each day's window of every idea still trending from the day before: trend(D) =
 * trend(D-1) - day(D-7), plus the day's own votes. ADD commutes, so votes before the carry are kept.
 * Windows expire 9 days after their day (TTL); a closed idea's window leaves the index.
 *
 *   pk POST#<postId>   sk TREND#<day>
 *   byIdeasTrending  COMMUNITY#<communityId>#TREND#<day> / trendVotes (a number)
 */
import type { BatchGetCommandInput, QueryCommandInput, UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { addDays, TRENDING_DAYS, type Vote } from '../../ideas/model';
import { readItem, type StoredItem } from '../attributes';
import type { ListRef, StartKey } from '../cursor';
import { indexList, indexQuery, indexes, key, PK, TTL, type Key, type TransactItem } from '../expressions';
import { ITEM_TYPES } from './item-types';

export const windowKey = (postId: string, day: string): Key => key(`POST#${postId}`, `TREND#${day}`);
const trendPk = (communityId: string, day: string) => `COMMUNITY#${communityId}#TREND#${day}`;

/** Seconds a window is kept after its day starts: it is read for 7 days, then once more by the carry. */
const KEEP_SECONDS = 9 * 86_400;
const expiresAt = (day: string) => Math.floor(Date.parse(`${day}T00:00:00Z`) / 1000) + KEEP_SECONDS;

export interface TrendWindow {
  readonly postId: string;
  readonly day: string;
  readonly trendVotes: number;
  readonly dayVotes: number;
  readonly carried: boolean;
}

export function toTrendWindow(item: StoredItem): TrendWindow {
  const read = readItem(item, ITEM_TYPES.trendWindow);
  return {
    postId: read.string('postId'),
    day: read.string('day'),
    trendVotes: read.optionalNumber('trendVotes') ?? 0,
    dayVotes: read.optionalNumber('dayVotes') ?? 0,
    carried: item.carried === true,
  };
}

const upsert = (postId: string, communityId: string, day: string) => ({
  names: { '#type': 'type', '#trendPk': indexes.byIdeasTrending.partitionKey, '#ttl': TTL },
  values: {
    ':type': ITEM_TYPES.trendWindow,
    ':postId': postId,
    ':communityId': communityId,
    ':day': day,
    ':pk': trendPk(communityId, day),
    ':expires': expiresAt(day),
  },
  set: '#type = :type, postId = :postId, communityId = :communityId, #day = :day, #trendPk = :pk, #ttl = :expires',
});

/**
 * Adds `trend` to the window of `day` and `dayVotes` to the votes cast on it (a vote: 1 and 1 today;
 * a vote taken back: -1 on today's window and -1 on its own day's, which may be the same item).
 */
export function countInWindow(table: string, postId: string, communityId: string, day: string, trend: number, dayVotes: number): TransactItem {
  const u = upsert(postId, communityId, day);
  return {
    Update: {
      TableName: table,
      Key: windowKey(postId, day),
      UpdateExpression: `SET ${u.set} ADD trendVotes :trend, dayVotes :dayVotes`,
      ExpressionAttributeNames: { ...u.names, '#day': 'day' },
      ExpressionAttributeValues: { ...u.values, ':trend': trend, ':dayVotes': dayVotes },
    },
  };
}

/** Only the votes cast on `day` (a vote taken back on a later day: its own day's count, so the carry drops the right number). */
export const countDayVotes = (table: string, postId: string, day: string, delta: number): TransactItem => ({
  Update: {
    TableName: table,
    Key: windowKey(postId, day),
    UpdateExpression: 'ADD dayVotes :delta',
    ConditionExpression: 'attribute_exists(#pk)',
    ExpressionAttributeNames: { '#pk': PK },
    ExpressionAttributeValues: { ':delta': delta },
  },
});

/** Starts `day`'s window from the day before, once (a second carry of the same day changes nothing). */
export function carryInto(table: string, postId: string, communityId: string, day: string, carry: number): UpdateCommandInput {
  const u = upsert(postId, communityId, day);
  return {
    TableName: table,
    Key: windowKey(postId, day),
    UpdateExpression: `SET ${u.set}, carried = :true ADD trendVotes :carry`,
    ConditionExpression: 'attribute_not_exists(carried)',
    ExpressionAttributeNames: { ...u.names, '#day': 'day' },
    ExpressionAttributeValues: { ...u.values, ':carry': carry, ':true': true },
  };
}

/** Takes a closing idea's window of `day` out of trending (it stays for the carry's arithmetic). */
export const leaveTrending = (table: string, postId: string, day: string): UpdateCommandInput => ({
  TableName: table,
  Key: windowKey(postId, day),
  UpdateExpression: 'REMOVE #trendPk',
  ConditionExpression: 'attribute_exists(#pk)',
  ExpressionAttributeNames: { '#pk': PK, '#trendPk': indexes.byIdeasTrending.partitionKey },
});

export const getWindows = (table: string, keys: readonly { postId: string; day: string }[]): BatchGetCommandInput => ({
  RequestItems: { [table]: { Keys: keys.map((k) => windowKey(k.postId, k.day)), ConsistentRead: true } },
});

export const trendingList = (communityId: string, day: string): ListRef =>
  indexList('byIdeasTrending', `trending#${communityId}#${day}`, trendPk(communityId, day));

/** One page of a community's ideas by votes in the 7 days up to `day`, most first. */
export const trendingQuery = (table: string, communityId: string, day: string, limit: number, start?: StartKey): QueryCommandInput =>
  indexQuery(table, 'byIdeasTrending', trendingList(communityId, day), limit, start, true);

/** The mark that `day`'s carry ran in every community (kept 9 days). */
export const carriedMarkKey = (day: string): Key => key('TRENDING', `CARRIED#${day}`);
export const putCarriedMark = (table: string, day: string) => ({
  TableName: table,
  Item: { ...carriedMarkKey(day), type: ITEM_TYPES.trendWindow, day, [TTL]: expiresAt(day) },
});

/**
 * What a vote leaving its idea (taken back, or erased with its member) takes from the trend windows
 * `today`: a vote cast in the last 7 days leaves today's window and its own day's count (what the
 * carry drops later); a vote moved in by a merge was never counted in them.
 */
export function withdrawVote(table: string, cast: Pick<Vote, 'postId' | 'communityId' | 'day' | 'movedFrom'>, today: string): TransactItem[] {
  if (cast.movedFrom || cast.day <= addDays(today, -TRENDING_DAYS)) return [];
  if (cast.day === today) return [countInWindow(table, cast.postId, cast.communityId, today, -1, -1)];
  return [countInWindow(table, cast.postId, cast.communityId, today, -1, 0), countDayVotes(table, cast.postId, cast.day, -1)];
}
