/**
 * What the local stand-ins for event source mappings (queue-poller.ts, stream-poller.ts) share: the
 * loop that polls until stopped and pauses after an error, and the reading of a handler's
 * ReportBatchItemFailures answer.
 */

export interface Poller {
  /** Ends the loop after the batch in hand; resolves when it has ended. */
  stop(): Promise<void>;
}

export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** After an error (an emulator restarting, a network blip), the loop waits this long before polling again. */
const ERROR_PAUSE_MS = 500;

export interface PollLoopOptions {
  /** One round: read, deliver what is due. Resolves to whether it delivered anything. */
  readonly poll: (isStopping: () => boolean) => Promise<'busy' | 'idle'>;
  /** Pause after an idle round. @default none (the round's own long poll waits) */
  readonly idleMs?: number;
  readonly onError?: (error: unknown) => void;
}

/** Runs `poll` round after round until stopped; an error is reported and the loop goes on. */
export function startPollLoop(options: PollLoopOptions): Poller {
  let stopping = false;
  const isStopping = () => stopping;
  const loop = (async () => {
    while (!stopping) {
      try {
        const round = await options.poll(isStopping);
        if (round === 'idle' && options.idleMs !== undefined) await pause(options.idleMs);
      } catch (error) {
        if (stopping) break;
        options.onError?.(error);
        await pause(ERROR_PAUSE_MS);
      }
    }
  })();
  return {
    async stop() {
      stopping = true;
      await loop;
    },
  };
}

/**
 * Invokes a batch handler and says which records failed: the identifiers it reported in
 * batchItemFailures, or every one of them when it threw (reported to `onError`), as the Lambda
 * service reads a ReportBatchItemFailures answer.
 */
export async function failedItems(
  invoke: () => Promise<{ batchItemFailures?: readonly { itemIdentifier: string }[] } | undefined>,
  onError?: (error: unknown) => void,
): Promise<ReadonlySet<string> | 'all'> {
  try {
    const response = await invoke();
    return new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
  } catch (error) {
    onError?.(error);
    return 'all';
  }
}
