import { failedItems, startPollLoop, type Poller } from '../../../local/poll-loop';

describe("reading a batch handler's answer", () => {
  it('fails the items the handler reported in batchItemFailures', async () => {
    const failed = await failedItems(async () => ({ batchItemFailures: [{ itemIdentifier: 'b' }] }));
    expect(failed).toEqual(new Set(['b']));
  });

  it('fails nothing when the handler reports nothing', async () => {
    expect(await failedItems(async () => undefined)).toEqual(new Set());
  });

  it('fails every item when the handler throws, and reports the error', async () => {
    const errors: unknown[] = [];
    const boom = new Error('boom');
    const failed = await failedItems(
      async () => {
        throw boom;
      },
      (error) => errors.push(error),
    );
    expect(failed).toBe('all');
    expect(errors).toEqual([boom]);
  });
});

describe('the poll loop', () => {
  it('polls round after round and ends after the round in hand once stopped', async () => {
    let rounds = 0;
    let stopped: Promise<void> | undefined;
    const poller: Poller = startPollLoop({
      poll: async (isStopping) => {
        rounds += 1;
        if (rounds === 3) stopped = poller.stop();
        expect(isStopping()).toBe(rounds === 3);
        return 'busy';
      },
    });

    await new Promise<void>((resolve) => {
      const check = () => (stopped ? resolve() : setImmediate(check));
      check();
    });
    await stopped;

    expect(rounds).toBe(3);
  });
});
