/** Reads items by key in BatchGets of 100, asking again for what DynamoDB left unprocessed (bounded). */
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Key } from './expressions';

const BATCH = 100;
const MAX_ROUNDS = 8;

export async function batchGet(client: DynamoDBDocumentClient, table: string, keys: readonly Key[], consistent = false): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  for (let i = 0; i < keys.length; i += BATCH) {
    let request: Record<string, { Keys: Key[]; ConsistentRead: boolean }> | undefined = {
      [table]: { Keys: keys.slice(i, i + BATCH) as Key[], ConsistentRead: consistent },
    };
    for (let round = 0; request && Object.keys(request).length > 0; round++) {
      if (round >= MAX_ROUNDS) throw new Error(`BatchGetItem left keys unprocessed after ${MAX_ROUNDS} rounds`);
      const out = await client.send(new BatchGetCommand({ RequestItems: request }));
      found.push(...(out.Responses?.[table] ?? []));
      request = out.UnprocessedKeys as typeof request;
    }
  }
  return found;
}
