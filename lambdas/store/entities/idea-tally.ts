/**
 * Idea tally: an idea's vote count and status, apart from the post, so a vote never rewrites the post
 * (about 1 KB, in three feed indexes with every attribute projected): it moves this small item and
 * its one keys-only byIdeasTop entry. The board lists tallies; the page then reads its posts by id.
 *
 *   pk POST#<postId>   sk TALLY
 *   byIdeasTop     COMMUNITY#<communityId>#IDEAS#<status> / voteCount (a number: ADD moves the entry)
 *   byIdeasNewest  COMMUNITY#<communityId>#IDEAS#<status> / <postId>   (ULIDs sort by time)
 */
import type { BatchGetCommandInput, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { IdeaStatus, Tally } from '../../ideas/model';
import { VOTING_OPEN } from '../../ideas/model';
import { readItem, type StoredItem } from '../attributes';
import type { ListRef, StartKey } from '../cursor';
import { indexList, indexQuery, indexes, key, PK, type Item, type Key, type TransactItem } from '../expressions';
import { ITEM_TYPES } from './item-types';

export const tallyKey = (postId: string): Key => key(`POST#${postId}`, 'TALLY');

export const boardPk = (communityId: string, status: IdeaStatus): string => `COMMUNITY#${communityId}#IDEAS#${status}`;

export const tallyItem = (t: Tally): Item => ({
  ...tallyKey(t.postId),
  type: ITEM_TYPES.ideaTally,
  [indexes.byIdeasTop.partitionKey]: boardPk(t.communityId, t.ideaStatus),
  [indexes.byIdeasNewest.sortKey]: t.postId,
  ...t,
});

export function toTally(item: StoredItem): Tally {
  const read = readItem(item, ITEM_TYPES.ideaTally);
  return {
    postId: read.string('postId'),
    communityId: read.string('communityId'),
    ideaStatus: read.string('ideaStatus') as IdeaStatus,
    voteCount: read.number('voteCount'),
  };
}

/** A new idea's tally, written with its post. */
export const putNewTally = (table: string, t: Tally): TransactItem => ({
  Put: { TableName: table, Item: tallyItem(t), ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': PK } },
});

const openValues = Object.fromEntries(VOTING_OPEN.map((s, i) => [`:open${i}`, s]));
/** The condition that the idea still takes votes. */
const votingOpen = `#ideaStatus IN (${Object.keys(openValues).join(', ')})`;

/** Moves the count by `delta`, only while the idea takes votes (position of the tally in a vote's transaction). */
export const countVote = (table: string, postId: string, delta: number): TransactItem => ({
  Update: {
    TableName: table,
    Key: tallyKey(postId),
    UpdateExpression: 'ADD voteCount :delta',
    ConditionExpression: `attribute_exists(#pk) AND ${votingOpen}`,
    ExpressionAttributeNames: { '#pk': PK, '#ideaStatus': 'ideaStatus' },
    ExpressionAttributeValues: { ':delta': delta, ...openValues },
  },
});

/**
 * Moves the count by `delta` whatever the status (a merge moving votes into an idea, or taking them
 * back); with `status`, only while the idea is still in it.
 */
export const adjustVotes = (table: string, postId: string, delta: number, status?: IdeaStatus): TransactItem => ({
  Update: {
    TableName: table,
    Key: tallyKey(postId),
    UpdateExpression: 'ADD voteCount :delta',
    ConditionExpression: status === undefined ? 'attribute_exists(#pk)' : 'attribute_exists(#pk) AND #ideaStatus = :status',
    ExpressionAttributeNames: { '#pk': PK, ...(status === undefined ? {} : { '#ideaStatus': 'ideaStatus' }) },
    ExpressionAttributeValues: { ':delta': delta, ...(status === undefined ? {} : { ':status': status }) },
  },
});

/** Moves the tally to the board of `status`, if it is still at `from` (so only if it exists: no read needed first). */
export const moveTally = (table: string, t: Pick<Tally, 'postId' | 'communityId'>, from: IdeaStatus, status: IdeaStatus): TransactItem => ({
  Update: {
    TableName: table,
    Key: tallyKey(t.postId),
    UpdateExpression: 'SET #ideaStatus = :status, #ideasPk = :board',
    ConditionExpression: '#ideaStatus = :from',
    ExpressionAttributeNames: { '#ideaStatus': 'ideaStatus', '#ideasPk': indexes.byIdeasTop.partitionKey },
    ExpressionAttributeValues: { ':status': status, ':board': boardPk(t.communityId, status), ':from': from },
  },
});

/** Tallies by post id, one BatchGet (a page). */
export const getTallies = (table: string, postIds: readonly string[], consistent = false): BatchGetCommandInput => ({
  RequestItems: { [table]: { Keys: postIds.map(tallyKey), ConsistentRead: consistent } },
});

export const boardList = (communityId: string, status: IdeaStatus, sort: 'top' | 'new'): ListRef =>
  indexList(sort === 'top' ? 'byIdeasTop' : 'byIdeasNewest', `ideas#${communityId}#${status}#${sort}`, boardPk(communityId, status));

/** One page of a community's board of one status: most votes first, or newest first. */
export const boardQuery = (table: string, communityId: string, status: IdeaStatus, sort: 'top' | 'new', limit: number, start?: StartKey): QueryCommandInput =>
  indexQuery(table, sort === 'top' ? 'byIdeasTop' : 'byIdeasNewest', boardList(communityId, status, sort), limit, start, true);

/** Refuses the transaction unless the idea's tally is in one of `statuses` (the target of a merge). */
export const tallyIn = (table: string, postId: string, statuses: readonly IdeaStatus[]): TransactItem => {
  const values = Object.fromEntries(statuses.map((s, i) => [`:s${i}`, s]));
  return {
    ConditionCheck: {
      TableName: table,
      Key: tallyKey(postId),
      ConditionExpression: `#ideaStatus IN (${Object.keys(values).join(', ')})`,
      ExpressionAttributeNames: { '#ideaStatus': 'ideaStatus' },
      ExpressionAttributeValues: values,
    },
  };
};
