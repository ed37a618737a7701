import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { sendTransaction } from '../../../lambdas/store/transactions';

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });

/** A client whose sends answer with `outcomes` in turn (an error is thrown), counting the sends. */
function clientAnswering(...outcomes: (Error | undefined)[]) {
  let sends = 0;
  const client = {
    send: async () => {
      const outcome = outcomes[sends++];
      if (outcome) throw outcome;
      return {};
    },
  } as unknown as DynamoDBDocumentClient;
  return { client, sends: () => sends };
}

const noPause = async () => {};

describe('sending a transaction', () => {
  it('sends it again when it was cancelled only by a conflict with another transaction', async () => {
    const { client, sends } = clientAnswering(cancelled('None', 'TransactionConflict'), cancelled('TransactionConflict'), undefined);
    await sendTransaction(client, { TransactItems: [] }, noPause);
    expect(sends()).toBe(3);
  });

  it('never retries a failed condition, even beside a conflict', async () => {
    const failed = cancelled('ConditionalCheckFailed', 'TransactionConflict');
    const { client, sends } = clientAnswering(failed, undefined);
    await expect(sendTransaction(client, { TransactItems: [] }, noPause)).rejects.toBe(failed);
    expect(sends()).toBe(1);
  });

  it('gives up after a bounded number of conflicts', async () => {
    const conflicts = Array.from({ length: 8 }, () => cancelled('TransactionConflict'));
    const { client, sends } = clientAnswering(...conflicts, undefined);
    await expect(sendTransaction(client, { TransactItems: [] }, noPause)).rejects.toBeInstanceOf(TransactionCanceledException);
    expect(sends()).toBe(8);
  });
});
