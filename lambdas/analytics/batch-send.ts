/**
 * What the queue and the topic adapters share: packed messages grouped into batch calls within the
 * service's limits, every call sent at once, and the items of a refused message or a failed call
 * reported back (never thrown), so the producer answers them "not queued" and they come again.
 */
import { logger } from '../http/logger';
import type { PackedMessage } from './messages';

export interface BatchLimits {
  /** Entries per call (10 for SendMessageBatch and PublishBatch). */
  readonly maxEntries: number;
  /** Bytes per call, bodies and `extraBytes` per entry counted. */
  readonly maxBytes: number;
  /** What each entry adds beside its body (its message attributes). @default 0 */
  readonly extraBytes?: number;
}

/** A refused entry, as SendMessageBatch and PublishBatch report one. */
export interface RefusedEntry {
  readonly Id?: string;
  readonly Code?: string;
  readonly Message?: string;
  readonly SenderFault?: boolean;
}

/** Messages in batch calls, in their order: ≤ maxEntries entries and ≤ maxBytes each. */
export function batchesOf<M extends PackedMessage>(messages: readonly M[], limits: BatchLimits): M[][] {
  const batches: M[][] = [];
  let batch: M[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = Buffer.byteLength(message.body, 'utf8') + (limits.extraBytes ?? 0);
    if (batch.length > 0 && (batch.length === limits.maxEntries || bytes + size > limits.maxBytes)) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(message);
    bytes += size;
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/**
 * Sends every batch at once with `call`, whose entry ids are the messages' positions in their batch;
 * returns the ids of the items that did not go, and logs why, naming `destination`.
 */
export async function sendInBatches<M extends PackedMessage>(
  batches: readonly (readonly M[])[],
  destination: string,
  call: (batch: readonly M[]) => Promise<readonly RefusedEntry[] | undefined>,
): Promise<string[]> {
  const failed = await Promise.all(
    batches.map(async (batch) => {
      try {
        const refused = (await call(batch)) ?? [];
        for (const entry of refused) {
          logger.warn(`${destination} refused a message`, { code: entry.Code, reason: entry.Message, senderFault: entry.SenderFault });
        }
        return refused.flatMap((f) => batch[Number(f.Id)]!.itemIds);
      } catch (error) {
        // The producer answers these as "not queued" (the app or the stream sends them again); the why is here.
        logger.error(`sending to ${destination} failed`, { messages: batch.length, error: error as Error });
        return batch.flatMap((m) => m.itemIds);
      }
    }),
  );
  return failed.flat();
}
