/**
 * Sends a create's transaction with its marker (lambdas/domain/once.ts), last in the transaction so
 * the positions callers read cancellation reasons by stay as they are. When the marker's condition
 * fails the request was served before: that is reported as RequestAlreadyServedError, carrying the
 * earlier marker, before any other cancellation reason is interpreted (with the marker refused,
 * the other items' conditions say nothing about this attempt).
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBDocumentClient, TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { RequestAlreadyServedError, type CreateMarker } from '../domain/once';
import { putCreateMarker, toEarlierCreate } from './entities/create-marker';
import { sendTransaction } from './transactions';

export async function sendCreate(
  client: DynamoDBDocumentClient,
  table: string,
  input: TransactWriteCommandInput,
  marker: CreateMarker | undefined,
): Promise<void> {
  if (!marker) return sendTransaction(client, input);
  const items = [...(input.TransactItems ?? []), putCreateMarker(table, marker)];
  try {
    await sendTransaction(client, { ...input, TransactItems: items });
  } catch (error) {
    const reason = error instanceof TransactionCanceledException ? error.CancellationReasons?.[items.length - 1] : undefined;
    if (reason?.Code === 'ConditionalCheckFailed' && reason.Item) {
      throw new RequestAlreadyServedError(toEarlierCreate(unmarshall(reason.Item as Parameters<typeof unmarshall>[0])));
    }
    throw error;
  }
}
