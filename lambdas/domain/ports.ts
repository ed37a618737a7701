/**
 * What the domain needs from storage, as plain TypeScript. The DynamoDB adapter
 * (lambdas/store/dynamo-store.ts) implements these; unit tests can pass anything that does.
 */
import type { Comment, Community, IdeaStatus, Post, PostKind, PostRevision, Reaction } from '../api/schemas';

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

export interface CommunityStore {
  /** Throws ConflictError if the id is taken. */
  createCommunity(community: Community): Promise<void>;
  getCommunity(communityId: string): Promise<Community | undefined>;
  listCommunities(page: PageRequest): Promise<Page<Community>>;
}

export type EditOutcome = { readonly result: 'updated'; readonly post: PostRecord } | { readonly result: 'stale'; readonly current: PostRecord } | { readonly result: 'missing' };

export interface PostStore {
  /** Writes the post, its product links and review summaries together; fails if the community vanished. */
  createPost(post: PostRecord): Promise<void>;
  getPost(postId: string): Promise<PostRecord | undefined>;
  /**
   * Replaces the editable fields if the stored version is still `previous.version`, keeping
   * `previous` as a revision, all in one transaction.
   */
  editPost(previous: PostRecord, next: PostRecord): Promise<EditOutcome>;
  /** Turns the post into a tombstone if it is still at `previous.version`. */
  deletePost(previous: PostRecord, deletedAt: string): Promise<EditOutcome>;
  setIdeaStatus(previous: PostRecord, status: IdeaStatus, at: string): Promise<EditOutcome>;
  communityFeed(communityId: string, kind: PostKind | undefined, page: PageRequest): Promise<Page<PostRecord>>;
  productFeed(productId: string, kind: PostKind | undefined, page: PageRequest): Promise<Page<PostRecord>>;
  productSummary(productId: string): Promise<ProductSummary>;
  memberFeed(memberId: string, page: PageRequest): Promise<Page<PostRecord>>;
  revisions(postId: string, page: PageRequest): Promise<Page<PostRevision>>;
}

export interface CommentStore {
  /** Writes the comment and bumps the post's count; `missing` if the post or parent is gone. */
  createComment(comment: Comment): Promise<'created' | 'missing'>;
  getComment(postId: string, commentId: string): Promise<Comment | undefined>;
  listComments(postId: string, page: PageRequest): Promise<Page<Comment>>;
  /** Tombstones the comment (if not already) and decrements the post's count. */
  deleteComment(comment: Comment, deletedAt: string): Promise<void>;
}

export interface ReactionStore {
  /** Adds the member's reaction once; returns whether it was new and the post's count after. */
  addReaction(postId: string, reaction: Reaction, memberId: string, at: string): Promise<{ readonly added: boolean; readonly count: number } | 'missing'>;
  removeReaction(postId: string, reaction: Reaction, memberId: string): Promise<{ readonly removed: boolean; readonly count: number } | 'missing'>;
}

export interface RateKey {
  /** What is counted: `post`, `comment`. */
  readonly action: string;
  /** Where it is counted: a community id. */
  readonly scope: string;
  readonly memberId: string;
}

export interface RateLimiter {
  /**
   * Counts one action in the current fixed window; refuses it past `limit`. Answers how many
   * seconds until the window ends when refused.
   */
  consume(key: RateKey, limit: number, windowSeconds: number, now: Date): Promise<{ readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number }>;
}

/** Everything a use case may need, passed in by the handler (or a CLI, or a test). */
export interface ChorusDeps {
  readonly communities: CommunityStore;
  readonly posts: PostStore;
  readonly comments: CommentStore;
  readonly reactions: ReactionStore;
  readonly rateLimiter: RateLimiter;
  readonly clock: () => Date;
}
