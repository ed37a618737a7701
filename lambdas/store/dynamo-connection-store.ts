/** The live connections table behind the ConnectionStore port (lambdas/store/entities/live-connection.ts). */
import { DeleteCommand, PutCommand, QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Group } from '../domain/caller';
import type { ConnectionStore, LiveConnection } from '../live/ports';
import { deleteConnection, groupConnectionsQuery, memberConnectionsQuery, putConnection, toConnection } from './entities/live-connection';

export function createDynamoConnectionStore(client: DynamoDBDocumentClient, table: string): ConnectionStore {
  // Eventually consistent: a socket opened a moment ago may miss one push, at half the read's price.
  const all = async (query: (startKey?: Record<string, unknown>) => QueryCommandInput): Promise<LiveConnection[]> => {
    const connections: LiveConnection[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await client.send(new QueryCommand(query(startKey)));
      connections.push(...(page.Items ?? []).map(toConnection));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return connections;
  };
  return {
    async add(connection) {
      await Promise.all(putConnection(table, connection).map((input) => client.send(new PutCommand(input))));
    },
    async remove(connection) {
      await Promise.all(deleteConnection(table, connection).map((input) => client.send(new DeleteCommand(input))));
    },
    ofMember: (memberId) => all((startKey) => memberConnectionsQuery(table, memberId, startKey)),
    ofGroup: (group: Group) => all((startKey) => groupConnectionsQuery(table, group, startKey)),
  };
}
