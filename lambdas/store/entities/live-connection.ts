/**
 * An open WebSocket connection (liveConnectionsTableDesign, a table of its own): one item under the
 * member and one under each of the member's groups that receives group frames, all with the same
 * attributes, so a query of either partition returns whole connections.
 *
 *   pk MEMBER#<memberId>   sk CONN#<connectionId>   connectionId, memberId, groups, connectedAt, expiresAt
 *   pk GROUP#<group>       sk CONN#<connectionId>   (the same)
 */
import type { DeleteCommandInput, PutCommandInput, QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Group } from '../../domain/caller';
import type { LiveConnection } from '../../live/ports';
import { MalformedItemError, type StoredItem } from '../attributes';
import { liveConnectionsTableDesign as design } from '../table-design';

/** API Gateway closes every socket after 2 hours; the item outlives that by a margin, then TTL removes it. */
export const MAX_CONNECTION_SECONDS = 2 * 3600;
const TTL_MARGIN_SECONDS = 10 * 60;

/**
 * `members` is every member: a push to it would be a broadcast over one hot partition, which
 * nothing should do. Only staff groups (moderators, senior moderators, ...) are kept by group.
 */
export const keptByGroup = (group: Group): boolean => group !== 'members';

const memberPk = (memberId: string): string => `MEMBER#${memberId}`;
const groupPk = (group: Group): string => `GROUP#${group}`;
const connectionSk = (connectionId: string): string => `CONN#${connectionId}`;

/** Every partition the connection is kept under. */
const partitionsOf = (connection: LiveConnection): string[] => [memberPk(connection.memberId), ...connection.groups.filter(keptByGroup).map(groupPk)];

/** The puts that remember the connection (one per partition; the same item, so a retry overwrites itself). */
export function putConnection(table: string, connection: LiveConnection): PutCommandInput[] {
  const expiresAt = Math.floor(new Date(connection.connectedAt).getTime() / 1000) + MAX_CONNECTION_SECONDS + TTL_MARGIN_SECONDS;
  return partitionsOf(connection).map((pk) => ({
    TableName: table,
    Item: {
      [design.partitionKey]: pk,
      [design.sortKey]: connectionSk(connection.connectionId),
      connectionId: connection.connectionId,
      memberId: connection.memberId,
      groups: [...connection.groups],
      connectedAt: connection.connectedAt,
      [design.timeToLiveAttribute]: expiresAt,
    },
  }));
}

/** The deletes that forget the connection everywhere (a delete of a missing item succeeds). */
export const deleteConnection = (table: string, connection: LiveConnection): DeleteCommandInput[] =>
  partitionsOf(connection).map((pk) => ({ TableName: table, Key: { [design.partitionKey]: pk, [design.sortKey]: connectionSk(connection.connectionId) } }));

const partitionQuery = (table: string, pk: string, startKey?: Record<string, unknown>): QueryCommandInput => ({
  TableName: table,
  KeyConditionExpression: '#pk = :pk',
  ExpressionAttributeNames: { '#pk': design.partitionKey },
  ExpressionAttributeValues: { ':pk': pk },
  ...(startKey ? { ExclusiveStartKey: startKey } : {}),
});

/** A member's open connections (a few: one per device). */
export const memberConnectionsQuery = (table: string, memberId: string, startKey?: Record<string, unknown>): QueryCommandInput =>
  partitionQuery(table, memberPk(memberId), startKey);

/** The open connections of a group's members. */
export const groupConnectionsQuery = (table: string, group: Group, startKey?: Record<string, unknown>): QueryCommandInput =>
  partitionQuery(table, groupPk(group), startKey);

export function toConnection(item: StoredItem): LiveConnection {
  const { connectionId, memberId, groups, connectedAt } = item;
  if (typeof connectionId !== 'string' || typeof memberId !== 'string' || typeof connectedAt !== 'string' || !Array.isArray(groups)) {
    throw new MalformedItemError(
      `connection item ${String(item[design.partitionKey])}/${String(item[design.sortKey])} lacks connectionId, memberId, groups or connectedAt`,
    );
  }
  return { connectionId, memberId, groups: groups.filter((g): g is Group => typeof g === 'string'), connectedAt };
}
