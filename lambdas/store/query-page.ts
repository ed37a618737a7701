/** One page of one list: a Query from the cursor's position, answered with the next cursor. */
import { QueryCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Page, PageRequest } from '../domain/ports';
import { decodeCursor, encodeCursor, type ListRef, type StartKey } from './cursor';

export async function queryPage<T>(
  client: DynamoDBDocumentClient,
  list: ListRef,
  request: PageRequest,
  build: (limit: number, start?: StartKey) => QueryCommandInput,
  map: (item: Record<string, unknown>) => T,
): Promise<Page<T>> {
  const out = await client.send(new QueryCommand(build(request.limit, decodeCursor(list, request.cursor))));
  return { items: (out.Items ?? []).map(map), nextCursor: encodeCursor(list, out.LastEvaluatedKey) };
}
