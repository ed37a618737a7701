/**
 * Idea vote: one item per idea and member, so a member votes once (the Put's condition), counted on
 * the idea's tally in the same transaction. `charged`: whether it holds a unit of the member's vote
 * budget (lambdas/ideas/model.ts); the unit is handed back when the idea closes. Taking a vote back leaves a tombstone (`removedAt`,
 * expiring after a day) like a reaction's, so the lake's idea.unvoted has its time; the tombstone
 * stays in byVoter (its keys do not change, so taking a vote back writes nothing to the keys-only
 * index), so erasure finds it too until it expires.
 *
 *   pk POST#<postId>   sk VOTE#<memberId>
 *   byVoter  MEMBER#<memberId> / <communityId>#<postId>   (a member's votes and tombstones: export, erasure)
 */
import type { BatchGetCommandInput, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Vote } from '../../ideas/model';
import { readItem, type StoredItem } from '../attributes';
import type { ListRef, StartKey } from '../cursor';
import { collectionList, collectionQuery, indexList, indexQuery, indexes, key, PK, TTL, type Item, type Key, type TransactItem } from '../expressions';
import { ITEM_TYPES } from './item-types';

const VOTE = 'VOTE#';

export const voteKey = (postId: string, memberId: string): Key => key(`POST#${postId}`, `${VOTE}${memberId}`);
const voterPk = (memberId: string) => `MEMBER#${memberId}`;

export const voteItem = (v: Vote): Item => ({
  ...voteKey(v.postId, v.memberId),
  type: ITEM_TYPES.ideaVote,
  [indexes.byVoter.partitionKey]: voterPk(v.memberId),
  [indexes.byVoter.sortKey]: `${v.communityId}#${v.postId}`,
  ...v,
  ...(v.movedFrom === undefined ? {} : { movedFrom: v.movedFrom }),
  ...(v.charged === undefined ? {} : { charged: v.charged }),
});

/** A live vote (not a tombstone). */
export const isLiveVote = (item: StoredItem): boolean => item.type === ITEM_TYPES.ideaVote && item.removedAt === undefined;

export function toVote(item: StoredItem): Vote {
  const read = readItem(item, ITEM_TYPES.ideaVote);
  const movedFrom = read.optionalString('movedFrom');
  const charged = item.charged === undefined ? undefined : read.boolean('charged');
  return {
    postId: read.string('postId'),
    communityId: read.string('communityId'),
    memberId: read.string('memberId'),
    votedAt: read.string('votedAt'),
    day: read.string('day'),
    ...(movedFrom === undefined ? {} : { movedFrom }),
    ...(charged === undefined ? {} : { charged }),
  };
}

/** The condition that a vote's budget unit is as read: held, handed back, or never taken (cast without a budget). */
const chargedAs = (charged: boolean | undefined) =>
  charged === undefined
    ? { expression: 'attribute_not_exists(charged)', values: {} }
    : { expression: 'charged = :chargedWas', values: { ':chargedWas': charged } };

/** The member's vote, once: refused if they already vote for the idea (a tombstone is replaced). */
export const putVote = (table: string, v: Vote): TransactItem => ({
  Put: {
    TableName: table,
    Item: voteItem(v),
    ConditionExpression: 'attribute_not_exists(#pk) OR attribute_exists(removedAt)',
    ExpressionAttributeNames: { '#pk': PK },
  },
});

/** How long a taken-back vote's tombstone stays (it only has to outlive the stream's 24 hours of records). */
export const REMOVED_VOTE_SECONDS = 24 * 60 * 60;

/**
 * Takes the member's vote back `at`, if they still vote, its budget unit as read (`chargedWas`), and
 * (for a merge undone) only the vote it moved from `movedFrom`.
 */
export const removeVote = (table: string, postId: string, memberId: string, at: Date, chargedWas: boolean | undefined, movedFrom?: string): TransactItem => {
  const charged = chargedAs(chargedWas);
  return {
    Update: {
      TableName: table,
      Key: voteKey(postId, memberId),
      UpdateExpression: `SET removedAt = :at, #ttl = :expires${movedFrom ? ', movedBack = :true' : ''}`,
      ConditionExpression: `attribute_exists(#pk) AND attribute_not_exists(removedAt) AND ${charged.expression}${movedFrom ? ' AND movedFrom = :from' : ''}`,
      ExpressionAttributeNames: { '#pk': PK, '#ttl': TTL },
      ExpressionAttributeValues: {
        ':at': at.toISOString(),
        ':expires': Math.floor(at.getTime() / 1000) + REMOVED_VOTE_SECONDS,
        ...charged.values,
        ...(movedFrom ? { ':from': movedFrom, ':true': true } : {}),
      },
    },
  };
};

/** Marks a live vote's budget unit held (`to` true) or handed back (false), if it is still the other way. */
export const setCharged = (table: string, postId: string, memberId: string, to: boolean): TransactItem => ({
  Update: {
    TableName: table,
    Key: voteKey(postId, memberId),
    UpdateExpression: 'SET charged = :to',
    ConditionExpression: 'attribute_exists(#pk) AND attribute_not_exists(removedAt) AND charged = :from',
    ExpressionAttributeNames: { '#pk': PK },
    ExpressionAttributeValues: { ':to': to, ':from': !to },
  },
});

/**
 * Erasure: deletes the vote if it is still as read (live, or a tombstone), so a retried erasure
 * never counts a vote off its tally twice: the caller adds the tally's -1 to the same transaction.
 */
export const eraseVote = (table: string, item: StoredItem): TransactItem => ({
  Delete: {
    TableName: table,
    Key: voteKey(String(item.postId), String(item.memberId)),
    ConditionExpression: `attribute_exists(#pk) AND ${item.removedAt === undefined ? 'attribute_not_exists(removedAt)' : 'attribute_exists(removedAt)'}`,
    ExpressionAttributeNames: { '#pk': PK },
  },
});

/** Whether members vote for an idea: up to 100 keys in one BatchGet. */
export const getVotes = (table: string, postId: string, memberIds: readonly string[], consistent = false): BatchGetCommandInput => ({
  RequestItems: { [table]: { Keys: memberIds.map((m) => voteKey(postId, m)), ConsistentRead: consistent } },
});

/** One member's votes on several ideas (a board page's viewerHasVoted). */
export const getVotesOf = (table: string, postIds: readonly string[], memberId: string): BatchGetCommandInput => ({
  RequestItems: { [table]: { Keys: postIds.map((p) => voteKey(p, memberId)) } },
});

export const votesList = (postId: string): ListRef => collectionList(`votes#${postId}`, `POST#${postId}`);

/** An idea's votes (tombstones included), by member id: a merge walks them a page at a time. */
export const votesQuery = (table: string, postId: string, limit: number, afterMemberId: string | null): QueryCommandInput => ({
  ...collectionQuery(table, votesList(postId), VOTE, limit, afterMemberId ? voteKey(postId, afterMemberId) : undefined, false),
  ConsistentRead: true,
});

export const voterList = (memberId: string): ListRef => indexList('byVoter', `voter#${memberId}`, voterPk(memberId));

/** A member's votes (and tombstones of a day), by community and idea. */
export const voterQuery = (table: string, memberId: string, limit: number, start?: StartKey): QueryCommandInput =>
  indexQuery(table, 'byVoter', voterList(memberId), limit, start, false);
