/**
 * What the analytics use cases need from the outside world, as plain TypeScript. The SQS and S3
 * adapters (lambdas/analytics/sqs-event-queue.ts, s3-lake-store.ts) implement these; tests pass anything that does,
 * including a lake that fails on purpose.
 */

/** An item for the analytics queue: `id` is ours (an event id), `body` its JSON. */
export interface OutgoingMessage {
  readonly id: string;
  readonly body: string;
  /** What a topic's subscribers filter on (a domain event's type and community); a queue ignores it. */
  readonly routing?: { readonly type: string; readonly community: string | null };
}

export interface EventQueue {
  /**
   * Sends every item, packed many to a message; answers the ids of those the queue did not take
   * (none: all sent). Items packed together are taken or refused together.
   */
  send(messages: readonly OutgoingMessage[]): Promise<readonly string[]>;
}

export interface LakeStore {
  /** Stores `body` under `key`, replacing any object there; resolves once it is durable. */
  put(key: string, body: Uint8Array, contentType: string): Promise<void>;
}

/** An object of the lake, as a listing gives it. */
export interface LakeObject {
  readonly key: string;
  readonly bytes: number;
}

/** What compaction needs of the lake on top of writing: listing, reading back and deleting. */
export interface CompactableLake extends LakeStore {
  /** Every object under `prefix`, in key order. */
  list(prefix: string): Promise<readonly LakeObject[]>;
  get(key: string): Promise<Uint8Array>;
  /** Deletes `keys` (absent keys are no error). */
  delete(keys: readonly string[]): Promise<void>;
}

export interface CompactorDeps {
  readonly lake: CompactableLake;
  readonly clock: () => Date;
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

/** What a client event is checked against: the post it names, as the table holds it. */
export interface PostFacts {
  readonly postId: string;
  readonly communityId: string;
  readonly status: string;
  /** The products the post links (a click must name one of them). */
  readonly productIds: readonly string[];
}

export interface PostDirectory {
  /**
   * The named posts, read together (one BatchGetItem for up to 100 ids). A post that does not exist
   * is in neither list; `unread` holds the ids that could not be read this time (throttling, an
   * outage): their events may be sent again.
   */
  factsOf(postIds: readonly string[]): Promise<{ readonly found: readonly PostFacts[]; readonly unread: readonly string[] }>;
}

/** POST /v1/events: queues like the publisher, and checks events against the posts they name. */
export interface ClientEventDeps extends PublisherDeps {
  readonly posts: PostDirectory;
}

/** The members' pseudonym keys (their state items): what the lake's member ids are derived from. */
export interface PseudonymKeys {
  /** Each member's key (base64) that still exists; an erased member has none. Read per batch, never cached. */
  keysOf(memberIds: readonly string[]): Promise<ReadonlyMap<string, string>>;
}

export interface ArchiverDeps {
  readonly lake: LakeStore;
  readonly clock: () => Date;
  /**
   * Where actor ids become pseudonyms (lambdas/analytics/pseudonyms.ts). The archiver's composition
   * always gives it; tests of batching alone may leave it out, and then ids pass unchanged.
   */
  readonly pseudonyms?: PseudonymKeys;
}
