/**
 * Sends a transaction, retrying it when DynamoDB cancelled it only because another transaction was
 * changing one of its items at that moment (`TransactionConflict`). Counters that many transitions
 * share (lambdas/store/entities/queue-stats.ts) make such conflicts expected under concurrency; a
 * cancelled transaction wrote nothing, so sending it again is safe, and its conditions still hold it.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type DynamoDBDocumentClient, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';

const MAX_ATTEMPTS = 8;
const BASE_DELAY_MS = 10;

const onlyConflicts = (error: unknown): boolean =>
  error instanceof TransactionCanceledException &&
  (error.CancellationReasons ?? []).some((r) => r.Code === 'TransactionConflict') &&
  (error.CancellationReasons ?? []).every((r) => r.Code === 'TransactionConflict' || r.Code === 'None' || r.Code === undefined);

/** Which items of a cancelled transaction failed their condition (by position); undefined for any other error. */
export const failedConditions = (error: unknown): boolean[] | undefined =>
  error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []).map((reason) => reason.Code === 'ConditionalCheckFailed') : undefined;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `wait` is how the retry pauses (tests pass one that does not). */
export async function sendTransaction(
  client: DynamoDBDocumentClient,
  input: TransactWriteCommandInput,
  wait: (ms: number) => Promise<void> = pause,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.send(new TransactWriteCommand(input));
      return;
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !onlyConflicts(error)) throw error;
      // Full jitter: concurrent writers of one counter spread out instead of colliding again.
      await wait(Math.random() * BASE_DELAY_MS * 2 ** attempt);
    }
  }
}
