/**
 * Idea assignment: the team that owns an idea and its work item in that team's tracker. It lists the
 * idea on the team's queue of its status (partners read it), and moves with the idea's status.
 *
 *   pk POST#<postId>   sk ASSIGNMENT
 *   byIdeasNewest  TEAM#<team>#IDEAS#<status> / <postId>
 */
import type { BatchGetCommandInput, GetCommandInput, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Assignment, IdeaStatus } from '../../ideas/model';
import { readItem, type StoredItem } from '../attributes';
import type { ListRef, StartKey } from '../cursor';
import { getItem, indexList, indexQuery, indexes, key, type Item, type Key, type TransactItem } from '../expressions';
import { ITEM_TYPES } from './item-types';

export const assignmentKey = (postId: string): Key => key(`POST#${postId}`, 'ASSIGNMENT');
const teamPk = (team: string, status: IdeaStatus) => `TEAM#${team}#IDEAS#${status}`;

export const assignmentItem = (a: Assignment): Item => ({
  ...assignmentKey(a.postId),
  type: ITEM_TYPES.ideaAssignment,
  [indexes.byIdeasNewest.partitionKey]: teamPk(a.team, a.ideaStatus),
  [indexes.byIdeasNewest.sortKey]: a.postId,
  ...a,
});

export function toAssignment(item: StoredItem): Assignment {
  const read = readItem(item, ITEM_TYPES.ideaAssignment);
  return {
    postId: read.string('postId'),
    communityId: read.string('communityId'),
    team: read.string('team'),
    trackerRef: read.nullableString('trackerRef'),
    ideaStatus: read.string('ideaStatus') as IdeaStatus,
    assignedAt: read.string('assignedAt'),
    assignedBy: read.string('assignedBy'),
  };
}

export const getAssignment = (table: string, postId: string): GetCommandInput => getItem(table, assignmentKey(postId), true);

export const getAssignments = (table: string, postIds: readonly string[]): BatchGetCommandInput => ({
  RequestItems: { [table]: { Keys: postIds.map(assignmentKey) } },
});

/** Assigns (or reassigns) the idea. */
export const putAssignment = (table: string, a: Assignment): TransactItem => ({ Put: { TableName: table, Item: assignmentItem(a) } });

/** Moves the assignment to the team's queue of `status`, with the idea. */
export const moveAssignment = (table: string, a: Assignment, status: IdeaStatus): TransactItem => ({
  Update: {
    TableName: table,
    Key: assignmentKey(a.postId),
    UpdateExpression: 'SET #ideaStatus = :status, #ideasPk = :pk',
    ConditionExpression: '#team = :team',
    ExpressionAttributeNames: { '#ideaStatus': 'ideaStatus', '#ideasPk': indexes.byIdeasNewest.partitionKey, '#team': 'team' },
    ExpressionAttributeValues: { ':status': status, ':pk': teamPk(a.team, status), ':team': a.team },
  },
});

export const teamIdeasList = (team: string, status: IdeaStatus): ListRef => indexList('byIdeasNewest', `team#${team}#${status}`, teamPk(team, status));

/** A team's ideas of one status, newest first. */
export const teamIdeasQuery = (table: string, team: string, status: IdeaStatus, limit: number, start?: StartKey): QueryCommandInput =>
  indexQuery(table, 'byIdeasNewest', teamIdeasList(team, status), limit, start, true);
