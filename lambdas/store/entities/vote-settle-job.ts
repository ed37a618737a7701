/**
 * Vote settle job: an idea closed (shipped, declined) or opened again, and its budgeted votes hand
 * their units back to their members' vote budgets (or take them again), a page of voters at a time.
 * Each step is one transaction that flips each vote's `charged` on the condition that it is still
 * the other way, adjusts each member's budget counter, and advances `cursor` on the condition that
 * the job is still where the step started: a step retried or run twice commits once, and a vote is
 * settled once whatever runs. A running job is listed (byIdeasNewest, as merge jobs are) for the
 * ideas worker; a finished one leaves the list. A later status change replaces the job.
 *
 *   pk POST#<postId>   sk VOTE-SETTLE
 *   byIdeasNewest  SETTLES#running / <startedAt>#<postId>   (while running)
 */
import type { GetCommandInput, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { VoteSettleJob } from '../../ideas/model';
import { readItem, type StoredItem } from '../attributes';
import type { ListRef } from '../cursor';
import { getItem, indexList, indexQuery, indexes, key, type Item, type Key, type TransactItem } from '../expressions';
import { ITEM_TYPES } from './item-types';

const RUNNING = 'SETTLES#running';

export const settleJobKey = (postId: string): Key => key(`POST#${postId}`, 'VOTE-SETTLE');

const jobItem = (j: VoteSettleJob): Item => ({
  ...settleJobKey(j.postId),
  type: ITEM_TYPES.voteSettleJob,
  ...j,
  ...(j.state === 'running' ? { [indexes.byIdeasNewest.partitionKey]: RUNNING, [indexes.byIdeasNewest.sortKey]: `${j.startedAt}#${j.postId}` } : {}),
});

export function toSettleJob(item: StoredItem): VoteSettleJob {
  const read = readItem(item, ITEM_TYPES.voteSettleJob);
  return {
    postId: read.string('postId'),
    communityId: read.string('communityId'),
    direction: read.string('direction') as VoteSettleJob['direction'],
    state: read.string('state') as VoteSettleJob['state'],
    cursor: read.nullableString('cursor'),
    steps: read.number('steps'),
    settled: read.number('settled'),
    startedAt: read.string('startedAt'),
    finishedAt: read.nullableString('finishedAt'),
  };
}

export const getSettleJob = (table: string, postId: string): GetCommandInput => getItem(table, settleJobKey(postId), true);

/** Starts (or restarts, in the idea's new direction) the job: written with the status change that calls for it. */
export const startSettleJob = (table: string, job: VoteSettleJob): TransactItem => ({ Put: { TableName: table, Item: jobItem(job) } });

/** Writes the job's next state if it is still the run and step of `before`. */
export const advanceSettleJob = (table: string, before: VoteSettleJob, after: VoteSettleJob): TransactItem => ({
  Put: {
    TableName: table,
    Item: jobItem(after),
    ConditionExpression: '#state = :running AND steps = :steps AND startedAt = :startedAt AND direction = :direction',
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: { ':running': 'running', ':steps': before.steps, ':startedAt': before.startedAt, ':direction': before.direction },
  },
});

export const runningSettlesList = (): ListRef => indexList('byIdeasNewest', 'settles#running', RUNNING);

/** Running jobs, oldest first. */
export const runningSettlesQuery = (table: string, limit: number): QueryCommandInput =>
  indexQuery(table, 'byIdeasNewest', runningSettlesList(), limit, undefined, false);
