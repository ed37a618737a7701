/**
 * Merge job: idea X merged into Y (or the merge undone) moving X's voters' votes a page at a time.
 * Each step is one transaction that moves a page of votes, adjusts Y's tally and advances `cursor`
 * on the condition that it is still where the step started: a step retried after a crash or run
 * twice concurrently commits once, so no vote is lost or counted twice. A running job is listed
 * (byIdeasNewest) for the worker that finishes large merges; a finished one leaves the list.
 *
 *   pk POST#<fromPostId>   sk MERGE
 *   byIdeasNewest  MERGES#running / <startedAt>#<fromPostId>   (while running)
 */
import type { GetCommandInput, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { MergeJob } from '../../ideas/model';
import { readItem, type StoredItem } from '../attributes';
import type { ListRef } from '../cursor';
import { getItem, indexList, indexQuery, indexes, key, PK, type Item, type Key, type TransactItem } from '../expressions';
import { ITEM_TYPES } from './item-types';

const RUNNING = 'MERGES#running';

export const mergeJobKey = (fromPostId: string): Key => key(`POST#${fromPostId}`, 'MERGE');

const jobItem = (j: MergeJob): Item => ({
  ...mergeJobKey(j.fromPostId),
  type: ITEM_TYPES.mergeJob,
  ...j,
  ...(j.state === 'running' ? { [indexes.byIdeasNewest.partitionKey]: RUNNING, [indexes.byIdeasNewest.sortKey]: `${j.startedAt}#${j.fromPostId}` } : {}),
});

export function toMergeJob(item: StoredItem): MergeJob {
  const read = readItem(item, ITEM_TYPES.mergeJob);
  return {
    fromPostId: read.string('fromPostId'),
    intoPostId: read.string('intoPostId'),
    communityId: read.string('communityId'),
    direction: read.string('direction') as MergeJob['direction'],
    state: read.string('state') as MergeJob['state'],
    cursor: read.nullableString('cursor'),
    steps: read.number('steps'),
    moved: read.number('moved'),
    duplicates: read.number('duplicates'),
    startedAt: read.string('startedAt'),
    finishedAt: read.nullableString('finishedAt'),
    actorId: read.string('actorId'),
    statusBefore: read.string('statusBefore') as MergeJob['statusBefore'],
  };
}

export const getMergeJob = (table: string, fromPostId: string): GetCommandInput => getItem(table, mergeJobKey(fromPostId), true);

/**
 * Starts a job: a merge when X has none or its last one was undone; an undo when its merge is done.
 * `previous`: the job there now (null: none), which must be unchanged.
 */
export const startMergeJob = (table: string, job: MergeJob, previous: MergeJob | null): TransactItem => ({
  Put: {
    TableName: table,
    Item: jobItem(job),
    ...(previous
      ? {
          ConditionExpression: '#state = :done AND direction = :direction AND startedAt = :startedAt',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':done': 'done', ':direction': previous.direction, ':startedAt': previous.startedAt },
        }
      : { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': PK } }),
  },
});

/** Writes the job's next state if its cursor and step count are still those of `before`. */
export function advanceMergeJob(table: string, before: MergeJob, after: MergeJob): TransactItem {
  return {
    Put: {
      TableName: table,
      Item: jobItem(after),
      ConditionExpression: '#state = :running AND steps = :steps',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':running': 'running', ':steps': before.steps },
    },
  };
}

export const runningMergesList = (): ListRef => indexList('byIdeasNewest', 'merges#running', RUNNING);

/** Running jobs, oldest first. */
export const runningMergesQuery = (table: string, limit: number): QueryCommandInput =>
  indexQuery(table, 'byIdeasNewest', runningMergesList(), limit, undefined, false);
