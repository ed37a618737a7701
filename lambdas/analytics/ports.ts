/**
 * What the analytics use cases need from the outside world, as plain TypeScript. The SQS and S3
 * adapters (lambdas/analytics/sqs-event-queue.ts, s3-lake-store.ts) implement these; tests pass anything that does,
 * including a lake that fails on purpose.
 */

/** A message for the analytics queue: `id` is ours (an event id), `body` its JSON. */
export interface OutgoingMessage {
  readonly id: string;
  readonly body: string;
}

export interface EventQueue {
  /** Sends every message; answers the ids of those the queue did not take (none: all sent). */
  send(messages: readonly OutgoingMessage[]): Promise<readonly string[]>;
}

export interface LakeStore {
  /** Stores `body` under `key`, replacing any object there; resolves once it is durable. */
  put(key: string, body: Uint8Array, contentType: string): Promise<void>;
}

/** A message as a queue delivered it. */
export interface ReceivedMessage {
  readonly messageId: string;
  readonly body: string;
}

export interface PublisherDeps {
  readonly queue: EventQueue;
  readonly clock: () => Date;
}

export interface ArchiverDeps {
  readonly lake: LakeStore;
  readonly clock: () => Date;
}
