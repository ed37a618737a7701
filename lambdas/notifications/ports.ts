/**
 * What the notifications use cases need from the outside world, as plain TypeScript: the facts an
 * event is judged on, follows, the inbox, the queue that carries fan-out pages, and the live push.
 * The DynamoDB and SQS adapters implement these (lambdas/store/dynamo-notification-store.ts,
 * lambdas/composition/notifier.ts); unit tests pass anything that does.
 */
import type { Page, PageRequest } from '../domain/ports';
import type { LivePush } from '../live/ports';
import type { Follow, FollowTarget, Notification, NotificationPreferences } from './model';

/** A domain event as the notifier reads it (the lake's envelope, in camelCase, only what it needs). */
export interface NotifierEvent {
  /** The stream record's id: the same on every redelivery. */
  readonly eventId: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly actorId: string | null;
  readonly communityId: string | null;
  readonly postId: string | null;
  readonly productIds: readonly string[];
  readonly data: Readonly<Record<string, unknown>>;
}

/** A post as the notifier judges it: read when the event is handled, not as it was when it happened. */
export interface PostFacts {
  readonly postId: string;
  readonly communityId: string;
  readonly authorId: string;
  readonly kind: string;
  readonly status: string;
  readonly title: string;
  readonly productIds: readonly string[];
  readonly ideaStatus: string | null;
}

export interface CommentFacts {
  readonly postId: string;
  readonly commentId: string;
  readonly authorId: string;
  readonly authorName: string;
  readonly status: string;
  readonly deleted: boolean;
  readonly depth: number;
  readonly parentCommentId: string | null;
}

export interface FactSource {
  getPost(postId: string): Promise<PostFacts | undefined>;
  getComment(postId: string, commentId: string): Promise<CommentFacts | undefined>;
  /** The note of the last moderation decision on a post (changes requested), or null. */
  decisionNote(postId: string): Promise<string | null>;
  /** The public note of an idea's timeline entry (`ref`: the entry a status change names), or null. */
  timelineNote(postId: string, ref: string): Promise<string | null>;
}

export interface FollowerPage {
  readonly memberIds: readonly string[];
  /** Where the next page starts; null on the last one. */
  readonly cursor: string | null;
}

export interface FollowStore {
  /** Follows (again), whatever was there: an explicit follow undoes an unfollow. */
  follow(follow: Follow): Promise<void>;
  /** A follow the system makes (author, commenter): never over an unfollow or an existing follow. */
  followUnlessDecided(follow: Follow): Promise<void>;
  /** Leaves an unfollow mark, so no later automatic follow comes back. */
  unfollow(memberId: string, target: FollowTarget, at: string): Promise<void>;
  /** Whether the member unfollowed the target. */
  unfollowed(memberId: string, target: FollowTarget): Promise<boolean>;
  listFollows(memberId: string, page: PageRequest): Promise<Page<Follow>>;
  /** One page of a target's followers (a Query of its followers index), from `cursor`. */
  followers(target: FollowTarget, limit: number, cursor: string | null): Promise<FollowerPage>;
}

/** An idea's voters, a page at a time (its vote items, by member id): an audience as large as a follower list. */
export interface VoterSource {
  voters(postId: string, limit: number, cursor: string | null): Promise<FollowerPage>;
}

/** A list a large audience is read from, a page at a time: a target's followers, or an idea's voters. */
export type AudienceSource = FollowTarget | { readonly targetType: 'idea-voters'; readonly targetId: string };

/** An entry about to be written to one member's inbox. */
export interface NewNotification extends Omit<Notification, 'read'> {
  /** Epoch seconds after which the entry expires. */
  readonly expiresAt: number;
  /** The member whose action caused it, when a member's: their erasure deletes the entry (its summary names them). */
  readonly causedBy?: string | undefined;
}

export type ReadRequest = { readonly ids: readonly string[] } | { readonly upTo: string };

export interface InboxStore {
  /**
   * Writes the entry and counts it unread, in one transaction, unless an entry with its id is
   * already there: answers false then (a redelivery), and nothing changes.
   */
  add(memberId: string, entry: NewNotification): Promise<boolean>;
  /**
   * The same for many members at once (a fan-out page: few requests, each a transaction of many
   * entries); answers the members whose entry this call wrote.
   */
  addMany(entries: readonly { readonly memberId: string; readonly entry: NewNotification }[]): Promise<readonly string[]>;
  list(memberId: string, unreadOnly: boolean, page: PageRequest): Promise<Page<Notification>>;
  unreadCount(memberId: string): Promise<number>;
  /** Marks unread entries read (each at most once, whatever runs concurrently); answers how many this call marked. */
  markRead(memberId: string, request: ReadRequest, at: string): Promise<number>;
  preferences(memberId: string): Promise<NotificationPreferences>;
  /** Several members' preferences at once (a fan-out page). */
  preferencesOf(memberIds: readonly string[]): Promise<ReadonlyMap<string, NotificationPreferences>>;
  savePreferences(memberId: string, preferences: NotificationPreferences): Promise<void>;
}

/** The rest of a large audience: one page of one follower list, carried by the notifications queue itself. */
export interface FanOutPage {
  readonly event: NotifierEvent;
  readonly type: string;
  readonly source: AudienceSource;
  readonly cursor: string;
  /** Members already notified directly for this cause (the post's author, the parent comment's). */
  readonly exclude: readonly string[];
}

export interface PageQueue {
  send(page: FanOutPage): Promise<void>;
}

export interface NotifierDeps {
  readonly facts: FactSource;
  readonly follows: FollowStore;
  readonly voters: VoterSource;
  readonly inbox: InboxStore;
  readonly pages: PageQueue;
  readonly clock: () => Date;
  /** Pushes new entries to the recipient's open sockets (lambdas/live/); absent: nothing is pushed (the entry is in the inbox either way). */
  readonly live?: LivePush;
  /** Followers read and notified per invocation, per list. */
  readonly pageSize: number;
}

export interface FollowsDeps {
  readonly follows: FollowStore;
  /** Whether the caller may see the target (a published post, an existing community); products always exist. */
  readonly targets: { exists(target: FollowTarget): Promise<boolean> };
  readonly clock: () => Date;
}

export interface InboxDeps {
  readonly inbox: InboxStore;
  readonly clock: () => Date;
}
