/** The members' pseudonym keys for the archiver: their state items, read in BatchGets of 100 (eventually consistent, the key alone). */
import { BatchGetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PseudonymKeys } from '../analytics/ports';
import { memberStateKey } from './entities/member-state';

const BATCH = 100;
const MAX_ROUNDS = 8;

export function dynamoPseudonymKeys(client: DynamoDBDocumentClient, table: string): PseudonymKeys {
  return {
    async keysOf(memberIds) {
      const keys = new Map<string, string>();
      for (let i = 0; i < memberIds.length; i += BATCH) {
        let request: Record<string, { Keys: Record<string, string>[]; ProjectionExpression: string }> | undefined = {
          [table]: { Keys: memberIds.slice(i, i + BATCH).map(memberStateKey), ProjectionExpression: 'memberId, pseudonymKey' },
        };
        for (let round = 0; request && Object.keys(request).length > 0; round++) {
          if (round >= MAX_ROUNDS) throw new Error(`BatchGetItem left pseudonym keys unread after ${MAX_ROUNDS} rounds`);
          const out = await client.send(new BatchGetCommand({ RequestItems: request }));
          for (const item of out.Responses?.[table] ?? []) {
            if (typeof item.memberId === 'string' && typeof item.pseudonymKey === 'string') keys.set(item.memberId, item.pseudonymKey);
          }
          request = out.UnprocessedKeys as typeof request;
        }
      }
      return keys;
    },
  };
}
