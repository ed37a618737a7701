/**
 * What the domain needs from storage, as plain TypeScript. The DynamoDB adapter
 * (lambdas/store/dynamo-store.ts) implements these; unit tests can pass anything that does.
 */
import type { ResponsePolicy } from '../api/desk-schemas';
import type { AuditEntry, ModerationPolicy } from '../api/moderation-schemas';
import type { Comment, Community, Post, PostKind, PostRevision, Reaction } from '../api/schemas';
import type { ItemWrite, ModerationPlan, PlanPart } from '../moderation/plan';
import type { QueueItem } from '../moderation/queue';
import type { ReporterStanding } from '../moderation/report-weight';
import type { StatsCounters } from '../moderation/stats';
import type { DeskRecord, DeskWrite } from '../desk/desk-item';
import type { DeskCounters, DeskDaySummary, DeskHourSummary } from '../desk/stats';
import type { MemberStore } from '../members/ports';
import type { BrandReplyOutcome, BrandReplyRecord, BrandReplyWrite } from '../posts/brand-reply';
import type { CreateMarker, ServedRequests } from './once';

export interface PageRequest {
  readonly limit: number;
  /** Opaque cursor from a previous page of the same list. */
  readonly cursor?: string | undefined;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

/** A stored post: the API's Post plus what only the store and the rules need. */
export type PostRecord = Post;

export interface ProductSummary {
  readonly reviewCount: number;
  readonly ratingSum: number;
}

/** A stored community: what the API shows, and its moderation and response policies, which it never shows members. */
export type CommunityRecord = Community & { readonly moderationPolicy?: ModerationPolicy; readonly responsePolicy?: ResponsePolicy };

export interface CommunityStore {
  /**
   * Throws ConflictError if the id is taken; with a `marker`, RequestAlreadyServedError if the marker
   * was already written (lambdas/domain/once.ts), whatever else has changed since.
   */
  createCommunity(community: Community, marker?: CreateMarker): Promise<void>;
  getCommunity(communityId: string): Promise<CommunityRecord | undefined>;
  listCommunities(page: PageRequest): Promise<Page<Community>>;
}

export type EditOutcome =
  | { readonly result: 'updated'; readonly post: PostRecord }
  | { readonly result: 'stale'; readonly current: PostRecord }
  | { readonly result: 'missing' };

/** What screening adds to the write of new or edited content, in the same transaction. */
export interface ScreeningWrites {
  /** A queue item to create or update (held content). */
  readonly item?: ItemWrite;
  /** Remember the text for a day (repeated-content rule). */
  readonly fingerprint?: { readonly memberId: string; readonly hash: string; readonly expiresAt: number };
  /** Count the post towards its author's posts in the community (new-member rule). */
  readonly countAuthorPost?: boolean;
  /** A desk item entering (published content that needs a staff reaction) or answered (an official comment). */
  readonly desk?: DeskWrite;
  /** Count one more approved contribution of the author (trust levels): content published at once. */
  readonly countApproved?: boolean;
}

export interface PostStore {
  /**
   * Writes the post, its product links, review summaries and screening records together; fails if
   * the community vanished. With a `marker`, RequestAlreadyServedError if the marker was already written.
   */
  createPost(post: PostRecord, screening?: ScreeningWrites, marker?: CreateMarker): Promise<void>;
  /** Strongly consistent by default (edits, counts after a write); `eventual` halves the read where staleness cannot matter. */
  getPost(postId: string, read?: { readonly eventual?: boolean }): Promise<PostRecord | undefined>;
  /**
   * Replaces the editable fields if the stored version is still `previous.version`, keeping
   * `previous` as a revision, all in one transaction.
   */
  editPost(previous: PostRecord, next: PostRecord, screening?: ScreeningWrites): Promise<EditOutcome>;
  /** Writes the tombstone the domain built if the stored post is still at `previous.version`; keeps no revision. `deletedBy`: the author or a moderator. */
  deletePost(previous: PostRecord, tombstone: PostRecord, deletedBy: string): Promise<EditOutcome>;
  /** Writes the question's next version (its accepted answer) if still at `previous.version`, with what the desk writes alongside. */
  setAcceptedAnswer(previous: PostRecord, next: PostRecord, changedBy: string, desk?: DeskWrite): Promise<EditOutcome>;
  /** A community's published questions with (true) or without (false) an accepted answer, newest first. */
  answeredQuestions(communityId: string, answered: boolean, page: PageRequest): Promise<Page<PostRecord>>;
  communityFeed(communityId: string, kind: PostKind | undefined, page: PageRequest): Promise<Page<PostRecord>>;
  productFeed(productId: string, kind: PostKind | undefined, page: PageRequest): Promise<Page<PostRecord>>;
  productSummary(productId: string): Promise<ProductSummary>;
  memberFeed(memberId: string, page: PageRequest): Promise<Page<PostRecord>>;
  revisions(postId: string, page: PageRequest): Promise<Page<PostRevision>>;
}

/** The brand's replies to reviews (lambdas/posts/brand-reply.ts): an adapter of its own, so only the posts group carries it. */
export interface BrandReplyStore {
  /** A review's brand reply as stored (a withdrawn one as its tombstone), strongly consistent. */
  getBrandReply(postId: string): Promise<BrandReplyRecord | undefined>;
  /** Writes the reply, the review's copy and official count, and the desk's first reaction together, or nothing (the outcome says which condition failed). */
  writeBrandReply(write: BrandReplyWrite): Promise<BrandReplyOutcome>;
}

export interface CommentStore {
  /**
   * Writes the comment and bumps the post's count; `missing` if the post or parent is gone;
   * `desk-moved` (nothing written) if the desk item in `screening.desk` is no longer at the version
   * its write was built on. With a `marker`, RequestAlreadyServedError if the marker was already written.
   */
  createComment(
    comment: Comment,
    on: Pick<Post, 'communityId' | 'productIds'>,
    screening?: ScreeningWrites,
    marker?: CreateMarker,
  ): Promise<'created' | 'missing' | 'desk-moved'>;
  getComment(postId: string, commentId: string): Promise<Comment | undefined>;
  listComments(postId: string, page: PageRequest): Promise<Page<Comment>>;
  /** Tombstones the comment (if not already) and decrements the post's count. */
  deleteComment(comment: Comment, deletedAt: string, deletedBy: string): Promise<void>;
}

/** Whether the request changed anything (a repeat does not), and the post's count after it. */
export interface ReactionChange {
  readonly changed: boolean;
  readonly count: number;
}

export interface ReactionStore {
  /** Adds the member's reaction once; returns whether it was new and the post's count after. */
  addReaction(postId: string, reaction: Reaction, memberId: string, at: string): Promise<ReactionChange | 'missing'>;
  /** Takes the member's reaction back if they had it; the post's count after. */
  removeReaction(postId: string, reaction: Reaction, memberId: string, at: string): Promise<ReactionChange | 'missing'>;
}

export interface RateKey {
  /** What is counted: `post`, `comment`, `report`, `event`. */
  readonly action: string;
  /** Where it is counted: a community id, or `all` for a limit across communities. */
  readonly scope: string;
  readonly memberId: string;
}

export interface RateLimiter {
  /**
   * Spends `cost` units (default 1) of the member's allowance of `limit` units per `windowSeconds`,
   * over a sliding window: a bucket of `limit` units refilled evenly over the window (GCRA), so no
   * window edge lets a second burst through. Refuses what would overdraw it, saying how many seconds
   * until it would fit.
   */
  consume(
    key: RateKey,
    limit: number,
    windowSeconds: number,
    now: Date,
    cost?: number,
  ): Promise<{ readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number }>;
}

export interface QueueFilters {
  readonly priority?: string | undefined;
  readonly communityId?: string | undefined;
  readonly kind?: string | undefined;
  readonly reason?: string | undefined;
}

export interface ModerationStore {
  getQueueItem(itemId: string): Promise<QueueItem | undefined>;
  /**
   * Commits every write of the plan (and the create's `marker`) or none; says which part's
   * precondition failed, or throws RequestAlreadyServedError if the marker was already written.
   */
  commit(plan: ModerationPlan, marker?: CreateMarker): Promise<{ readonly ok: true } | { readonly ok: false; readonly failed: PlanPart }>;
  /** Open items whose lease is not live, most urgent first, a page at a time (bounded by the caller). */
  claimCandidates(queue: 'pending' | 'escalated', now: string, communityId?: string): AsyncIterable<QueueItem>;
  listQueueItems(status: string, filters: QueueFilters, page: PageRequest): Promise<Page<QueueItem>>;
  /**
   * The counters the stats are computed from: the backlog, open items due from `hour` (YYYY-MM-DDTHH)
   * on (by hour up to `lastDueDay`, by minute within `hour`), the oldest waiting item and the
   * decision summaries of `days` (YYYY-MM-DD). A few small items, whatever the backlog.
   */
  statsCounters(query: { readonly hour: string; readonly lastDueDay: string; readonly days: readonly string[] }): Promise<StatsCounters>;
  auditOfItem(itemId: string, page: PageRequest): Promise<Page<AuditEntry>>;
  auditOfModerator(moderatorId: string, page: PageRequest): Promise<Page<AuditEntry>>;
  memberPostCount(memberId: string, communityId: string): Promise<number>;
  /** What the table records about the member in the community (eventually consistent: 0.5 RRU). */
  reporterStanding(memberId: string, communityId: string): Promise<ReporterStanding>;
  hasFingerprint(memberId: string, hash: string, now: Date): Promise<boolean>;
  getPolicy(communityId: string): Promise<ModerationPolicy | undefined>;
  /** Throws NotFoundError when the community does not exist. */
  putPolicy(communityId: string, policy: ModerationPolicy): Promise<void>;
}

/** What working one item needs of the queue (leases, decisions, sanction appeals): no lists, no stats, no content. */
export type ModerationQueue = Pick<ModerationStore, 'getQueueItem' | 'commit' | 'getPolicy'>;

export interface DeskFilters {
  readonly communityId?: string | undefined;
  readonly kind?: string | undefined;
  /** true: due time passed; false: not yet due. */
  readonly overdue?: boolean | undefined;
}

export interface DeskStore {
  getDeskItem(itemId: string): Promise<DeskRecord | undefined>;
  /** Writes the item (and the counters it changes) if its guard holds; false when the guard refused it. */
  commit(write: DeskWrite): Promise<boolean>;
  /** Open items whose lease is not live, most overdue first, a page at a time (bounded). */
  claimCandidates(now: string, communityId?: string): AsyncIterable<DeskRecord>;
  listOpen(filters: DeskFilters, now: string, page: PageRequest): Promise<Page<DeskRecord>>;
  /** The counters of one community's stats: backlog, due times from `hour` to `lastDueDay`, oldest waiting, the response summaries of `days`. */
  statsCounters(query: {
    readonly communityId: string;
    readonly hour: string;
    readonly lastDueDay: string;
    readonly days: readonly string[];
  }): Promise<DeskCounters>;
  /** The response summaries of `days` (YYYY-MM-DD) and of the hours from `fromHour` to `toHour` (YYYY-MM-DDTHH). */
  sloCounters(query: {
    readonly communityId: string;
    readonly days: readonly string[];
    readonly fromHour: string;
    readonly toHour: string;
  }): Promise<{ readonly days: readonly DeskDaySummary[]; readonly hours: readonly DeskHourSummary[] }>;
  getResponsePolicy(communityId: string): Promise<ResponsePolicy | undefined>;
  /** Throws NotFoundError when the community does not exist. */
  putResponsePolicy(communityId: string, policy: ResponsePolicy): Promise<void>;
}

/** Everything a use case may need, passed in by the handler (or a CLI, or a test). */
export interface ChorusDeps {
  readonly communities: CommunityStore;
  readonly posts: PostStore;
  readonly comments: CommentStore;
  readonly reactions: ReactionStore;
  readonly rateLimiter: RateLimiter;
  readonly moderation: ModerationStore;
  readonly desk: DeskStore;
  /** Markers of served creates (exactly-once creates, lambdas/domain/once.ts). */
  readonly requests: ServedRequests;
  readonly clock: () => Date;
  /** Members' states and sanctions: the moderation group's, for a decision that also sanctions the author. */
  readonly members?: MemberStore;
  /** The brand's replies to reviews: the posts group's. */
  readonly brandReplies?: BrandReplyStore;
}
